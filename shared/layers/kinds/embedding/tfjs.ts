import * as tf from '@tensorflow/tfjs';
import { tfjsBuilder } from '../../tfjs-types';
import { embeddingSpec } from './spec';

const embeddingBuilder = tfjsBuilder(embeddingSpec, (p, name) =>
  tf.layers.embedding({
    name,
    inputDim: p.inputDim,
    outputDim: p.outputDim,
    maskZero: p.maskZero,
    ...(p.inputLength !== null ? { inputLength: p.inputLength } : {}),
  }));

export const tfjsBuilders = [embeddingBuilder];
