import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../shared/data/dataset';
import { selectBackend } from '../backend';
import { registerFastPath } from '../fast-path';

beforeAll(async () => {
  await registerFastPath();
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

// Shapes the SIMD kernel (simd-kernels.ts) takes: batched products with a multiple of 4 output
// columns, and unbatched aᵀ·b (weight gradients), direct (m ≤ n) or as (bᵀ·a)ᵀ (m > n).
describe('wasm BatchMatMul on the SIMD kernel', () => {
  const liveBuffers = () => (tf.backend() as unknown as { dataIdMap: { numDataIds(): number } }).dataIdMap.numDataIds();

  for (const [transposeA, transposeB] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const)
    it(`equals cpu for batched operands with 8 and 12 output columns, transposeA=${transposeA}, transposeB=${transposeB}, and their gradients`, () => {
      for (const [m, k, n] of [
        [5, 7, 8],
        [9, 16, 12],
        [32, 16, 32],
      ] as const) {
        const a = transposeA ? [k, m] : [m, k];
        const b = transposeB ? [n, k] : [k, n];
        expect(maxDifferenceFromCpu([2, 3, ...a], [2, 3, ...b], transposeA, transposeB)).toBeLessThan(1e-4);
        expect(maxDifferenceFromCpu([6, ...a], [6, ...b], transposeA, transposeB)).toBeLessThan(1e-4);
      }
    });

  it('equals cpu for weight gradients aᵀ·b with rows ≤ columns, rows > columns, and widths not a multiple of 4', () => {
    for (const [k, m, n] of [
      [37, 5, 12],
      [64, 16, 256],
      [64, 256, 16],
      [40, 12, 6],
      [40, 6, 3],
      [1500, 20, 64],
    ] as const) {
      expect(maxDifferenceFromCpu([k, m], [k, n], true, false)).toBeLessThan(1e-4);
      expect(maxDifferenceFromCpu([1, k, m], [1, k, n], true, false)).toBeLessThan(1e-4);
    }
  });

  it('leaves no buffers behind on the backend', () => {
    const [a, b, w] = [randomTensor([3, 8, 5], 1), randomTensor([3, 8, 12], 2), randomTensor([8, 12], 3)];
    const before = liveBuffers();
    tf.matMul(a, b, true, false).dispose();
    tf.matMul(b, a, true, false).dispose();
    tf.matMul(b, b, false, true).dispose();
    tf.tidy(() => {
      tf.matMul(a, tf.reshape(a, [3, 5, 8]), false, false);
      tf.matMul(tf.reshape(a, [24, 5]), tf.reshape(w, [24, 4]), true, false);
      tf.matMul(tf.reshape(w, [24, 4]), tf.reshape(a, [24, 5]), true, false);
    });
    expect(liveBuffers()).toBe(before);
    tf.dispose([a, b, w]);
  });
});
