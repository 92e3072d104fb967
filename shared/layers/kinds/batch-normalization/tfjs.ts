import * as tf from '@tensorflow/tfjs';
import { tfjsBuilder } from '../../tfjs-types';
import { batchNormalizationSpec } from './spec';

const batchNormalizationBuilder = tfjsBuilder(batchNormalizationSpec, (p, name) =>
  tf.layers.batchNormalization({ name, axis: p.axis, momentum: p.momentum, epsilon: p.epsilon, center: p.center, scale: p.scale }));

export const tfjsBuilders = [batchNormalizationBuilder];
