/**
 * Where one training step of bench:engine's CNN goes on wasm (issue #10): the model compiled
 * from its graph document as the worker compiles it, one batch of 64 through the worker's
 * step (forward, categorical cross-entropy, gradients, Adam), in this process. Every wasm
 * kernel is wrapped with a timer; a kernel that calls another (our JS kernels call
 * BatchMatMul, Conv2D…) is charged only its own time. The table gives ms per step by phase
 * (forward / backward / optimizer) and kernel, and what the step spends outside kernels
 * (tfjs's per-op JS: the tape, tidy, shape checks, our layer code).
 * The wrapping costs a little per kernel call, so the step is also timed unwrapped.
 * Run: npx tsx bench/engine/profile-step.ts [--steps 60 --stock --ab]
 *   --stock: the stock tfjs kernels and layers where we have faster ones.
 *   --ab: only time steps, alternating blocks on the stock and the fast kernels (same model,
 *   same batches), and print the best block of each: a comparison a loaded machine skews least.
 *   --ab-kernels Identity,Cast,…: the same, but the "stock" side differs from the fast one only
 *   in the named kernels (a kernel wasm lacks, like the fused Conv2D's, is left out there).
 *   --ab-conv-gradients: the same, fast kernels on both sides, the stride-1 Conv2D input
 *   gradient as a padded convolution and the filter gradient's product whole in XNNPACK
 *   ("stock") vs conv-matmul.ts's col2im rule and chunked SIMD products ("fast").
 *   --ab-adam: the same, the one-kernel Adam update's JS loop ("stock") vs its wasm pass ("fast").
 */
import * as tf from '@tensorflow/tfjs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { selectBackend } from '../../electron/worker/backend';
import { registerFastPath } from '../../electron/worker/fast-path';
import { setFastPathSwitches } from '../../electron/worker/fast-path-switches';
import { compileGraph } from '../../shared/compile/compile';
import { createRandom } from '../../shared/data/dataset';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { lossFunction } from '../../shared/training/objectives';
import { createOptimizer } from '../../shared/training/optimizers';
import { seedMathRandom } from '../../shared/layers/seed';
import { table } from '../stats';
import { BATCH, CLASSES, CNN } from './models';

/** The CNN's fast path: the conv/pool kernels and the buffer-sharing Identity and Cast. */
function useFastConvKernels(enabled: boolean): void {
  setFastPathSwitches({ fastConvKernels: enabled, sharingIdentity: enabled });
}

const { values } = parseArgs({
  options: { steps: { type: 'string', default: '60' }, stock: { type: 'boolean', default: false }, ab: { type: 'boolean', default: false }, 'ab-kernels': { type: 'string' }, 'ab-conv-gradients': { type: 'boolean', default: false }, 'ab-adam': { type: 'boolean', default: false } },
});
const steps = Math.max(5, Number(values.steps));

await registerFastPath();
await selectBackend('wasm');
if (values.stock) useFastConvKernels(false);
seedMathRandom(1);
const { model } = compileGraph(CNN.document(), tfjsCatalog);
const optimizer = createOptimizer({ optimizer: 'adam', learningRate: 0.001, momentum: 0 });
const lossFn = lossFunction('categoricalCrossentropy');

const random = createRandom(3);
const features = CNN.inputShape.reduce((a, b) => a * b, 1);
const samples = BATCH * 4;
const x = tf.tensor(Float32Array.from({ length: samples * features }, () => random()), [samples, ...CNN.inputShape]);
const labels = Int32Array.from({ length: samples }, () => Math.floor(random() * CLASSES));
const y = tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES).toFloat();

type Phase = 'forward' | 'backward' | 'optimizer' | 'data';
let phase: Phase = 'data';

/** The worker's trainStep (shared/training/loop.ts) with phase marks. */
function step(i: number): tf.Tensor {
  return tf.tidy(() => {
    phase = 'data';
    const rows = tf.tensor1d(Int32Array.from({ length: BATCH }, (_, r) => ((i % 4) * BATCH + r) % samples), 'int32');
    const xb = tf.gather(x, rows);
    const yb = tf.gather(y, rows);
    let prediction: tf.Tensor | null = null;
    const loss = optimizer.minimize(() => {
      phase = 'forward';
      prediction = tf.keep(model.apply(xb, { training: true }) as tf.Tensor);
      const total = lossFn(yb, prediction);
      phase = 'backward';
      return total as tf.Scalar;
    }, true)!;
    phase = 'data';
    const packed = tf.concat([loss.reshape([1]), tf.mean(tf.metrics.categoricalAccuracy(yb, prediction!)).reshape([1])]);
    (prediction as unknown as tf.Tensor).dispose();
    return packed;
  });
}

/** The optimizer's kernels run inside minimize after the gradients: mark them by name. */
const OPTIMIZER_KERNELS = new Set(['NNDesignerAdamUpdate', 'Assign']);
const original = new Map<string, tf.KernelConfig>();
const selfMs = new Map<string, { ms: number; calls: number }>();
let stack: number[] = [];
let wrapped = false;

function wrapKernels(on: boolean): void {
  if (on === wrapped) return;
  for (const config of tf.getKernelsForBackend('wasm')) {
    const name = config.kernelName;
    if (!original.has(name)) original.set(name, config);
    const stock = original.get(name)!;
    tf.unregisterKernel(name, 'wasm');
    if (!on) {
      tf.registerKernel(stock);
      continue;
    }
    tf.registerKernel({
      ...stock,
      kernelFunc: ((args: Parameters<tf.KernelFunc>[0]) => {
        const start = performance.now();
        stack.push(0);
        try {
          return stock.kernelFunc(args);
        } finally {
          const total = performance.now() - start;
          const nested = stack.pop()!;
          if (stack.length) stack[stack.length - 1]! += total;
          const where = OPTIMIZER_KERNELS.has(name) ? 'optimizer' : phase;
          const key = `${where}\t${name}`;
          const entry = selfMs.get(key) ?? { ms: 0, calls: 0 };
          entry.ms += total - nested;
          entry.calls++;
          selfMs.set(key, entry);
        }
      }) as tf.KernelFunc,
    });
  }
  wrapped = on;
}

