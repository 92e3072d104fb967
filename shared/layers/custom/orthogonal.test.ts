import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FastOrthogonal, registerLayerClasses } from '.';

/** Largest deviation of the Gram matrix of the smaller side from gain² · I. */
function orthogonalityError(matrix: tf.Tensor2D, gain = 1): number {
  return tf.tidy(() => {
    const [rows, columns] = matrix.shape;
    const gram = rows >= columns ? tf.matMul(matrix, matrix, true, false) : tf.matMul(matrix, matrix, false, true);
    const identity = tf.mul(tf.eye(Math.min(rows, columns)), gain * gain);
    return tf.max(tf.abs(tf.sub(gram, identity))).dataSync()[0]!;
  });
}

describe('FastOrthogonal', () => {
  for (const shape of [
    [64, 16],
    [16, 64],
    [32, 32],
  ]) {
    it(`makes an orthogonal ${shape.join('×')} matrix`, () => {
      const m = new FastOrthogonal({ seed: 3 }).apply(shape) as tf.Tensor2D;
      expect(m.shape).toEqual(shape);
      expect(orthogonalityError(m)).toBeLessThan(1e-5);
    });
  }

  it('scales by the gain and flattens leading axes as Keras does (a conv kernel)', () => {
    const kernel = new FastOrthogonal({ gain: 2, seed: 5 }).apply([3, 3, 4, 8]);
    expect(kernel.shape).toEqual([3, 3, 4, 8]);
    expect(orthogonalityError(kernel.reshape([36, 8]) as tf.Tensor2D, 2)).toBeLessThan(1e-4);
  });

  it('is what tfjs resolves "orthogonal" to once our classes are registered, keeping the Keras config', () => {
    registerLayerClasses();
    const lstm = tf.layers.lstm({ units: 96, recurrentInitializer: 'orthogonal', name: 'fast_orthogonal_lstm' });
    const started = Date.now();
    lstm.apply(tf.input({ shape: [4, 3] }));
    // tfjs's own initializer needs over a minute for this recurrent kernel on the CPU backend.
    expect(Date.now() - started).toBeLessThan(10_000);
    const recurrentKernel = lstm.getWeights()[1] as tf.Tensor2D;
    expect(recurrentKernel.shape).toEqual([96, 384]);
    expect(orthogonalityError(recurrentKernel)).toBeLessThan(1e-5);
    const config = lstm.getConfig() as { recurrentInitializer: { className: string; config: Record<string, unknown> } };
    expect(config.recurrentInitializer).toEqual({ className: 'Orthogonal', config: { gain: 1, seed: null } });
  });

  it('draws the same matrix for the same seed and different ones otherwise', () => {
    const a = new FastOrthogonal({ seed: 11 }).apply([6, 4]).arraySync();
    const b = new FastOrthogonal({ seed: 11 }).apply([6, 4]).arraySync();
    const c = new FastOrthogonal({ seed: 12 }).apply([6, 4]).arraySync();
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});
