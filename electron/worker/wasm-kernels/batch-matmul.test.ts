import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../shared/data/dataset';
import { selectBackend } from '../backend';

beforeAll(async () => {
  expect(await selectBackend('wasm')).toBe('wasm');
});

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const random = createRandom(seed);
  return tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random() * 2 - 1), shape);
}

/** The product (and its gradients) on wasm, through the transpose-free wrapper, against cpu. */
function maxDifferenceFromCpu(aShape: number[], bShape: number[], transposeA: boolean, transposeB: boolean): number {
  const results: Float32Array[][] = [];
  for (const backend of ['cpu', 'wasm']) {
    tf.setBackend(backend);
    const [a, b] = [randomTensor(aShape, 1), randomTensor(bShape, 2)];
    const out = tf.tidy(() => {
      const product = tf.matMul(a, b, transposeA, transposeB);
      const weights = randomTensor(product.shape, 3);
      const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y, transposeA, transposeB), weights)))([a, b]);
      return [product, da!, db!];
    });
    results.push(out.map((t) => t.dataSync() as Float32Array));
    tf.dispose([a, b, ...out]);
  }
  tf.setBackend('wasm');
  let max = 0;
  results[0]!.forEach((cpu, k) => cpu.forEach((v, i) => (max = Math.max(max, Math.abs(v - results[1]![k]![i]!)))));
  return max;
}

describe('wasm BatchMatMul with transposed operands', () => {
  for (const [transposeA, transposeB] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const)
    it(`equals cpu with transposeA=${transposeA}, transposeB=${transposeB}, for 2-D and batched operands and their gradients`, () => {
      const a2 = transposeA ? [7, 5] : [5, 7];
      const b2 = transposeB ? [3, 7] : [7, 3];
      expect(maxDifferenceFromCpu(a2, b2, transposeA, transposeB)).toBeLessThan(1e-4);
      expect(maxDifferenceFromCpu([2, 3, ...a2], [2, 3, ...b2], transposeA, transposeB)).toBeLessThan(1e-4);
    });

  // Fewer rows on the left than columns on the right: computed as (Bᵀ·Aᵀ)ᵀ, so XNNPACK packs the narrow side.
  for (const [transposeA, transposeB] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const)
    it(`equals cpu for a wide product (3 rows, 11 columns) with transposeA=${transposeA}, transposeB=${transposeB}, also rank 3 of batch 1`, () => {
      const a2 = transposeA ? [6, 3] : [3, 6];
      const b2 = transposeB ? [11, 6] : [6, 11];
      expect(maxDifferenceFromCpu(a2, b2, transposeA, transposeB)).toBeLessThan(1e-4);
      expect(maxDifferenceFromCpu([1, ...a2], [1, ...b2], transposeA, transposeB)).toBeLessThan(1e-4);
    });

  it('multiplies a right operand it has met before as it is (XNNPACK keeps its packing), with the same numbers', () => {
    const [a, b] = [randomTensor([2, 9], 1), randomTensor([9, 12], 2)];
    const first = tf.matMul(a, b);
    const again = tf.matMul(a, b);
    tf.setBackend('cpu');
    const [ca, cb] = [randomTensor([2, 9], 1), randomTensor([9, 12], 2)];
    const expected = tf.matMul(ca, cb).dataSync();
    tf.setBackend('wasm');
    for (const result of [first, again]) result.dataSync().forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-5));
    tf.dispose([a, b, first, again]);
    tf.setBackend('cpu');
    tf.dispose([ca, cb]);
    tf.setBackend('wasm');
  });

  it('leaves no tensors behind', () => {
    const [a, b] = [randomTensor([6, 4], 1), randomTensor([5, 4], 2)];
    const before = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    tf.matMul(a, b, false, true).dispose();
    tf.matMul(b, a, false, true).dispose();
    tf.tidy(() => {
      tf.matMul(a, tf.reshape(b, [4, 5]));
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(bytes);
  });
});
