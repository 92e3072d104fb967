import { z } from 'zod';
import { featureAxis, isFailure, normalizedAxis, singleAxisFromKeras } from '../../feature-axis';
import { initializerKeys, readKerasConfig, regularizerKeys } from '../../keras-config';
import { isInferFailure, ok, singleInput } from '../../shape-utils';
import { defineSpec } from '../../types';

export const layerNormalizationSpec = defineSpec({
  type: 'LayerNormalization',
  order: 240,
  family: 'Normalization',
  label: 'Layer normalization',
  doc: 'Normalizes each sample over its features (mean 0, variance 1), then scales and shifts; the Transformer’s normalization.',
  params: z.object({
    axis: featureAxis,
    epsilon: z.number().positive().default(1e-3),
    center: z.boolean().default(true),
    scale: z.boolean().default(true),
  }),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = singleInput(inputs, 'LayerNormalization');
    if (isInferFailure(x)) return x;
    const axis = normalizedAxis(x, p.axis, 'LayerNormalization');
    if (isFailure(axis)) return axis;
    return ok([...x]);
  },
  countParams(inputs, p) {
    const { size } = normalizedAxis(inputs[0]!, p.axis, 'LayerNormalization') as { size: number };
    return { trainable: size * (Number(p.scale) + Number(p.center)), nonTrainable: 0 };
  },
  keras: {
    // NndLayerNormalization is our own class, as written into the model.json files we export.
    classNames: ['LayerNormalization', 'NndLayerNormalization'],
    fromConfig(config) {
      const c = readKerasConfig('LayerNormalization', config, [
        'axis',
        'epsilon',
        'center',
        'scale',
        'rms_scaling',
        ...initializerKeys('beta', 'gamma'),
        ...regularizerKeys('beta', 'gamma'),
      ]);
      c.refuseUnless('rms_scaling', (v) => v === false || v === null, 'RMS scaling is not available — rebuild the layer without it');
      return {
        axis: singleAxisFromKeras('LayerNormalization', c.raw('axis')),
        epsilon: c.number('epsilon', 1e-3),
        center: c.boolean('center', true),
        scale: c.boolean('scale', true),
      };
    },
  },
});

export const specs = [layerNormalizationSpec];
