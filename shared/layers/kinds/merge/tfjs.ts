import * as tf from '@tensorflow/tfjs';
import { tfjsBuilder } from '../../tfjs-types';
import { addSpec, averageSpec, concatenateSpec, maximumSpec, minimumSpec, multiplySpec } from './spec';

const concatenateBuilder = tfjsBuilder(concatenateSpec, (p, name) => tf.layers.concatenate({ name, axis: p.axis }));

export const tfjsBuilders = [
  tfjsBuilder(addSpec, (_p, name) => tf.layers.add({ name })),
  tfjsBuilder(multiplySpec, (_p, name) => tf.layers.multiply({ name })),
  tfjsBuilder(averageSpec, (_p, name) => tf.layers.average({ name })),
  tfjsBuilder(maximumSpec, (_p, name) => tf.layers.maximum({ name })),
  tfjsBuilder(minimumSpec, (_p, name) => tf.layers.minimum({ name })),
  concatenateBuilder,
];
