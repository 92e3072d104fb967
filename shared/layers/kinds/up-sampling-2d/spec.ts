import { z } from 'zod';
import { kerasInts, layerLabel, requireChannelsLast } from '../../keras-options';
import { pair } from '../../params';
import { isInferFailure, ok } from '../../shape-utils';
import { imageInput } from '../../spatial';
import { defineSpec, NO_PARAMS } from '../../types';

export const upSampling2dSpec = defineSpec({
  type: 'UpSampling2D',
  order: 220,
  family: 'Reshape',
  label: 'Up-sampling 2D',
  doc: 'Enlarges an image by repeating rows and columns (or interpolating between them): no weights to learn.',
  params: z.object({
    size: pair([2, 2]).describe('how many times rows and columns are repeated'),
    interpolation: z.enum(['nearest', 'bilinear']).default('nearest'),
  }),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = imageInput(inputs, 'UpSampling2D', false);
    if (isInferFailure(x)) return x;
    const scale = (d: number | null, by: number) => (d === null ? null : d * by);
    return ok([null, scale(x[1]!, p.size[0]), scale(x[2]!, p.size[1]), x[3]!]);
  },
  countParams: () => NO_PARAMS,
  keras: {
    classNames: ['UpSampling2D'],
    fromConfig(c, _ctx, className) {
      requireChannelsLast(c, className);
      const interpolation = c.interpolation ?? 'nearest';
      if (interpolation !== 'nearest' && interpolation !== 'bilinear')
        throw new Error(
          `${layerLabel(c, className)} uses interpolation "${String(interpolation)}"; NN Designer supports "nearest" and "bilinear"`,
        );
      return { size: kerasInts(c.size ?? 2, 2, 'size', c, className), interpolation };
    },
  },
});

export const specs = [upSampling2dSpec];
