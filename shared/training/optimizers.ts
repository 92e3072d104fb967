import * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from './config';

export function createOptimizer(config: Pick<TrainingConfig, 'optimizer' | 'learningRate' | 'momentum'>): tf.Optimizer {
  const lr = config.learningRate;
  switch (config.optimizer) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, config.momentum);
    case 'adam':
      return tf.train.adam(lr);
    case 'adamax':
      return tf.train.adamax(lr);
    case 'rmsprop':
      return tf.train.rmsprop(lr);
    case 'adagrad':
      return tf.train.adagrad(lr);
    case 'adadelta':
      return tf.train.adadelta(lr);
  }
}

/**
 * tfjs optimizers read their rate on every step but only SGD (and momentum, its subclass)
 * exposes a setter, because it caches the rate as a tensor; the others keep a plain number.
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  const target = optimizer as unknown as { learningRate: number; setLearningRate?: (lr: number) => void };
  if (target.learningRate === learningRate) return;
  if (target.setLearningRate) target.setLearningRate(learningRate);
  else target.learningRate = learningRate;
}

export function getLearningRate(optimizer: tf.Optimizer): number {
  return (optimizer as unknown as { learningRate: number }).learningRate;
}
