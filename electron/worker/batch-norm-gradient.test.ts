import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFastPath } from './fast-path';
import { resetFastPathSwitches, setFastPathSwitches } from './fast-path-switches';

beforeAll(async () => {
  await registerFastPath();
});
afterAll(() => resetFastPathSwitches());

/** Gradients of Σ y·w for a BatchNormalization layer in training mode, with respect to its input and its weights. */
function gradients(inputShape: number[]): number[][] {
  return tf.tidy(() => {
    const layer = tf.layers.batchNormalization({ gammaInitializer: 'randomNormal', betaInitializer: 'randomNormal' });
    const x = tf.randomNormal(inputShape, 0, 2, 'float32', 7);
    layer.build(x.shape);
    // The same weights every time, whatever the initializers drew.
    layer.setWeights(layer.getWeights().map((w, i) => tf.randomUniform(w.shape, 0.5, 1.5, 'float32', 11 + i)));
    const w = tf.randomNormal(inputShape, 0, 1, 'float32', 9);
    const weights = layer.trainableWeights.map((v) => v.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, w)) as tf.Scalar, weights);
    const dx = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input, { training: true }) as tf.Tensor, w)))(x);
    return [Array.from(value.dataSync()), Array.from(dx.dataSync()), ...weights.map((v) => Array.from(grads[v.name]!.dataSync()))];
  });
}

describe.each(['wasm', 'cpu'])('the broadcasting BatchNormalization gradient on %s', (backend) => {
  beforeAll(async () => {
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it.each([
    ['images', [4, 3, 3, 5]],
    ['vectors', [6, 5]],
  ])('gives tfjs\'s gradients value for value (%s)', (_, shape) => {
    setFastPathSwitches({ broadcastBatchNormGradient: false });
    const stock = gradients(shape as number[]);
    setFastPathSwitches({ broadcastBatchNormGradient: true });
    const broadcast = gradients(shape as number[]);
    expect(broadcast).toEqual(stock);
    expect(broadcast[1]!.some((v) => v !== 0)).toBe(true);
  });

  it('tiles nothing', async () => {
    const kernelsRun = async () => {
      const profile = await tf.profile(() => void gradients([8, 4, 4, 6]));
      return new Set(profile.kernels.map((k) => k.name));
    };
    setFastPathSwitches({ broadcastBatchNormGradient: false });
    expect(await kernelsRun()).toContain('Tile');
    setFastPathSwitches({ broadcastBatchNormGradient: true });
    expect(await kernelsRun()).not.toContain('Tile');
  });
});
