import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { EluWithAlpha } from './elu-with-alpha';

describe('EluWithAlpha', () => {
  it('computes alpha·(exp(x) − 1) below zero and x above, with finite gradients', () => {
    const layer = new EluWithAlpha({ alpha: 0.5 });
    const x = tf.tensor1d([-2, -0.5, 0, 1, 200]);
    const y = Array.from((layer.apply(x) as tf.Tensor).dataSync());
    const expected = [0.5 * (Math.exp(-2) - 1), 0.5 * (Math.exp(-0.5) - 1), 0, 1, 200];
    y.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    const grad = Array.from(tf.grad((t: tf.Tensor) => tf.sum(layer.apply(t) as tf.Tensor))(x).dataSync());
    expect(grad.every(Number.isFinite)).toBe(true);
    expect(grad[0]).toBeCloseTo(0.5 * Math.exp(-2), 5);
    expect(grad[4]).toBeCloseTo(1, 5);
  });
});
