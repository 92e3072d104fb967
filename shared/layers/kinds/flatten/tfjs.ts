import * as tf from '@tensorflow/tfjs';
import { tfjsBuilder } from '../../tfjs-types';
import { flattenSpec } from './spec';

const flattenBuilder = tfjsBuilder(flattenSpec, (_p, name) => tf.layers.flatten({ name }));

export const tfjsBuilders = [flattenBuilder];
