import { z } from 'zod';
import { layerLabel } from '../../keras-options';
import { shapeHint } from '../../shape-errors';
import { fail, formatShape, isInferFailure, ok, singleInput } from '../../shape-utils';
import { defineSpec, NO_PARAMS } from '../../types';
import { kindErrors } from './shape-errors';

const isPermutation = (dims: number[]) => dims.length > 0 && [...dims].sort((a, b) => a - b).every((d, i) => d === i + 1);

export const permuteSpec = defineSpec({
  type: 'Permute',
  order: 60,
  shapeErrors: kindErrors.texts,
  family: 'Reshape',
  label: 'Permute',
  doc: 'Reorders the axes after the batch, e.g. dims [2, 1] swaps time and features.',
  params: z.object({
    dims: z
      .array(z.number().int().min(1))
      .default([2, 1])
      .refine(isPermutation, 'dims must list each axis 1…n exactly once (1 is the first axis after the batch)')
      .describe('new order of the axes after the batch, counted from 1 as in Keras'),
  }),
  inputs: [{ name: 'in', dtype: 'any' }],
  outputDtype: 'input',
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = singleInput(inputs, 'Permute');
    if (isInferFailure(x)) return x;
    if (x.length - 1 !== p.dims.length)
      return fail(
        kindErrors.error('permuteAxes', { dims: `[${p.dims.join(', ')}]`, count: p.dims.length, shape: formatShape(x), axes: x.length - 1 }, { hint: shapeHint('listEachAxis') }),
        'in',
      );
    return ok([null, ...p.dims.map((d) => x[d]!)]);
  },
  countParams: () => NO_PARAMS,
  keras: {
    classNames: ['Permute'],
    fromConfig(c) {
      if (!Array.isArray(c.dims)) throw new Error(`${layerLabel(c, 'Permute')} has no dims list`);
      return { dims: c.dims };
    },
  },
});

export const specs = [permuteSpec];
