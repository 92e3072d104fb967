import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../shared/data/dataset';
import { FastLayerNormalization, type FastLayerNormalizationArgs } from '../../../shared/layers/custom/layer-normalization';
import { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL } from '../../../shared/layers/custom/layer-normalization';
import { selectBackend } from '../backend';
import { registerFastPath } from '../fast-path';

beforeAll(async () => {
  await registerFastPath();
  expect(await selectBackend('wasm')).toBe('wasm');
});

/** Output and gradients (input, then each weight) of Σ w·LN(x), on one backend, from the same numbers. */
function run(backend: string, args: FastLayerNormalizationArgs, shape: number[], seed: number): Float32Array[] {
  tf.setBackend(backend);
  const random = createRandom(seed);
  const values = (n: number, scale = 1, shift = 0) => Float32Array.from({ length: n }, () => shift + scale * (random() * 2 - 1));
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tidy(() => {
    const layer = new FastLayerNormalization(args);
    layer.build(shape);
    layer.setWeights(layer.weights.map((w) => tf.tensor(values(w.shape.reduce((a, b) => a! * b!, 1)!, 0.5, w.name.includes('gamma') ? 1 : 0), w.shape as number[])));
    const x = tf.tensor(values(size, 3, 0.7), shape);
    const w = tf.tensor(values(size), shape);
    const variables = layer.trainableWeights.map((v) => (v as unknown as { val: tf.Variable }).val);
    const f = () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, w)) as tf.Scalar;
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, w)))(x);
    const grads = variables.length ? tf.variableGrads(f, variables).grads : {};
    return [(layer.apply(x) as tf.Tensor).dataSync() as Float32Array, dx.dataSync() as Float32Array, ...variables.map((v) => grads[v.name]!.dataSync() as Float32Array)];
  });
}

const worst = (a: Float32Array, b: Float32Array) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!) / Math.max(1, Math.abs(v))));

describe('LayerNormalization as one wasm kernel each way', () => {
  it('is registered for wasm only', () => {
    expect(tf.getKernel(LAYER_NORM_KERNEL, 'wasm')).toBeDefined();
    expect(tf.getKernel(LAYER_NORM_GRAD_KERNEL, 'wasm')).toBeDefined();
    expect(tf.getKernel(LAYER_NORM_KERNEL, 'cpu')).toBeUndefined();
  });

  it('is what the layer runs on wasm for the last axis', async () => {
    const layer = new FastLayerNormalization({});
    const x = tf.ones([2, 3, 8]);
    const profile = await tf.profile(() => tf.grad((input: tf.Tensor) => tf.sum(layer.apply(input) as tf.Tensor))(x));
    const names = profile.kernels.map((k) => k.name);
    expect(names).toContain(LAYER_NORM_KERNEL);
    expect(names).toContain(LAYER_NORM_GRAD_KERNEL);
    expect(names).not.toContain('Rsqrt');
    tf.dispose(x);
  });

  for (const [label, args] of [
    ['with gamma and beta (ε 1e-5)', { epsilon: 1e-5 }],
    ['without beta', { center: false }],
    ['without gamma', { scale: false }],
    ['with neither', { center: false, scale: false }],
  ] as const)
    it(`equals the broadcasting ops on cpu ${label}: output and gradients of input and weights within 1e-4`, () => {
      for (const shape of [[4, 9, 64], [5, 7]]) {
        const cpu = run('cpu', args, shape, 3);
        const wasm = run('wasm', args, shape, 3);
        expect(wasm).toHaveLength(cpu.length);
        cpu.forEach((c, i) => expect(worst(c, wasm[i]!)).toBeLessThan(1e-4));
      }
      tf.setBackend('wasm');
    });

  it('leaves a normalization over another axis to the broadcasting ops, with the same numbers as cpu', () => {
    const cpu = run('cpu', { axis: 1 }, [3, 6, 4], 9);
    const wasm = run('wasm', { axis: 1 }, [3, 6, 4], 9);
    cpu.forEach((c, i) => expect(worst(c, wasm[i]!)).toBeLessThan(1e-4));
    tf.setBackend('wasm');
  });
});
