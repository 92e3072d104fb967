import * as tf from '@tensorflow/tfjs';
import { tfjsBuilder } from '../../tfjs-types';
import { repeatVectorSpec } from './spec';

const repeatVectorBuilder = tfjsBuilder(repeatVectorSpec, (p, name) => tf.layers.repeatVector({ name, n: p.n }));

export const tfjsBuilders = [repeatVectorBuilder];
