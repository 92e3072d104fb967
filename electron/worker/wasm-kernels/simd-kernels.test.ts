import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../shared/data/dataset';
import { createSimdKernels, simdKernelsModule, TILES } from './simd-kernels';
import { webAssembly as maybeWebAssembly } from './wasm-assembler';

const webAssembly = maybeWebAssembly!;

/** A[i, p] read through strides (in floats) from a flat array. */
function naive(batch: number, m: number, n: number, k: number, a: Float32Array, aStrides: [number, number, number], b: Float32Array, bStrides: [number, number]): Float64Array {
  const out = new Float64Array(batch * m * n);
  for (let s = 0; s < batch; s++)
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) sum += a[s * aStrides[0] + i * aStrides[1] + p * aStrides[2]]! * b[s * bStrides[0] + p * bStrides[1] + j]!;
        out[(s * m + i) * n + j] = sum;
      }
  return out;
}

describe('the hand-written WebAssembly SIMD matrix product', () => {
  it('is a valid module, for unshared and shared memory', () => {
    expect(webAssembly.validate(simdKernelsModule({ shared: false, maximum: 65536 }))).toBe(true);
    expect(webAssembly.validate(simdKernelsModule({ shared: true, maximum: 65536 }))).toBe(true);
  });

  it('matches a plain loop for every tile shape (rows 4 and 1, columns 8 and 4), plain and transposed left operands, in a batch, and over several blocks of p', () => {
    const memory = new webAssembly.Memory({ initial: 8 });
    const kernel = createSimdKernels(memory)!;
    expect(kernel).not.toBeNull();
    const random = createRandom(7);
    for (const [batch, m, n, k] of [
      [1, 1, 4, 1],
      [3, 5, 12, 7],
      [2, 9, 20, 16],
      [1, 64, 256, 33],
      // k past one block of p (128 kB of A and B rows: 102 here): the sum continues from C.
      [1, 12, 256, 250],
    ] as const)
      for (const transposed of [false, true]) {
        const floats = new Float32Array(memory.buffer);
        const [aAt, bAt] = [16, 16 + batch * m * k + 3]; // an odd offset: data need only be float-aligned
        const cAt = bAt + batch * k * n + 1;
        for (let i = aAt; i < cAt; i++) floats[i] = random() * 2 - 1;
        const aStrides: [number, number, number] = transposed ? [m * k, 1, m] : [m * k, k, 1];
        kernel.multiply(
          batch,
          m,
          n,
          k,
          { address: 4 * aAt, batchStride: 4 * aStrides[0], rowStride: 4 * aStrides[1], columnStride: 4 * aStrides[2] },
          { address: 4 * bAt, batchStride: 4 * k * n, rowStride: 4 * n, columnStride: 4 },
          { address: 4 * cAt, batchStride: 4 * m * n, rowStride: 4 * n, columnStride: 4 },
        );
        const expected = naive(batch, m, n, k, floats.subarray(aAt), aStrides, floats.subarray(bAt), [k * n, n]);
        const got = floats.subarray(cAt, cAt + expected.length);
        expected.forEach((v, i) => expect(Math.abs(got[i]! - v)).toBeLessThan(1e-4 * Math.max(1, Math.abs(v))));
      }
  });

  it('walks a matrix of many tiles with odd edges (203 rows, 36 columns) as JS walked the tiles, bit for bit, and equals the cpu backend within 1e-4', async () => {
    const [m, n, k] = [203, 36, 32];
    const memory = new webAssembly.Memory({ initial: 4 });
    const kernel = createSimdKernels(memory)!;
    const module = new webAssembly.Instance(new webAssembly.Module(simdKernelsModule({ shared: false, maximum: 65536 })), { env: { memory } });
    type Tile = (...args: number[]) => void;
    const tile = (rows: number, vectors: number) => module.exports[`tile${rows}x${vectors}`] as Tile;
    expect(TILES.map(([r, v]) => typeof tile(r, v))).toEqual(TILES.map(() => 'function'));
    const floats = new Float32Array(memory.buffer);
    const random = createRandom(11);
    const [aAt, bAt, cAt, tiledAt] = [8, 8 + m * k + 1, 8 + m * k + 1 + k * n + 3, 8 + m * k + 1 + k * n + 3 + m * n];
    for (let i = aAt; i < cAt; i++) floats[i] = random() * 2 - 1;
    // A read transposed (A stored [k, m]), as the filter gradient reads cols.
    const [sAi, sAp] = [4, 4 * m];
    kernel.multiply(1, m, n, k, { address: 4 * aAt, batchStride: 0, rowStride: sAi, columnStride: sAp }, { address: 4 * bAt, batchStride: 0, rowStride: 4 * n, columnStride: 4 }, { address: 4 * cAt, batchStride: 0, rowStride: 4 * n, columnStride: 4 });
    // The per-tile walk JS made before the loop moved into wasm.
    let i = 0;
    for (; i < m; i += i + 4 <= m ? 4 : 1) {
      const rows = i + 4 <= m ? 4 : 1;
      let j = 0;
      for (; j < n; j += j + 8 <= n ? 8 : 4)
        tile(rows, j + 8 <= n ? 2 : 1)(4 * aAt + i * sAi, sAi, sAp, 4 * (bAt + j), 4 * n, 4 * (tiledAt + i * n + j), 4 * n, k);
    }
    const got = floats.slice(cAt, cAt + m * n);
    expect(Buffer.from(got.buffer).equals(Buffer.from(floats.slice(tiledAt, tiledAt + m * n).buffer))).toBe(true);
    const previous = tf.getBackend();
    await tf.setBackend('cpu');
    try {
      const expected = tf.tidy(() => tf.matMul(tf.tensor2d(floats.slice(aAt, aAt + m * k), [k, m]), tf.tensor2d(floats.slice(bAt, bAt + k * n), [k, n]), true, false).dataSync());
      let worst = 0;
      expected.forEach((v, index) => (worst = Math.max(worst, Math.abs(got[index]! - v) / Math.max(1, Math.abs(v)))));
      expect(worst).toBeLessThanOrEqual(1e-4);
    } finally {
      if (previous) await tf.setBackend(previous);
    }
  });

  it('refuses output widths that are not a multiple of 4', () => {
    const kernel = createSimdKernels(new webAssembly.Memory({ initial: 1 }))!;
    const operand = { address: 0, batchStride: 0, rowStride: 12, columnStride: 4 };
    expect(() => kernel.multiply(1, 1, 3, 1, operand, operand, operand)).toThrow(/multiple of 4|n % 4/);
  });
});

