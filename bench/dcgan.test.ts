import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../shared/data/dataset';
import { generatorSamples, trainGanTemplate } from '../electron/worker/gan-template-run';
import { prepareTemplate } from '../electron/worker/template-run';
import { judgeDigits, trainDigitJudge } from './digit-judge';

/**
 * The pieces of `npm run bench:dcgan` in a minute: the judge itself, and the DCGAN template
 * training as the worker trains it. The quality run (minutes) stays in the benchmark.
 */
describe('the DCGAN quality figure', () => {
  it('has a judge that reads real digits as digits and noise as no digit', async () => {
    const judge = await trainDigitJudge(2);
    const { data } = await prepareTemplate('lenet5-mnist.nnd.json');
    // The rows come sorted for a stratified split: take 100 spread over all of them.
    const rows = data.xShape[0]!;
    const digits = new Float32Array(100 * 784);
    for (let i = 0; i < 100; i++) digits.set(data.x.subarray(Math.floor((i * rows) / 100) * 784, Math.floor((i * rows) / 100) * 784 + 784), i * 784);
    const random = createRandom(7);
    const noise = Float32Array.from({ length: 100 * 784 }, () => random());
    const onDigits = judgeDigits(judge.model, tf.tensor4d(digits, [100, 28, 28, 1]));
    const onNoise = judgeDigits(judge.model, tf.tensor4d(noise, [100, 28, 28, 1]));
    const onBlank = judgeDigits(judge.model, tf.zeros([100, 28, 28, 1]) as tf.Tensor4D);
    expect(onDigits.meanTopProbability).toBeGreaterThanOrEqual(0.8);
    expect(onDigits.classesPresent).toBe(10);
    expect(onDigits.readsAsDigits).toBe(true);
    expect(onNoise.readsAsDigits).toBe(false);
    expect(onBlank.readsAsDigits).toBe(false);
  });

  it('trains the DCGAN template a few iterations with finite losses', async () => {
    const batches: { d_loss: number; g_loss: number }[] = [];
    const trained = await trainGanTemplate('dcgan-mnist.nnd.json', {
      training: { epochs: 1 },
      samples: 96,
      onEvent: (event) => {
        if (event.type === 'batch') batches.push({ d_loss: event.metrics.d_loss!, g_loss: event.metrics.g_loss! });
      },
    });
    expect(trained.outcome.epochs).toBe(1);
    expect(batches.length).toBeGreaterThan(0);
    for (const { d_loss, g_loss } of batches) {
      expect(Number.isFinite(d_loss)).toBe(true);
      expect(Number.isFinite(g_loss)).toBe(true);
    }
    const samples = generatorSamples(trained, 4, 1);
    expect(samples.shape).toEqual([4, 28, 28, 1]);
    const values = samples.dataSync();
    expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});
