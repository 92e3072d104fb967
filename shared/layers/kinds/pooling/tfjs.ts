import * as tf from '@tensorflow/tfjs';
import {
  GlobalAveragePooling1DKeepingDims,
  GlobalAveragePooling2DKeepingDims,
  GlobalMaxPooling1DKeepingDims,
  GlobalMaxPooling2DKeepingDims,
} from '../../custom';
import type { AnyTfjsBuilder } from '../../tfjs-types';
import type { Reduction } from './spec';

function pooling1d(reduction: Reduction): AnyTfjsBuilder {
  const build = reduction === 'Max' ? tf.layers.maxPooling1d : tf.layers.averagePooling1d;
  return {
    type: `${reduction}Pooling1D`,
    build: (p, name) => build({ name, poolSize: p.poolSize, strides: p.strides ?? p.poolSize, padding: p.padding }),
  };
}

function pooling2d(reduction: Reduction): AnyTfjsBuilder {
  const build = reduction === 'Max' ? tf.layers.maxPooling2d : tf.layers.averagePooling2d;
  return {
    type: `${reduction}Pooling2D`,
    build: (p, name) => build({ name, poolSize: [...p.poolSize] as [number, number], strides: [...(p.strides ?? p.poolSize)] as [number, number], padding: p.padding }),
  };
}

function globalPooling(reduction: Reduction, rank: 1 | 2): AnyTfjsBuilder {
  const TfjsClass = {
    Max: [GlobalMaxPooling1DKeepingDims, GlobalMaxPooling2DKeepingDims],
    Average: [GlobalAveragePooling1DKeepingDims, GlobalAveragePooling2DKeepingDims],
  }[reduction][rank - 1]!;
  return { type: `Global${reduction}Pooling${rank}D`, build: (p, name) => new TfjsClass({ name, keepdims: p.keepDims }) };
}

export const tfjsBuilders: AnyTfjsBuilder[] = [
  pooling1d('Max'),
  pooling1d('Average'),
  pooling2d('Max'),
  pooling2d('Average'),
  globalPooling('Max', 1),
  globalPooling('Average', 1),
  globalPooling('Max', 2),
  globalPooling('Average', 2),
];
