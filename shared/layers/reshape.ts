import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { positiveInt } from './params';
import { layerLabel, requireChannelsLast } from './keras-options';
import { shapeError, shapeHint, type ShapeError } from './shape-errors';
import { expectRank, fail, formatShape, isInferFailure, knownProduct, ok, singleInput } from './shape-utils';
import { defineLayer } from './tfjs-types';
import { NO_PARAMS, type Shape } from './types';

/** [batch, 28, 28, 1] → [batch, 784]: every value of a sample in one feature axis. */
export const flattenLayer = defineLayer({
  type: 'Flatten',
  family: 'Reshape',
  label: 'Flatten',
  doc: 'Lays every value of a sample out in one row, e.g. [28, 28, 1] → [784], so Dense can follow.',
  params: z.object({}),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs) {
    const x = singleInput(inputs, 'Flatten');
    if (isInferFailure(x)) return x;
    if (x.length < 3)
      return fail(shapeError('flattenTooFewAxes', { shape: formatShape(x) }, { hint: shapeHint('removeFlatten') }), 'in');
    const size = knownProduct(x.slice(1));
    if (size === null)
      return fail(shapeError('flattenUnknownSize', { shape: formatShape(x) }, { hint: shapeHint('fixSizeOrPool') }), 'in');
    return ok([null, size]);
  },
  countParams: () => NO_PARAMS,
  toTfjs: (_p, name) => tf.layers.flatten({ name }),
  keras: {
    classNames: ['Flatten'],
    fromConfig(c) {
      requireChannelsLast(c, 'Flatten');
      return {};
    },
  },
});

const targetDim = z.number().int().refine((d) => d === -1 || d >= 1, 'each target dimension is a positive size, or -1 for "whatever is left"');

/** The target shape with its -1 worked out, or null where the input size is not known. */
function resolveTarget(input: Shape, target: number[]): { shape: Shape } | { error: ShapeError } {
  const total = knownProduct(input.slice(1));
  const wildcard = target.indexOf(-1);
  const known = target.reduce((p, d) => (d === -1 ? p : p * d), 1);
  if (total === null) return { shape: target.map((d) => (d === -1 ? null : d)) };
  if (wildcard >= 0) {
    if (total % known !== 0)
      return {
        error: shapeError('reshapeNotMultiple', { shape: formatShape(input), total, target: `[${target.join(', ')}]`, known }, { hint: shapeHint('sizesDividing', { total }) }),
      };
    return { shape: target.map((d) => (d === -1 ? total / known : d)) };
  }
  if (known !== total)
    return {
      error: shapeError('reshapeWrongTotal', { target: `[${target.join(', ')}]`, known, shape: formatShape(input), total }, { hint: shapeHint('sizesMultiplying', { total }) }),
    };
  return { shape: [...target] };
}

export const reshapeLayer = defineLayer({
  type: 'Reshape',
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
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = singleInput(inputs, 'Reshape');
    if (isInferFailure(x)) return x;
    const resolved = resolveTarget(x, p.targetShape);
    if ('error' in resolved) return fail(resolved.error, 'in');
    return ok([null, ...resolved.shape]);
  },
  countParams: () => NO_PARAMS,
  // tfjs leaves a -1 unresolved (null) whenever the batch size is free, which is always the
  // case while building a model; giving it the worked-out size keeps later layers buildable.
  toTfjs(p, name, inputs) {
    const resolved = inputs[0] ? resolveTarget(inputs[0], p.targetShape) : undefined;
    const targetShape =
      resolved && 'shape' in resolved && resolved.shape.every((d) => d !== null) ? (resolved.shape as number[]) : [...p.targetShape];
    return tf.layers.reshape({ name, targetShape });
  },
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

const isPermutation = (dims: number[]) => dims.length > 0 && [...dims].sort((a, b) => a - b).every((d, i) => d === i + 1);

export const permuteLayer = defineLayer({
  type: 'Permute',
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
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = singleInput(inputs, 'Permute');
    if (isInferFailure(x)) return x;
    if (x.length - 1 !== p.dims.length)
      return fail(
        shapeError('permuteAxes', { dims: `[${p.dims.join(', ')}]`, count: p.dims.length, shape: formatShape(x), axes: x.length - 1 }, { hint: shapeHint('listEachAxis') }),
        'in',
      );
    return ok([null, ...p.dims.map((d) => x[d]!)]);
  },
  countParams: () => NO_PARAMS,
  toTfjs: (p, name) => tf.layers.permute({ name, dims: [...p.dims] }),
  keras: {
    classNames: ['Permute'],
    fromConfig(c) {
      if (!Array.isArray(c.dims)) throw new Error(`${layerLabel(c, 'Permute')} has no dims list`);
      return { dims: c.dims };
    },
  },
});

export const repeatVectorLayer = defineLayer({
  type: 'RepeatVector',
  family: 'Reshape',
  label: 'Repeat vector',
  doc: 'Repeats a feature vector n times into a sequence: [features] → [n, features] (encoder → decoder).',
  params: z.object({ n: positiveInt(3).describe('how many times the vector is repeated') }),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = singleInput(inputs, 'RepeatVector');
    if (isInferFailure(x)) return x;
    const rank = expectRank(x, 2, 'RepeatVector', '[batch, features]', x.length > 2 ? shapeHint('addFlattenOrPooling') : undefined);
    if (rank) return rank;
    return ok([null, p.n, x[1]!]);
  },
  countParams: () => NO_PARAMS,
  toTfjs: (p, name) => tf.layers.repeatVector({ name, n: p.n }),
  keras: {
    classNames: ['RepeatVector'],
    fromConfig(c) {
      if (!Number.isInteger(c.n)) throw new Error(`${layerLabel(c, 'RepeatVector')} has no integer n`);
      return { n: c.n };
    },
  },
});
