import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend';
import { registerFastPath } from '../fast-path';

beforeAll(async () => {
  await registerFastPath();
  expect(await selectBackend('wasm')).toBe('wasm');
});

/** The same slicing computation on cpu and on wasm, from the same values. */
function onBothBackends(shape: number[], dtype: 'float32' | 'int32', compute: (x: tf.Tensor) => tf.Tensor | tf.Tensor[]): [number[][], number[][]] {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: size }, (_, i) => (dtype === 'int32' ? i : Math.sin(i) * 3));
  const results: number[][][] = [];
  for (const backend of ['cpu', 'wasm']) {
    tf.setBackend(backend);
    const x = tf.tensor(values, shape, dtype);
    const out = tf.tidy(() => compute(x));
    const pieces = Array.isArray(out) ? out : [out];
    results.push(pieces.map((p) => [...p.shape, -1, ...Array.from(p.dataSync())]));
    tf.dispose([x, ...pieces]);
  }
  tf.setBackend('wasm');
  return [results[0]!, results[1]!];
}

describe('wasm Slice, SplitV and Unpack read the heap in place and agree with cpu', () => {
  const cases: { name: string; shape: number[]; dtype?: 'float32' | 'int32'; compute: (x: tf.Tensor) => tf.Tensor | tf.Tensor[] }[] = [
    { name: 'one step of a time-major sequence', shape: [5, 3, 8], compute: (x) => tf.slice(x, [2, 0, 0], [1, 3, 8]) },
    { name: 'a column block of a matrix', shape: [6, 12], compute: (x) => tf.slice(x, [1, 4], [4, 3]) },
    { name: 'a block in the middle of a rank-4 tensor', shape: [3, 4, 5, 6], compute: (x) => tf.slice(x, [1, 1, 2, 0], [2, 2, 3, 6]) },
    { name: 'sizes of -1 and a number begin', shape: [4, 5], compute: (x) => tf.slice(x, 1, -1) },
    { name: 'int32 values', shape: [4, 6], dtype: 'int32', compute: (x) => tf.slice(x, [0, 2], [4, 2]) },
    { name: 'an empty slice', shape: [4, 6], compute: (x) => tf.slice(x, [0, 2], [4, 0]) },
    { name: 'split in equal parts along the last axis', shape: [3, 12], compute: (x) => tf.split(x, 4, 1) },
    { name: 'split in given sizes, one inferred', shape: [7, 2, 3], compute: (x) => tf.split(x, [2, -1, 1], 0) },
    { name: 'unstack along the first axis', shape: [4, 3, 2], compute: (x) => tf.unstack(x) },
    { name: 'unstack along a middle axis', shape: [2, 3, 4], compute: (x) => tf.unstack(x, 1) },
  ];
  for (const c of cases)
    it(c.name, () => {
      const [cpu, wasm] = onBothBackends(c.shape, c.dtype ?? 'float32', c.compute);
      expect(wasm).toEqual(cpu);
    });

  it('gradients through slices agree too', () => {
    const [cpu, wasm] = onBothBackends([4, 8], 'float32', (x) =>
      tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.slice(v, [1, 2], [2, 4]), tf.slice(v, [2, 4], [2, 4]))))(x),
    );
    expect(wasm).toEqual(cpu);
  });
});
