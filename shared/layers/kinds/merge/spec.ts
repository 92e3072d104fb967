import { z } from 'zod';
import { readKerasConfig } from '../../keras-config';
import { UNKNOWN_SIZE } from '../../shape-errors';
import { fail, formatShape, ok } from '../../shape-utils';
import { defineSpec, NO_PARAMS, type InferResult, type Shape } from '../../types';
import { kindErrors } from './shape-errors';

const sizeParam = (d: number | null): number | string => (d === null ? UNKNOWN_SIZE : d);

const MERGE_PORT = [{ name: 'in', multiple: true }];

function needsTwo(inputs: Shape[], label: string): InferResult | null {
  if (inputs.length >= 2) return null;
  return fail(kindErrors.error('mergeNeedsTwo', { layer: label, count: inputs.length }), 'in');
}

/**
 * Element-wise merges follow tfjs: equal ranks, and along each axis the sizes must match,
 * except that a size of 1 stretches to the other (squeeze-and-excitation multiplies a
 * [batch, 1, 1, C] gate into a [batch, H, W, C] map). An unknown size stays unknown.
 */
function elementwiseShape(inputs: Shape[], label: string): InferResult {
  const tooFew = needsTwo(inputs, label);
  if (tooFew) return tooFew;
  const first = inputs[0]!;
  const out: Shape = [...first];
  for (let i = 1; i < inputs.length; i++) {
    const other = inputs[i]!;
    if (other.length !== first.length)
      return fail(
        kindErrors.error('mergeRank', { layer: label, first: formatShape(first), index: i + 1, other: formatShape(other), firstRank: first.length, otherRank: other.length }),
        'in',
      );
    for (let axis = 1; axis < first.length; axis++) {
      const a = out[axis]!;
      const b = other[axis]!;
      if (a === null || b === null) out[axis] = null;
      else if (a === 1) out[axis] = b;
      else if (b !== 1 && a !== b)
        return fail(kindErrors.error('mergeAxis', { layer: label, first: formatShape(first), index: i + 1, other: formatShape(other), axis, a, b }), 'in');
    }
  }
  return ok(out);
}

const kerasMergeConfig = (className: string) => (config: Record<string, unknown>) => {
  readKerasConfig(className, config, []);
  return {};
};

function elementwiseMerge({ type, order, label, doc }: { type: string; order: number; label: string; doc: string }) {
  return defineSpec({
    type,
    order,
    shapeErrors: kindErrors.texts,
    family: 'Merge',
    label,
    doc,
    params: z.object({}),
    inputs: MERGE_PORT,
    outputs: [{ name: 'out' }],
    inferShape: (inputs) => elementwiseShape(inputs, type),
    countParams: () => NO_PARAMS,
    keras: { classNames: [type], fromConfig: kerasMergeConfig(type) },
  });
}

export const addSpec = elementwiseMerge({
  type: 'Add',
  order: 250,
  label: 'Add',
  doc: 'Sums its inputs element by element — the skip connection of a residual block.',
});

export const multiplySpec = elementwiseMerge({
  type: 'Multiply',
  order: 260,
  label: 'Multiply',
  doc: 'Multiplies its inputs element by element — a gate scaling a signal.',
});

export const averageSpec = elementwiseMerge({
  type: 'Average',
  order: 270,
  label: 'Average',
  doc: 'Averages its inputs element by element — e.g. an ensemble of branches.',
});

export const maximumSpec = elementwiseMerge({
  type: 'Maximum',
  order: 280,
  label: 'Maximum',
  doc: 'Keeps the largest of its inputs element by element.',
});

export const minimumSpec = elementwiseMerge({
  type: 'Minimum',
  order: 290,
  label: 'Minimum',
  doc: 'Keeps the smallest of its inputs element by element.',
});

export const concatenateSpec = defineSpec({
  type: 'Concatenate',
  order: 300,
  shapeErrors: kindErrors.texts,
  family: 'Merge',
  label: 'Concatenate',
  doc: 'Joins its inputs end to end along one axis (by default the features).',
  params: z.object({ axis: z.number().int().default(-1).describe('the axis joined along; -1 is the last (features)') }),
  inputs: MERGE_PORT,
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const tooFew = needsTwo(inputs, 'Concatenate');
    if (tooFew) return tooFew;
    const first = inputs[0]!;
    const rank = first.length;
    const axis = p.axis < 0 ? rank + p.axis : p.axis;
    if (axis < 1 || axis >= rank)
      return fail(
        axis === 0 ? kindErrors.error('concatBatchAxis', { axis: p.axis }) : kindErrors.error('concatAxisRange', { axis: p.axis, shape: formatShape(first), rank }),
        'in',
      );
    const out: Shape = [...first];
    for (let i = 1; i < inputs.length; i++) {
      const other = inputs[i]!;
      if (other.length !== rank)
        return fail(kindErrors.error('concatRank', { first: formatShape(first), index: i + 1, other: formatShape(other) }), 'in');
      // tfjs compares the other axes exactly, so an unknown size only matches an unknown size.
      const differing = first.findIndex((d, k) => k !== axis && k !== 0 && d !== other[k]);
      if (differing !== -1)
        return fail(
          kindErrors.error('concatOtherAxis', {
            axis: p.axis,
            first: formatShape(first),
            index: i + 1,
            other: formatShape(other),
            differing,
            a: sizeParam(first[differing]!),
            b: sizeParam(other[differing]!),
          }),
          'in',
        );
      const a = out[axis]!;
      const b = other[axis]!;
      out[axis] = a === null || b === null ? null : a + b;
    }
    return ok(out);
  },
  countParams: () => NO_PARAMS,
  keras: {
    classNames: ['Concatenate'],
    fromConfig(config) {
      const c = readKerasConfig('Concatenate', config, ['axis']);
      return { axis: c.optionalInt('axis') ?? -1 };
    },
  },
});

export const specs = [addSpec, multiplySpec, averageSpec, maximumSpec, minimumSpec, concatenateSpec];
