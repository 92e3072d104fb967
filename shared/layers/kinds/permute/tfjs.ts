import * as tf from '@tensorflow/tfjs';
import { tfjsBuilder } from '../../tfjs-types';
import { permuteSpec } from './spec';

const permuteBuilder = tfjsBuilder(permuteSpec, (p, name) => tf.layers.permute({ name, dims: [...p.dims] }));

export const tfjsBuilders = [permuteBuilder];
