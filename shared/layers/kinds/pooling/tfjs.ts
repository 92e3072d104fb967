import * as tf from '@tensorflow/tfjs';
import {
  GlobalAveragePooling1DKeepingDims,
  GlobalAveragePooling2DKeepingDims,
  GlobalMaxPooling1DKeepingDims,
  GlobalMaxPooling2DKeepingDims,
} from './global-pooling';
import type { AnyTfjsBuilder } from '../../tfjs-types';
import { reductionWord, type Reduction } from './spec';

function pooling1d(reduction: Reduction): AnyTfjsBuilder {
  const build = reduction === 'max' ? tf.layers.maxPooling1d : tf.layers.averagePooling1d;
  return {
    type: `${reductionWord(reduction)}Pooling1D`,
    build: (p, name) => build({ name, poolSize: p.poolSize, strides: p.strides ?? p.poolSize, padding: p.padding }),
  };
}

function pooling2d(reduction: Reduction): AnyTfjsBuilder {
  const build = reduction === 'max' ? tf.layers.maxPooling2d : tf.layers.averagePooling2d;
  return {
    type: `${reductionWord(reduction)}Pooling2D`,
    build: (p, name) => build({ name, poolSize: [...p.poolSize] as [number, number], strides: [...(p.strides ?? p.poolSize)] as [number, number], padding: p.padding }),
  };
}

function globalPooling(reduction: Reduction, rank: 1 | 2): AnyTfjsBuilder {
  const TfjsClass = {
    max: [GlobalMaxPooling1DKeepingDims, GlobalMaxPooling2DKeepingDims],
    average: [GlobalAveragePooling1DKeepingDims, GlobalAveragePooling2DKeepingDims],
  }[reduction][rank - 1]!;
  return { type: `Global${reductionWord(reduction)}Pooling${rank}D`, build: (p, name) => new TfjsClass({ name, keepdims: p.keepDims }) };
}

export const tfjsBuilders: AnyTfjsBuilder[] = [
  pooling1d('max'),
  pooling1d('average'),
  pooling2d('max'),
  pooling2d('average'),
  globalPooling('max', 1),
  globalPooling('average', 1),
  globalPooling('max', 2),
  globalPooling('average', 2),
];
