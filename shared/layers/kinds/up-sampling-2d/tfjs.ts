import * as tf from '@tensorflow/tfjs';
import { tfjsBuilder } from '../../tfjs-types';
import { upSampling2dSpec } from './spec';

const upSampling2dBuilder = tfjsBuilder(upSampling2dSpec, (p, name) => tf.layers.upSampling2d({ name, size: [...p.size], interpolation: p.interpolation }));

export const tfjsBuilders = [upSampling2dBuilder];
