import { z } from 'zod';
import { featureAxis, isFailure, normalizedAxis, singleAxisFromKeras } from '../../feature-axis';
import { initializerKeys, readKerasConfig, regularizerKeys } from '../../keras-config';
import { fail, formatShape, isInferFailure, ok, singleInput } from '../../shape-utils';
import { defineSpec } from '../../types';
import { kindErrors } from './shape-errors';

export const batchNormalizationSpec = defineSpec({
  type: 'BatchNormalization',
  order: 230,
  shapeErrors: kindErrors.texts,
  family: 'Normalization',
  label: 'Batch normalization',
  doc: 'Normalizes each feature with the batch’s mean and variance while training, with running averages afterwards.',
  params: z.object({
    axis: featureAxis,
    momentum: z.number().min(0).max(1).default(0.99),
    epsilon: z.number().positive().default(1e-3),
    center: z.boolean().default(true),
    scale: z.boolean().default(true),
  }),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = singleInput(inputs, 'BatchNormalization');
    if (isInferFailure(x)) return x;
    // tfjs normalizes ranks 2 to 4 only (batch included); a larger one fails on the first batch.
    if (x.length > 4) return fail(kindErrors.error('batchNormRank', { shape: formatShape(x) }), 'in');
    const axis = normalizedAxis(x, p.axis, 'BatchNormalization');
    if (isFailure(axis)) return axis;
    return ok([...x]);
  },
  countParams(inputs, p) {
    const { size } = normalizedAxis(inputs[0]!, p.axis, 'BatchNormalization') as { size: number };
    // gamma and beta learn; the moving mean and variance are updated, not trained.
    return { trainable: size * (Number(p.scale) + Number(p.center)), nonTrainable: 2 * size };
  },
  keras: {
    classNames: ['BatchNormalization'],
    fromConfig(config) {
      const c = readKerasConfig('BatchNormalization', config, [
        'axis',
        'momentum',
        'epsilon',
        'center',
        'scale',
        ...initializerKeys('beta', 'gamma', 'moving_mean', 'moving_variance'),
        ...regularizerKeys('beta', 'gamma'),
        'synchronized',
        'fused',
        'renorm',
        'renorm_clipping',
        'renorm_momentum',
        'virtual_batch_size',
        'adjustment',
      ]);
      const why = 'TensorFlow.js has no batch renormalization, ghost batches or adjustment — rebuild the layer without it';
      c.refuseUnless('renorm', (v) => v === false || v === null, why);
      c.refuseUnless('virtual_batch_size', (v) => v === null, why);
      c.refuseUnless('adjustment', (v) => v === null, why);
      return {
        axis: singleAxisFromKeras('BatchNormalization', c.raw('axis')),
        momentum: c.number('momentum', 0.99),
        epsilon: c.number('epsilon', 1e-3),
        center: c.boolean('center', true),
        scale: c.boolean('scale', true),
      };
    },
  },
});

export const specs = [batchNormalizationSpec];
