import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../shared/data/dataset';
import { FusedGelu, gelu, GELU_KERNEL } from '../../../shared/layers/custom/gelu';
import { selectBackend } from '../backend';
import { registerFastPath } from '../fast-path';

beforeAll(async () => {
  await registerFastPath();
  expect(await selectBackend('wasm')).toBe('wasm');
});

/** GELU of x and d/dx of Σ w·gelu(x), on one backend. */
function geluAndGradient(backend: string, values: Float32Array, shape: number[], weights: Float32Array): [Float32Array, Float32Array] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor(values, shape);
    const w = tf.tensor(weights, shape);
    const y = gelu(x);
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(gelu(input), w)))(x);
    return [y.dataSync() as Float32Array, dx.dataSync() as Float32Array];
  });
}

describe('the one-kernel GELU on wasm', () => {
  it('is registered for wasm, so the Transformer feed-forward takes it', () => {
    expect(tf.getKernel(GELU_KERNEL, 'wasm')).toBeDefined();
    expect(tf.getKernel(GELU_KERNEL, 'cpu')).toBeUndefined();
  });

  it('equals tfjs’s GELU on cpu, values and gradients, within 1e-4 (relative to max(1, |value|)), also for sizes that are not a multiple of 4', () => {
    for (const shape of [[64, 37], [3, 5, 7], [4096]]) {
      const size = shape.reduce((a, b) => a * b, 1);
      const random = createRandom(size);
      const values = Float32Array.from({ length: size }, () => (random() * 2 - 1) * 6);
      const weights = Float32Array.from({ length: size }, () => random() * 2 - 1);
      const [cpuY, cpuDx] = geluAndGradient('cpu', values, shape, weights);
      const [wasmY, wasmDx] = geluAndGradient('wasm', values, shape, weights);
      const worst = (a: Float32Array, b: Float32Array) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!) / Math.max(1, Math.abs(v))));
      expect(worst(cpuY, wasmY)).toBeLessThan(1e-4);
      expect(worst(cpuDx, wasmDx)).toBeLessThan(1e-4);
    }
    tf.setBackend('wasm');
  });

  it('keeps a Dense layer’s activation named gelu in its config', () => {
    const dense = tf.layers.dense({ units: 3, activation: 'gelu' });
    expect(dense.getConfig().activation).toBe('gelu');
    expect((dense as unknown as { activation: unknown }).activation).toBeInstanceOf(FusedGelu);
  });
});
