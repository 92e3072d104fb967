import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { FastLayerNormalization } from './custom';
import { initializerKeys, readKerasConfig, regularizerKeys } from './keras-config';
import { shapeError } from './shape-errors';
import { fail, formatShape, isInferFailure, ok, singleInput } from './shape-utils';
import { defineLayer } from './tfjs-types';
import { type InferResult, type Shape } from './types';

const featureAxis = z.number().int().default(-1).describe('the feature axis normalized along; -1 is the last');

/**
 * The feature axis a normalization layer works along, resolved against the input rank, or
 * a failure that says why it cannot be used.
 */
function normalizedAxis(shape: Shape, axis: number, label: string): { index: number; size: number } | InferResult {
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

function isFailure(x: { index: number; size: number } | InferResult): x is InferResult {
  return 'ok' in x;
}

/** Keras writes the axis as an int or, once built, as a one-element list (`[3]`). */
function singleAxisFromKeras(className: string, value: unknown): number {
  if (value === undefined || value === null) return -1;
  const axes = Array.isArray(value) ? value : [value];
  if (axes.length !== 1 || typeof axes[0] !== 'number' || !Number.isInteger(axes[0]))
    throw new Error(
      `${className} with axis=${JSON.stringify(value)} is not supported: NN Designer normalizes along one axis — rebuild the layer with a single axis`,
    );
  return axes[0];
}

export const batchNormalizationLayer = defineLayer({
  type: 'BatchNormalization',
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
    const axis = normalizedAxis(x, p.axis, 'BatchNormalization');
    if (isFailure(axis)) return axis;
    return ok([...x]);
  },
  countParams(inputs, p) {
    const { size } = normalizedAxis(inputs[0]!, p.axis, 'BatchNormalization') as { size: number };
    // gamma and beta learn; the moving mean and variance are updated, not trained.
    return { trainable: size * (Number(p.scale) + Number(p.center)), nonTrainable: 2 * size };
  },
  toTfjs: (p, name) =>
    tf.layers.batchNormalization({ name, axis: p.axis, momentum: p.momentum, epsilon: p.epsilon, center: p.center, scale: p.scale }),
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

export const layerNormalizationLayer = defineLayer({
  type: 'LayerNormalization',
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
  toTfjs: (p, name) => new FastLayerNormalization({ name, axis: p.axis, epsilon: p.epsilon, center: p.center, scale: p.scale }),
  keras: {
    // NndLayerNormalization is our own class, as written into the model.json files we export.
    classNames: ['LayerNormalization', FastLayerNormalization.className],
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
