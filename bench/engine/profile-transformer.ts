/**
 * Where one training step of bench:engine's Transformer goes (issue #10): the model compiled
 * from transformerDocument() exactly as the worker compiles it, trained in-process on wasm
 * with the worker's step (optimizer.minimize under tidy, Adam, batch 64). Prints a per-kernel
 * table from tf.profile (ms per step, calls per step) and the wall time of a step outside
 * the profiler, so the JS overhead between kernels shows as the difference.
 * --stock switches the Transformer fast path off (transformerFastPath(false)) to see the before.
 * Run: npx tsx bench/engine/profile-transformer.ts [--steps 10 --backend wasm --stock]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, type BackendName } from '../../electron/worker/backend';
import { registerFastPath } from '../../electron/worker/fast-path';
import { setFastPathSwitches, transformerFastPath } from '../../electron/worker/fast-path-switches';
import { compileGraph } from '../../shared/compile/compile';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { createOptimizer } from '../../shared/training/optimizers';
import { withSeededRandom } from '../../shared/layers/seed';
import { BATCH, CLASSES, TRANSFORMER, transformerDocument } from './models';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '10' }, backend: { type: 'string', default: 'wasm' }, stock: { type: 'boolean', default: false } } });
const steps = Number(values.steps);

tf.enableProdMode();
await registerFastPath();
await selectBackend(values.backend as BackendName);
if (values.stock) setFastPathSwitches(transformerFastPath(false));
const model = withSeededRandom(1, () => compileGraph(transformerDocument(), tfjsCatalog).model);
// The worker's optimizer (one-kernel Adam where it is registered), not tf.train.adam.
const optimizer = createOptimizer({ optimizer: 'adam', learningRate: 0.001, momentum: 0 });
const x = tf.randomUniform([BATCH, TRANSFORMER.steps, TRANSFORMER.dModel], 0, 1, 'float32', 1);
const y = tf.oneHot(tf.randomUniform([BATCH], 0, CLASSES, 'int32', 2), CLASSES).toFloat();

function step(): void {
  tf.tidy(() => {
    const loss = optimizer.minimize(() => tf.mean(tf.metrics.categoricalCrossentropy(y, model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, true)!;
    loss.dataSync();
  });
}

for (let i = 0; i < 3; i++) step();
const wallTimes: number[] = [];
for (let i = 0; i < steps; i++) {
  const start = performance.now();
  step();
  wallTimes.push(performance.now() - start);
}
const profile = await tf.profile(() => {
  for (let i = 0; i < steps; i++) step();
});
const byKernel = new Map<string, { ms: number; calls: number }>();
for (const k of profile.kernels) {
  const ms = await k.kernelTimeMs;
  const entry = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
  entry.ms += typeof ms === 'number' ? ms : 0;
  entry.calls++;
  byKernel.set(k.name, entry);
}
const rows = [...byKernel].sort((a, b) => b[1].ms - a[1].ms);
const kernelTotal = rows.reduce((s, [, e]) => s + e.ms, 0) / steps;
const wall = [...wallTimes].sort((a, b) => a - b)[Math.floor(steps / 2)]!;
console.log(`${values.stock ? 'stock' : 'fast'} path, backend ${tf.getBackend()}, load ${loadavg()[0]!.toFixed(2)}, batch ${BATCH}, ${steps} steps`);
console.log('kernel'.padEnd(28), 'ms/step'.padStart(8), 'calls/step'.padStart(11), '  share');
for (const [name, e] of rows)
  console.log(name.padEnd(28), (e.ms / steps).toFixed(2).padStart(8), (e.calls / steps).toFixed(0).padStart(11), `  ${((100 * e.ms) / steps / kernelTotal).toFixed(1)}%`);
const byShape = new Map<string, { ms: number; calls: number }>();
for (const k of profile.kernels) {
  if (k.name !== 'BatchMatMul' && k.name !== '_FusedMatMul') continue;
  const key = `${k.name} ${k.inputShapes.map((s) => `[${s}]`).join('·')} → [${k.outputShapes[0]}]`;
  const entry = byShape.get(key) ?? { ms: 0, calls: 0 };
  const ms = await k.kernelTimeMs;
  entry.ms += typeof ms === 'number' ? ms : 0;
  entry.calls++;
  byShape.set(key, entry);
}
console.log('\nmatrix products by shape (ms/step, calls/step)');
for (const [key, e] of [...byShape].sort((a, b) => b[1].ms - a[1].ms))
  console.log(`  ${(e.ms / steps).toFixed(2).padStart(7)} ${(e.calls / steps).toFixed(0).padStart(3)}  ${key}`);
console.log(`kernels ${kernelTotal.toFixed(1)} ms/step (${rows.reduce((s, [, e]) => s + e.calls, 0) / steps} calls); median wall step outside the profiler ${wall.toFixed(1)} ms → ${((BATCH * 1000) / wall).toFixed(0)} samples/s; JS outside kernels ≈ ${(wall - kernelTotal).toFixed(1)} ms`);
