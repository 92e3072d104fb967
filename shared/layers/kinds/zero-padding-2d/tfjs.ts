import * as tf from '@tensorflow/tfjs';
import { tfjsBuilder } from '../../tfjs-types';
import { paddingSides, zeroPadding2dSpec } from './spec';

const zeroPadding2dBuilder = tfjsBuilder(zeroPadding2dSpec, (p, name) => tf.layers.zeroPadding2d({ name, padding: paddingSides(p.padding) }));

export const tfjsBuilders = [zeroPadding2dBuilder];
