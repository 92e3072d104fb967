import { z } from 'zod';
import { layerLabel } from '../../keras-options';
import { shapeHint, type ShapeError } from '../../shape-errors';
import { fail, formatShape, isInferFailure, knownProduct, ok, singleInput } from '../../shape-utils';
import { defineSpec, NO_PARAMS, type Shape } from '../../types';
import { kindErrors } from './shape-errors';

/** [batch, 28, 28, 1] → [batch, 784]: every value of a sample in one feature axis. */
const targetDim = z.number().int().refine((d) => d === -1 || d >= 1, 'each target dimension is a positive size, or -1 for "whatever is left"');

/** The target shape with its -1 worked out, or null where the input size is not known. */
export function resolveTarget(input: Shape, target: number[]): { shape: Shape } | { error: ShapeError } {
  const total = knownProduct(input.slice(1));
  const wildcard = target.indexOf(-1);
  const known = target.reduce((p, d) => (d === -1 ? p : p * d), 1);
  if (total === null) return { shape: target.map((d) => (d === -1 ? null : d)) };
  if (wildcard >= 0) {
    if (total % known !== 0)
      return {
        error: kindErrors.error('reshapeNotMultiple', { shape: formatShape(input), total, target: `[${target.join(', ')}]`, known }, { hint: shapeHint('sizesDividing', { total }) }),
      };
    return { shape: target.map((d) => (d === -1 ? total / known : d)) };
  }
  if (known !== total)
    return {
      error: kindErrors.error('reshapeWrongTotal', { target: `[${target.join(', ')}]`, known, shape: formatShape(input), total }, { hint: shapeHint('sizesMultiplying', { total }) }),
    };
  return { shape: [...target] };
}

export const reshapeSpec = defineSpec({
  type: 'Reshape',
  order: 50,
  shapeErrors: kindErrors.texts,
  family: 'Reshape',
  label: 'Reshape',
  doc: 'Rearranges the values of each sample into a new shape with the same number of values, e.g. [784] → [28, 28, 1].',
  params: z.object({
    targetShape: z
      .array(targetDim)
      .min(1)
      .default([-1])
      .refine((s) => s.filter((d) => d === -1).length <= 1, 'only one target dimension may be -1')
      .describe('shape after the batch axis; one entry may be -1 to take whatever size is left'),
  }),
  inputs: [{ name: 'in', dtype: 'any' }],
  outputDtype: 'input',
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = singleInput(inputs, 'Reshape');
    if (isInferFailure(x)) return x;
    const resolved = resolveTarget(x, p.targetShape);
    if ('error' in resolved) return fail(resolved.error, 'in');
    return ok([null, ...resolved.shape]);
  },
  countParams: () => NO_PARAMS,
  keras: {
    classNames: ['Reshape'],
    fromConfig(c) {
      const target = c.target_shape;
      if (!Array.isArray(target) || target.some((d) => !Number.isInteger(d)))
        throw new Error(`${layerLabel(c, 'Reshape')} has target_shape ${JSON.stringify(target)}; expected a list of integers`);
      return { targetShape: target };
    },
  },
});

export const specs = [reshapeSpec];
