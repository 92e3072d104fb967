import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createOptimizer, FusedAdamOptimizer } from './optimizers';

const betaOf = (optimizer: tf.Optimizer) => (optimizer as unknown as { beta1: number }).beta1;

describe('createOptimizer', () => {
  it('gives Adam and Adamax the β1 asked for (a GAN player\'s 0.5), 0.9 otherwise', () => {
    const adam = createOptimizer({ optimizer: 'adam', learningRate: 0.0002, beta1: 0.5 });
    expect(adam).toBeInstanceOf(FusedAdamOptimizer);
    expect(betaOf(adam)).toBe(0.5);
    expect(betaOf(createOptimizer({ optimizer: 'adamax', learningRate: 0.002, beta1: 0.5 }))).toBe(0.5);
    expect(betaOf(createOptimizer({ optimizer: 'adam', learningRate: 0.001 }))).toBe(0.9);
    expect(betaOf(createOptimizer({ optimizer: 'adamax', learningRate: 0.001 }))).toBe(0.9);
  });

  it('steps with that β1: the first two Adam steps differ from β1 = 0.9\'s', async () => {
    await tf.setBackend('cpu');
    const stepped = (beta1: number) => {
      const x = tf.variable(tf.scalar(1));
      const optimizer = createOptimizer({ optimizer: 'adam', learningRate: 0.1, beta1 });
      for (const target of [0, 3]) optimizer.minimize(() => tf.square(tf.sub(x, target)) as tf.Scalar, false, [x]);
      const value = x.dataSync()[0]!;
      x.dispose();
      optimizer.dispose();
      return value;
    };
    expect(stepped(0.5)).not.toBeCloseTo(stepped(0.9), 4);
  });
});
