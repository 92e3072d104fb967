import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { registerUnstackGradient } from './unstack-gradient';

describe('the gradient of unstack', () => {
  const gradientOfOneStep = () => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.unstack(x, 1)[0]!, 2)))(tf.ones([2, 1, 3]));

  it('exists for an axis of one, where tfjs passes its single output gradient unwrapped', () => {
    // Found by the fuzzer (an LSTM after pooling down to one step): "Argument tensors passed to stack must be a `Tensor[]`".
    expect(gradientOfOneStep).toThrow(/must be a `Tensor\[\]`/);
    registerUnstackGradient();
    const gradient = gradientOfOneStep();
    expect(gradient.shape).toEqual([2, 1, 3]);
    expect(Array.from(gradient.dataSync())).toEqual([2, 2, 2, 2, 2, 2]);
    const several = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.unstack(x, 1)[1]!, 3)))(tf.ones([1, 2, 2]));
    expect(Array.from(several.dataSync())).toEqual([0, 0, 3, 3]);
  });
});
