/**
 * Issue #10, "try using both cores": tfjs's multi-threaded wasm build (NND_WASM_THREADS,
 * electron/worker/threaded-wasm.ts) against the single-threaded one, kernel by kernel, at
 * the sizes of bench:engine's CNN: the second convolution's im2col product
 * [64·11·11, 3·3·16] × [3·3·16, 32], and each convolution forward and backward (the
 * gradients of input and filter) on batch 64. Both builds alternate in this process (A, B,
 * A, B: both see the same neighbours' load), and each figure is the best of --rounds.
 * Run: npm run bench:wasm-threads [-- --threads 2 --rounds 10 --iterations 20]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { backendLabel, selectBackend } from '../electron/worker/backend';
import { registerFastPath } from '../electron/worker/fast-path';
import { table } from './stats';

const { values } = parseArgs({
  options: {
    threads: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '10' },
    iterations: { type: 'string', default: '20' },
  },
});
const builds = [0, Number(values.threads)];
const rounds = Math.max(1, Number(values.rounds));
const iterations = Math.max(1, Number(values.iterations));

interface Case {
  name: string;
  /** Makes its inputs on the active backend and returns one step to time. */
  setup(): { step: () => tf.Tensor[]; inputs: tf.Tensor[] };
}

function convCase(name: string, xShape: [number, number, number, number], filterShape: [number, number, number, number], backward: boolean): Case {
  return {
    name,
    setup() {
      const x = tf.randomUniform(xShape) as tf.Tensor4D;
      const w = tf.randomUniform(filterShape, -0.1, 0.1) as tf.Tensor4D;
      if (!backward) return { inputs: [x, w], step: () => [tf.conv2d(x, w, 1, 'valid')] };
      const dy = tf.onesLike(tf.conv2d(x, w, 1, 'valid'));
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid'), dy)));
      return { inputs: [x, w, dy], step: () => grads([x, w]) };
    },
  };
}

const CASES: Case[] = [
  {
    name: 'matMul [7744, 144] × [144, 32] (conv2 as im2col)',
    setup() {
      const a = tf.randomUniform([64 * 11 * 11, 3 * 3 * 16]);
      const b = tf.randomUniform([3 * 3 * 16, 32]);
      return { inputs: [a, b], step: () => [tf.matMul(a, b)] };
    },
  },
  convCase('conv1 forward  x[64,28,28,1] w[3,3,1,16]', [64, 28, 28, 1], [3, 3, 1, 16], false),
  convCase('conv1 backward (dx, dw)', [64, 28, 28, 1], [3, 3, 1, 16], true),
  convCase('conv2 forward  x[64,13,13,16] w[3,3,16,32]', [64, 13, 13, 16], [3, 3, 16, 32], false),
  convCase('conv2 backward (dx, dw)', [64, 13, 13, 16], [3, 3, 16, 32], true),
];

/** Milliseconds per step, averaged over `iterations` steps after one untimed. */
function time(c: Case): number {
  const { step, inputs } = c.setup();
  tf.dispose(step().map((t) => (t.dataSync(), t)));
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    const outs = step();
    // Reading forces the work to finish (wasm kernels are synchronous; this also frees).
    outs[0]!.dataSync();
    tf.dispose(outs);
  }
  const ms = (performance.now() - start) / iterations;
  tf.dispose(inputs);
  return ms;
}

const best = builds.map(() => CASES.map(() => Infinity));
const labels: string[] = [];
const loads: number[] = [];
for (let round = 0; round < rounds; round++) {
  for (const [b, threads] of builds.entries()) {
    loads.push(loadavg()[0]!);
    await registerFastPath();
    await selectBackend('wasm', { wasmThreads: threads });
    labels[b] = backendLabel('wasm');
    CASES.forEach((c, k) => (best[b]![k] = Math.min(best[b]![k]!, time(c))));
  }
  process.stderr.write(`round ${round + 1} of ${rounds} (load ${loadavg()[0]!.toFixed(2)})\n`);
}
console.log(`bench:wasm-threads: best of ${rounds} alternating rounds, ${iterations} steps each; 1-min load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}`);
console.log(
  table([
    ['kernel', ...labels.map((l) => `${l} ms`), 'speed-up'],
    ...CASES.map((c, k) => [c.name, ...best.map((row) => row[k]!.toFixed(2)), (best[0]![k]! / best[1]![k]!).toFixed(2)]),
  ]),
);
