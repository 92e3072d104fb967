import * as tf from '@tensorflow/tfjs';
import { tfjsBuilder } from '../../tfjs-types';
import { dropoutSpec } from './spec';

const dropoutBuilder = tfjsBuilder(dropoutSpec, (p, name) => tf.layers.dropout({ name, rate: p.rate }));

export const tfjsBuilders = [dropoutBuilder];
