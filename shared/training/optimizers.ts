import * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../graph/training-config';

/**
 * The optimizer a run (or one player of a GAN) steps with. `beta1` is Adam's and Adamax's
 * first-moment decay (0.9 unless given: a GAN's players default to DCGAN's 0.5).
 */
export function createOptimizer(config: Pick<TrainingConfig, 'optimizer' | 'learningRate'> & { momentum?: number; beta1?: number }): tf.Optimizer {
  const lr = config.learningRate;
  const beta1 = config.beta1 ?? 0.9;
  switch (config.optimizer) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, config.momentum ?? 0.9);
    case 'adam':
      return new FusedAdamOptimizer(lr, beta1);
    case 'adamax':
      return tf.train.adamax(lr, beta1);
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

/** A backend may register this kernel to run a whole Adam step for one variable at once. */
export const ADAM_UPDATE_KERNEL = 'NNDesignerAdamUpdate';

interface AdamInternals {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

/**
 * tfjs's Adam (same state, same weights for saving, same numbers), taking the one-kernel
 * step where the backend has ADAM_UPDATE_KERNEL and tfjs's own many-kernel step elsewhere.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  constructor(learningRate: number, beta1 = 0.9) {
    super(learningRate, beta1, 0.999);
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!tf.getKernel(ADAM_UPDATE_KERNEL, tf.getBackend())) return super.applyGradients(variableGradients);
    const self = this as unknown as AdamInternals;
    const named: { name: string; tensor: tf.Tensor | null }[] = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const attrs = { beta1: self.beta1, beta2: self.beta2, epsilon: self.epsilon, learningRate: self.learningRate };
    tf.tidy(() => {
      named.forEach(({ name, tensor: gradient }, i) => {
        const value = tf.engine().registeredVariables[name]!;
        const moment = (suffix: string) => ({ originalName: `${name}/${suffix}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) });
        self.accumulatedFirstMoment[i] ??= moment('m');
        self.accumulatedSecondMoment[i] ??= moment('v');
        if (gradient == null) return;
        const firstMoment = self.accumulatedFirstMoment[i]!.variable;
        const secondMoment = self.accumulatedSecondMoment[i]!.variable;
        const inputs = { value, gradient, firstMoment, secondMoment, accBeta1: self.accBeta1, accBeta2: self.accBeta2 };
        const [newValue, newFirst, newSecond] = tf.engine().runKernel(ADAM_UPDATE_KERNEL, inputs, attrs) as tf.Tensor[];
        firstMoment.assign(newFirst!);
        secondMoment.assign(newSecond!);
        value.assign(newValue!);
      });
      self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
    });
    this.incrementIterations();
  }
}
