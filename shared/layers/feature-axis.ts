import { z } from 'zod';
import { shapeError } from './shape-errors';
import { fail, formatShape } from './shape-utils';
import type { InferResult, Shape } from './types';

/** What the normalization kinds share: the one feature axis they normalize along. */
export const featureAxis = z.number().int().default(-1).describe('the feature axis normalized along; -1 is the last');

/**
 * The feature axis a normalization layer works along, resolved against the input rank, or
 * a failure that says why it cannot be used.
 */
export function normalizedAxis(shape: Shape, axis: number, label: string): { index: number; size: number } | InferResult {
  if (shape.length < 2)
    return fail(shapeError('normFeatureAxis', { layer: label, shape: formatShape(shape) }), 'in');
  const index = axis < 0 ? shape.length + axis : axis;
  if (index < 0 || index >= shape.length)
    return fail(shapeError('normAxisRange', { layer: label, axis, shape: formatShape(shape), rank: shape.length }), 'in');
  if (index === 0)
    return fail(shapeError('normBatchAxis', { layer: label, axis }), 'in');
  const size = shape[index];
  if (size === null)
    return fail(shapeError('normUnknownSize', { layer: label, axis, shape: formatShape(shape) }), 'in');
  return { index, size };
}

export function isFailure(x: { index: number; size: number } | InferResult): x is InferResult {
  return 'ok' in x;
}

/** Keras writes the axis as an int or, once built, as a one-element list (`[3]`). */
export function singleAxisFromKeras(className: string, value: unknown): number {
  if (value === undefined || value === null) return -1;
  const axes = Array.isArray(value) ? value : [value];
  if (axes.length !== 1 || typeof axes[0] !== 'number' || !Number.isInteger(axes[0]))
    throw new Error(
      `${className} with axis=${JSON.stringify(value)} is not supported: NN Designer normalizes along one axis — rebuild the layer with a single axis`,
    );
  return axes[0];
}
