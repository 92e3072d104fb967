/**
 * Training throughput (samples per second) of our compile + training loop on each tfjs
 * backend that loads here, for three models a course meets: an MLP 784-256-128-10, a small
 * CNN (conv16-pool-conv32-pool-dense) on 28×28×1 and an LSTM(64) over 32 steps of 16
 * features. Generated data, batch 64, a few untimed warm-up batches first.
 * Run: npm run bench:train [-- --backends wasm,cpu --models mlp,cnn,lstm --seconds 4 --slow-batch-seconds 10]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, BACKENDS, type BackendName } from '../electron/worker/backend';
import { registerFastPath } from '../electron/worker/fast-path';
import { compileGraph } from '../shared/compile/compile';
import { createRandom, type Dataset } from '../shared/data/dataset';
import { TrainingConfigSchema } from '../shared/graph/training-config';
import { withSeededRandom } from '../shared/layers/seed';
import { tfjsCatalog } from '../shared/layers/tfjs-catalog';
import { trainModel } from '../shared/training/train';
import { BATCH, CLASSES, CNN, LSTM, MLP, type SampleModel } from './engine/models';
import { table } from './stats';

const WARMUP_BATCHES = 3;
const MODELS: SampleModel[] = [MLP, CNN, LSTM];

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'tensorflow,wasm,cpu' },
    models: { type: 'string', default: MODELS.map((m) => m.key).join(',') },
    seconds: { type: 'string', default: '4' },
    'slow-batch-seconds': { type: 'string', default: '10' },
  },
});
const wantedBackends = values.backends.split(',').filter((b): b is BackendName => (BACKENDS as readonly string[]).includes(b));
const wantedModels = MODELS.filter((m) => values.models.split(',').includes(m.key));
const secondsPerMeasurement = Number(values.seconds);
/** A first batch slower than this is reported as it is rather than warmed up and repeated for minutes. */
const slowBatchMs = Number(values['slow-batch-seconds']) * 1000;

/** Uniform features and random one-hot labels: throughput does not depend on what is learned. */
function generatedData(inputShape: number[], samples: number, seed: number): Dataset {
  const random = createRandom(seed);
  const features = inputShape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: samples * features }, () => random());
  const y = new Float32Array(samples * CLASSES);
  for (let i = 0; i < samples; i++) y[i * CLASSES + Math.floor(random() * CLASSES)] = 1;
  return {
    x,
    xShape: [samples, ...inputShape],
    y,
    yShape: [samples, CLASSES],
    featureNames: [],
    classNames: Array.from({ length: CLASSES }, (_, k) => `class ${k}`),
  };
}

const config = TrainingConfigSchema.parse({
  optimizer: 'adam',
  learningRate: 0.001,
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 1,
  batchSize: BATCH,
  validationSplit: 0,
  shuffle: true,
  seed: 1,
});

/** Milliseconds for one epoch of `batches` batches, through the same loop the worker runs. */
async function timeBatches(model: tf.LayersModel, spec: SampleModel, batches: number, backend: string): Promise<number> {
  const data = generatedData(spec.inputShape, batches * BATCH, batches);
  const start = performance.now();
  await trainModel(model, data, config, { backend, batchEventIntervalMs: 1e9, yieldIntervalMs: 1e9 });
  return performance.now() - start;
}

interface Row {
  model: string;
  params: number;
  backend: string;
  batches: number;
  samplesPerSecond: number;
  msPerBatch: number;
  note: string;
}

async function measure(spec: SampleModel, backend: BackendName): Promise<Row> {
  const model = withSeededRandom(1, () => compileGraph(spec.document(), tfjsCatalog).model);
  try {
    const firstMs = await timeBatches(model, spec, 1, backend);
    if (firstMs > slowBatchMs)
      return {
        model: spec.label,
        params: model.countParams(),
        backend,
        batches: 1,
        samplesPerSecond: BATCH / (firstMs / 1000),
        msPerBatch: firstMs,
        note: 'one cold batch only: too slow to warm up',
      };
    await timeBatches(model, spec, WARMUP_BATCHES - 1, backend);
    // Size the timed run from a short probe so every cell takes about the same wall time.
    const probeMs = await timeBatches(model, spec, 2, backend);
    const batches = Math.max(3, Math.min(200, Math.round((secondsPerMeasurement * 1000) / (probeMs / 2))));
    const ms = await timeBatches(model, spec, batches, backend);
    return {
      model: spec.label,
      params: model.countParams(),
      backend,
      batches,
      samplesPerSecond: (batches * BATCH) / (ms / 1000),
      msPerBatch: ms / batches,
      note: '',
    };
  } finally {
    model.dispose();
  }
}

tf.enableProdMode();
const rows: Row[] = [];
const unavailable: string[] = [];
for (const backend of wantedBackends) {
  try {
    await registerFastPath();
    await selectBackend(backend);
  } catch {
    unavailable.push(backend);
    continue;
  }
  for (const spec of wantedModels) {
    process.stderr.write(`measuring ${spec.key} on ${backend}…\n`);
    rows.push(await measure(spec, backend));
  }
}

console.log(`batch ${BATCH}, ${WARMUP_BATCHES} warm-up batches, ~${secondsPerMeasurement} s per measurement; Node ${process.version}, tfjs ${tf.version.tfjs}; load average ${loadavg()[0]!.toFixed(1)} (other work on the machine slows every figure)`);
if (unavailable.length) console.log(`not available here: ${unavailable.join(', ')}`);
console.log(
  table([
    ['model', 'params', 'backend', 'batches', 'samples/s', 'ms/batch', 'note'],
    ...rows.map((r) => [
      r.model,
      r.params.toLocaleString('en-US'),
      r.backend,
      r.batches,
      r.samplesPerSecond < 10 ? r.samplesPerSecond.toFixed(1) : r.samplesPerSecond.toFixed(0),
      r.msPerBatch.toFixed(1),
      r.note,
    ]),
  ]),
);