function timeSteps(count: number): number {
  const start = performance.now();
  for (let i = 0; i < count; i++) step(i).dataSync();
  return (performance.now() - start) / count;
}

// Warm-up: XNNPACK operator caches, V8 tiers.
timeSteps(10);

if (values.ab || values['ab-kernels'] || values['ab-conv-gradients'] || values['ab-adam']) {
  const inputGradient = values['ab-conv-gradients'];
  const only = values['ab-kernels']?.split(',').map((k) => k.trim());
  const configsOf = (enabled: boolean) => {
    useFastConvKernels(enabled);
    return new Map((only ?? []).map((name) => [name, tf.getKernel(name, 'wasm')]));
  };
  const stockConfigs = configsOf(false);
  const fastConfigs = configsOf(true);
  const use = (variant: 'stock' | 'fast') => {
    if (values['ab-adam']) return void setFastPathSwitches({ wasmAdamPass: variant === 'fast' });
    if (inputGradient) return void setFastPathSwitches({ chunkedConvProducts: variant === 'fast', inputGradientPath: variant === 'fast' ? 'measured' : 'convolution' });
    if (!only) return useFastConvKernels(variant === 'fast');
    for (const name of only) {
      if (tf.getKernel(name, 'wasm')) tf.unregisterKernel(name, 'wasm');
      const config = (variant === 'fast' ? fastConfigs : stockConfigs).get(name);
      if (config) tf.registerKernel(config);
    }
  };
  const best = { stock: Infinity, fast: Infinity };
  const block = Math.max(5, Math.floor(steps / 6));
  use('stock');
  timeSteps(5);
  for (let round = 0; round < 6; round++)
    for (const variant of ['stock', 'fast'] as const) {
      use(variant);
      best[variant] = Math.min(best[variant], timeSteps(block));
    }
  const load = loadavg().map((v) => v.toFixed(2)).join(' ');
  const rate = (ms: number) => Math.round((BATCH * 1000) / ms);
  console.log(`CNN ${CNN.label}, batch ${BATCH}, Adam, wasm; ${values['ab-adam'] ? 'stock = Adam update in its JS loop vs fast = in wasm f64x2' : inputGradient ? 'stock = conv gradients as before h10cnn2 (input gradient a padded convolution, filter product whole in XNNPACK) vs fast = col2im by the measured rule, chunked SIMD products' : only ? `stock vs fast ${only.join(', ')}` : 'stock vs fast kernels'}, best of 6 alternating blocks of ${block} steps; load ${load}`);
  console.log(`stock ${best.stock.toFixed(2)} ms/step (${rate(best.stock)} samples/s), fast ${best.fast.toFixed(2)} ms/step (${rate(best.fast)} samples/s), ${(best.stock / best.fast).toFixed(2)}×`);
  process.exit(0);
}
// Alternating blocks of plain and wrapped steps, best block of each: a neighbour's burst on a shared machine only slows a block.
let plain = Infinity;
let profiled = Infinity;
let best = new Map<string, { ms: number; calls: number }>();
const block = Math.max(5, Math.floor(steps / 4));
for (let round = 0; round < 4; round++) {
  wrapKernels(false);
  plain = Math.min(plain, timeSteps(block));
  wrapKernels(true);
  selfMs.clear();
  stack = [];
  const ms = timeSteps(block);
  if (ms < profiled) {
    profiled = ms;
    best = new Map([...selfMs].map(([k, v]) => [k, { ms: v.ms / block, calls: v.calls / block }]));
  }
}
wrapKernels(false);

const rows: (string | number)[][] = [['phase', 'kernel', 'calls/step', 'ms/step', '% of step']];
const inKernels = [...best.values()].reduce((a, b) => a + b.ms, 0);
const byPhase = new Map<string, number>();
for (const [key, v] of [...best].sort((a, b) => b[1].ms - a[1].ms)) {
  const [where, name] = key.split('\t') as [string, string];
  byPhase.set(where, (byPhase.get(where) ?? 0) + v.ms);
  if (v.ms / profiled < 0.005) continue;
  rows.push([where, name, v.calls.toFixed(0), v.ms.toFixed(2), ((100 * v.ms) / profiled).toFixed(1)]);
}
const small = [...best].filter(([, v]) => v.ms / profiled < 0.005);
rows.push(['', `${small.length} kernels < 0.5 % each`, small.reduce((a, [, v]) => a + v.calls, 0).toFixed(0), small.reduce((a, [, v]) => a + v.ms, 0).toFixed(2), '']);
for (const [where, ms] of byPhase) rows.push([where, '(all kernels)', '', ms.toFixed(2), ((100 * ms) / profiled).toFixed(1)]);
rows.push(['', 'outside kernels (JS: tape, tidy, op wrappers)', '', (profiled - inKernels).toFixed(2), ((100 * (profiled - inKernels)) / profiled).toFixed(1)]);

const load = loadavg().map((v) => v.toFixed(2)).join(' ');
console.log(`CNN ${CNN.label}, batch ${BATCH}, Adam, wasm${values.stock ? ' (stock conv kernels)' : ''}; load ${load}`);
console.log(`step: ${plain.toFixed(2)} ms unwrapped (${Math.round((BATCH * 1000) / plain)} samples/s), ${profiled.toFixed(2)} ms with kernel timers (best of 4 blocks of ${block})`);
console.log(table(rows));
