import * as tf from '@tensorflow/tfjs';
import { tfjsBuilder } from '../../tfjs-types';
import { denseSpec } from './spec';

const denseBuilder = tfjsBuilder(denseSpec, (p, name) =>
  tf.layers.dense({
    name,
    units: p.units,
    activation: p.activation,
    useBias: p.useBias,
    kernelInitializer: p.kernelInitializer,
  }));

export const tfjsBuilders = [denseBuilder];
