import { FixedBatchNormalization } from '../../custom/batch-normalization';
import { tfjsBuilder } from '../../tfjs-types';
import { batchNormalizationSpec } from './spec';

const batchNormalizationBuilder = tfjsBuilder(
  batchNormalizationSpec,
  (p, name) => new FixedBatchNormalization({ name, axis: p.axis, momentum: p.momentum, epsilon: p.epsilon, center: p.center, scale: p.scale }),
);

export const tfjsBuilders = [batchNormalizationBuilder];
