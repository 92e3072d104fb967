/**
 * The DCGAN template's quality figure (issue #18): trains examples/dcgan-mnist.nnd.json's
 * default run as the training worker does (electron/worker/gan-template-run.ts), then has a
 * LeNet-5 trained on the built-in MNIST digits read 100 samples of the trained generator
 * (bench/digit-judge.ts). The bar: mean top-class probability ≥ 0.8 and at least 8 of the
 * 10 digits present, within a default run of at most 15 minutes on 2 cores.
 * The figure is the first sample seed's; the others show how much it moves with the noise drawn.
 * Run: npm run bench:dcgan [-- --epochs 8 --samples 100 --sample-seeds 1,2,3,4,5 --judge-epochs 6]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type * as tf from '@tensorflow/tfjs';
import { generatorSamples, trainGanTemplate } from '../electron/worker/gan-template-run';
import { DIGIT_BAR, judgeDigits, trainDigitJudge } from './digit-judge';

const TEMPLATE = 'dcgan-mnist.nnd.json';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string' },
    samples: { type: 'string', default: '100' },
    'sample-seeds': { type: 'string', default: '1,2,3,4,5' },
    'judge-epochs': { type: 'string', default: '6' },
  },
});

const load = () => loadavg()[0]!.toFixed(2);
const benchStarted = performance.now();
const loadAtStart = load();

console.log(`judge: LeNet-5 (examples/lenet5-mnist.nnd.json), ${values['judge-epochs']} epochs on 8,000 digits…`);
const judge = await trainDigitJudge(Number(values['judge-epochs']));
console.log(`judge: validation accuracy ${(judge.validationAccuracy * 100).toFixed(1)} % after ${judge.seconds.toFixed(0)} s (load ${load()})`);

const loadAtTrainStart = load();
const cpuAtTrainStart = process.cpuUsage();
const trained = await trainGanTemplate(TEMPLATE, {
  ...(values.epochs ? { training: { epochs: Number(values.epochs) } } : {}),
  onEvent: (event) => {
    if (event.type === 'ready') console.log(`${TEMPLATE}: ${event.trainSamples} real digits, ${event.epochs} epochs of ${event.batchesPerEpoch} iterations (${event.backend})`);
    if (event.type === 'epoch') {
      const logs = Object.entries(event.logs)
        .filter(([key]) => key !== 'loss')
        .map(([key, value]) => `${key} ${Number(value).toFixed(3)}`)
        .join('  ');
      console.log(`epoch ${event.epoch}: ${logs}  (${((performance.now() - benchStarted) / 1000).toFixed(0)} s since start, load ${load()})`);
    }
  },
});
const cpu = process.cpuUsage(cpuAtTrainStart);
/** CPU seconds of this process while it trained: on a quiet machine, about the wall time (the wasm backend runs one thread). */
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const { generator, discriminator } = trained.run.models;
const samplesPerSecond = (trained.data.xShape[0]! * trained.outcome.epochs) / trained.seconds;

const count = Number(values.samples);
const verdicts = values['sample-seeds'].split(',').map(Number).map((seed) => {
  const images = generatorSamples(trained, count, seed) as tf.Tensor4D;
  const verdict = judgeDigits(judge.model, images);
  images.dispose();
  return { seed, ...verdict };
});
const verdict = verdicts[0]!;

console.log();
console.log(`generator ${generator.countParams().toLocaleString('en')} parameters, discriminator ${discriminator.countParams().toLocaleString('en')}`);
console.log(`training: ${trained.outcome.epochs} epochs in ${trained.seconds.toFixed(0)} s (${(trained.seconds / 60).toFixed(1)} min), ${samplesPerSecond.toFixed(0)} real samples/s, load average ${loadAtTrainStart} → ${load()} on ${trained.outcome.backend}`);
console.log(`training took ${cpuSeconds.toFixed(0)} CPU seconds (${(cpuSeconds / 60).toFixed(1)} min, ${((trained.data.xShape[0]! * trained.outcome.epochs) / cpuSeconds).toFixed(0)} real samples per CPU second): the wall time on a quiet machine`);
console.log(`final: ${Object.entries(trained.outcome.metrics).filter(([key]) => key !== 'loss').map(([key, value]) => `${key} ${Number(value).toFixed(3)}`).join('  ')}`);
for (const v of verdicts)
  console.log(
    `judge on ${count} samples (nnd generate -n ${count} --seed ${v.seed}): mean top-class probability ${v.meanTopProbability.toFixed(3)} (bar ${DIGIT_BAR.meanTopProbability}), ` +
      `${v.classesPresent} of 10 digits present (bar ${DIGIT_BAR.classesPresent}), per digit [${v.counts.join(', ')}]`,
  );
const meanOverSeeds = verdicts.reduce((sum, v) => sum + v.meanTopProbability, 0) / verdicts.length;
console.log(`over the ${verdicts.length} seeds: mean top-class probability ${meanOverSeeds.toFixed(3)}, from ${Math.min(...verdicts.map((v) => v.meanTopProbability)).toFixed(3)} to ${Math.max(...verdicts.map((v) => v.meanTopProbability)).toFixed(3)}`);
console.log(`bench: ${((performance.now() - benchStarted) / 1000).toFixed(0)} s in all, load average ${loadAtStart} at start; ${verdict.readsAsDigits ? 'the samples read as digits' : 'BELOW THE BAR'}`);
if (!verdict.readsAsDigits) process.exitCode = 1;
