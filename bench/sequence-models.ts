/**
 * Training samples/s of the two sequence models a course meets, ours (tfjs through the
 * worker's training loop, on the wasm backend) against the same models in PyTorch on the
 * same machine, in one run:
 * - a Transformer encoder block (d_model 64, 4 heads, feed-forward 256, GELU, post-norm)
 *   over 32 steps, mean-pooled into a 10-class softmax;
 * - LSTM(64) over 32 steps of 16 features into a 10-class softmax.
 * Batch 64, Adam, random data. PyTorch runs as /usr/bin/python3 with 2 threads.
 * Run: npm run bench:sequences [-- --seconds 5 --backend wasm]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName } from '../electron/worker/backend';
import { registerFastPath } from '../electron/worker/fast-path';
import { compileGraph } from '../shared/compile/compile';
import { createRandom, type Dataset } from '../shared/data/dataset';
import { TrainingConfigSchema } from '../shared/graph/training-config';
import { withSeededRandom } from '../shared/layers/seed';
import { tfjsCatalog } from '../shared/layers/tfjs-catalog';
import { trainModel } from '../shared/training/train';
import { BATCH, CLASSES, LSTM, TRANSFORMER, TRANSFORMER_MODEL } from './engine/models';
import { table } from './stats';

const STEPS = TRANSFORMER.steps;

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    backend: { type: 'string', default: 'wasm' },
    'no-torch': { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);

const MODELS = [
  { key: 'transformer', label: TRANSFORMER_MODEL.label, features: TRANSFORMER.dModel, doc: TRANSFORMER_MODEL.document },
  { key: 'lstm', label: LSTM.label, features: LSTM.inputShape[1]!, doc: LSTM.document },
] as const;

function randomData(features: number, samples: number): Dataset {
  const random = createRandom(samples);
  const y = new Float32Array(samples * CLASSES);
  for (let i = 0; i < samples; i++) y[i * CLASSES + Math.floor(random() * CLASSES)] = 1;
  return {
    x: Float32Array.from({ length: samples * STEPS * features }, () => random()),
    xShape: [samples, STEPS, features],
    y,
    yShape: [samples, CLASSES],
    featureNames: [],
    classNames: [],
  };
}

const config = TrainingConfigSchema.parse({ optimizer: 'adam', learningRate: 0.001, loss: 'categoricalCrossentropy', metrics: ['accuracy'], epochs: 1, batchSize: BATCH, validationSplit: 0, seed: 1 });

async function oursSamplesPerSecond(model: tf.LayersModel, features: number, backend: string): Promise<number> {
  const run = async (batches: number) => {
    const start = performance.now();
    await trainModel(model, randomData(features, batches * BATCH), config, { backend, batchEventIntervalMs: 1e9, yieldIntervalMs: 1e9 });
    return performance.now() - start;
  };
  await run(2);
  const probe = await run(2);
  const batches = Math.max(3, Math.min(300, Math.round((seconds * 1000) / (probe / 2))));
  return (batches * BATCH) / ((await run(batches)) / 1000);
}

function torchSamplesPerSecond(): Record<string, number> | string {
  const script = fileURLToPath(new URL('./sequence_models_torch.py', import.meta.url));
  const run = spawnSync('/usr/bin/python3', [script, String(seconds), '2'], { encoding: 'utf8' });
  if (run.status !== 0) return `PyTorch did not run: ${(run.stderr || run.error?.message || '').trim().split('\n').pop()}`;
  return JSON.parse(run.stdout) as Record<string, number>;
}

tf.enableProdMode();
await registerFastPath();
const backend = await selectBackend(values.backend as BackendName);
const ours: Record<string, number> = {};
for (const spec of MODELS) {
  process.stderr.write(`measuring ${spec.key} on ${backend}…\n`);
  const model = withSeededRandom(1, () => compileGraph(spec.doc(), tfjsCatalog).model);
  ours[spec.key] = await oursSamplesPerSecond(model, spec.features, backend);
  model.dispose();
}
process.stderr.write('measuring PyTorch…\n');
const torch = values['no-torch'] ? 'skipped (--no-torch)' : torchSamplesPerSecond();

console.log(`batch ${BATCH}, ~${seconds} s per measurement; Node ${process.version}, tfjs ${tf.version.tfjs} on ${backend}; load average ${loadavg()[0]!.toFixed(1)} (other work on the machine slows every figure)`);
if (typeof torch === 'string') console.log(torch);
else console.log(`PyTorch ${torch.torch} on 2 threads`);
console.log(
  table([
    ['model', `ours (${backend}) samples/s`, 'PyTorch samples/s', 'ours / PyTorch'],
    ...MODELS.map((m) => {
      const theirs = typeof torch === 'string' ? undefined : torch[m.key];
      return [m.label, ours[m.key]!.toFixed(0), theirs === undefined ? '—' : theirs.toFixed(0), theirs === undefined ? '—' : (ours[m.key]! / theirs).toFixed(3)];
    }),
  ]),
);
