import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend';
import { registerFastPath } from '../fast-path';

beforeAll(async () => {
  await registerFastPath();
  expect(await selectBackend('wasm')).toBe('wasm');
});

/** The same reduction on cpu and on wasm, from the same values: [shape, values] of each. */
function onBothBackends(shape: number[], compute: (x: tf.Tensor) => tf.Tensor): [number[], number[], number[], number[]] {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, (_, i) => Math.sin(i * 0.37) * 2);
  const results: [number[], number[]][] = [];
  for (const backend of ['cpu', 'wasm']) {
    tf.setBackend(backend);
    const x = tf.tensor(values, shape);
    const out = tf.tidy(() => compute(x));
    results.push([out.shape, Array.from(out.dataSync())]);
    tf.dispose([x, out]);
  }
  tf.setBackend('wasm');
  return [results[0]![0], results[0]![1], results[1]![0], results[1]![1]];
}

function maxRelativeError(a: number[], b: number[]): number {
  const scale = Math.max(1e-6, ...b.map(Math.abs));
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0) / scale;
}

describe('wasm Sum over leading axes agrees with cpu', () => {
  const cases: { name: string; shape: number[]; compute: (x: tf.Tensor) => tf.Tensor }[] = [
    { name: 'a bias gradient: [rows, units] over rows', shape: [300, 17], compute: (x) => tf.sum(x, 0) },
    { name: 'the first two axes of a sequence', shape: [6, 7, 5], compute: (x) => tf.sum(x, [1, 0]) },
    { name: 'keeping dims', shape: [6, 7, 5], compute: (x) => tf.sum(x, 0, true) },
    { name: "a Conv2D bias gradient: rows in blocks of eight and a remainder", shape: [4, 13, 13, 16], compute: (x) => tf.sum(x, [0, 1, 2]) },
    { name: 'a negative axis naming the first', shape: [9, 4], compute: (x) => tf.sum(x, -2) },
    { name: 'the innermost axis (original kernel)', shape: [6, 7, 5], compute: (x) => tf.sum(x, -1) },
    { name: 'a middle axis (original kernel)', shape: [6, 7, 5], compute: (x) => tf.sum(x, 1) },
    { name: 'every axis (original kernel)', shape: [6, 7], compute: (x) => tf.sum(x) },
    // Rows of a multiple of 4 floats: the SIMD float64 column sums.
    { name: 'a Transformer projection bias gradient [2048, 64] (SIMD)', shape: [2048, 64], compute: (x) => tf.sum(x, 0) },
    { name: 'a feed-forward bias gradient over [batch, steps, 256] (SIMD)', shape: [16, 32, 256], compute: (x) => tf.sum(x, [0, 1]) },
    { name: 'keeping dims, rows of 12 (SIMD)', shape: [3, 5, 12], compute: (x) => tf.sum(x, [0, 1], true) },
    { name: 'one row of 4 (SIMD)', shape: [1, 4], compute: (x) => tf.sum(x, 0) },
    { name: 'the gradient of a Dense bias', shape: [40, 8], compute: (x) => tf.grad((b: tf.Tensor) => tf.sum(tf.square(tf.add(x, b))))(tf.ones([8])) },
  ];
  for (const c of cases)
    it(c.name, () => {
      const [cpuShape, cpu, wasmShape, wasm] = onBothBackends(c.shape, c.compute);
      expect(wasmShape).toEqual(cpuShape);
      expect(maxRelativeError(wasm, cpu)).toBeLessThanOrEqual(1e-5);
    });

  it('keeps int32 sums exact (original kernel)', () => {
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32');
    expect(Array.from(tf.sum(x, 0).dataSync())).toEqual([9, 12]);
  });
});
