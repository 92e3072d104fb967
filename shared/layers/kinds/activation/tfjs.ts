import * as tf from '@tensorflow/tfjs';
import { EluWithAlpha } from './elu-with-alpha';
import { tfjsBuilder } from '../../tfjs-types';
import { activationSpec, DEFAULT_LEAKY_SLOPE } from './spec';

const activationBuilder = tfjsBuilder(activationSpec, (p, name) => {
  if (p.activation === 'leakyRelu') return tf.layers.leakyReLU({ name, alpha: p.alpha ?? DEFAULT_LEAKY_SLOPE });
  if (p.activation === 'elu' && p.alpha !== undefined && p.alpha !== 1) return new EluWithAlpha({ name, alpha: p.alpha });
  return tf.layers.activation({ name, activation: p.activation });
});

export const tfjsBuilders = [activationBuilder];