describe('the hand-written WebAssembly SIMD GELU', () => {
  it('matches x·Φ(x) and its derivative in double precision within 1e-6 (relative where large), over -12…12', () => {
    const memory = new webAssembly.Memory({ initial: 1 });
    const kernel = createSimdKernels(memory)!;
    const count = 2000;
    const floats = new Float32Array(memory.buffer);
    const xs = Array.from({ length: count }, (_, i) => -12 + (24 * i) / (count - 1));
    floats.set(xs, 0);
    kernel.gelu(0, 4 * count, 8 * count, count);
    const erf = (z: number) => {
      // High-accuracy erf (W. J. Cody's rational approximations would do; a series / continued fraction suffices here).
      if (Math.abs(z) < 3) {
        let sum = z;
        let term = z;
        for (let n = 1; n < 200; n++) {
          term *= (-z * z) / n;
          sum += term / (2 * n + 1);
        }
        return (2 / Math.sqrt(Math.PI)) * sum;
      }
      // erfc continued fraction for large |z|
      const a = Math.abs(z);
      let f = 0;
      for (let n = 60; n >= 1; n--) f = n / 2 / (a + f);
      const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f);
      return Math.sign(z) * (1 - erfc);
    };
    xs.forEach((x0, i) => {
      const x = Math.fround(x0);
      const cdf = 0.5 * (1 + erf(x / Math.SQRT2));
      const y = x * cdf;
      const d = cdf + (x * Math.exp(-x * x / 2)) / Math.sqrt(2 * Math.PI);
      expect(Math.abs(floats[count + i]! - y)).toBeLessThan(1e-6 * Math.max(1, Math.abs(y)));
      expect(Math.abs(floats[2 * count + i]! - d)).toBeLessThan(1e-6 * Math.max(1, Math.abs(d)));
    });
  });
});
