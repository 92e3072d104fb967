import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../..';
import { tfjsCatalog } from '../../tfjs-catalog';
import type { InferResult, Shape } from '../../types';

function infer(type: string, params: Record<string, unknown>, inputs: Shape[]): InferResult {
  const resolved = catalog.resolveParams(type, params);
  if (!resolved.success) throw new Error(resolved.error);
  return catalog.kind(type)!.inferShape(inputs, resolved.params, catalog);
}

const fromKeras = (className: string, config: Record<string, unknown>) =>
  catalog.forKerasClass(className)!.keras!.fromConfig(config, catalog, className);

describe('BatchNormalization and LayerNormalization shapes', () => {
  it('keep the input shape and count moving statistics as non-trainable', () => {
    const kind = catalog.kind('BatchNormalization')!;
    const params = catalog.resolveParams('BatchNormalization', { center: false }) as { params: Record<string, unknown> };
    expect(infer('BatchNormalization', {}, [[null, 8, 8, 3]])).toEqual({ ok: true, shapes: [[null, 8, 8, 3]] });
    expect(kind.countParams([[null, 8, 8, 3]], params.params, catalog)).toEqual({ trainable: 3, nonTrainable: 6 });
  });

  it('refuse ranks tfjs cannot normalize, before training finds out', () => {
    expect(infer('BatchNormalization', {}, [[null, 2, 2, 2, 2]])).toMatchObject({ ok: false, port: 'in', error: { code: 'batchNormRank' } });
    const result = infer('BatchNormalization', {}, [[null, 2, 2, 2, 2]]);
    expect(!result.ok && result.message).toBe(
      'BatchNormalization works on vectors, sequences or images ([batch, features] up to [batch, height, width, channels]) but gets [batch, 2, 2, 2, 2] — Reshape or Flatten it first',
    );
    expect(infer('BatchNormalization', {}, [[null, 2, 2, 2]])).toMatchObject({ ok: true });
  });

  it.each([
    [{ center: false }, 8],
    [{ scale: false }, 8],
    [{ center: false, scale: false }, 0],
  ])('train without an offset or a scale (%o), with the parameters the spec counts', async (params, trainable) => {
    const resolved = catalog.resolveParams('BatchNormalization', params) as { params: Record<string, unknown> };
    const input = tf.input({ shape: [8] });
    const layer = tfjsCatalog.build('BatchNormalization', resolved.params, 'batch_normalization_1', [[null, 8]]);
    // A Dense in front gives the model something to train when the layer itself has nothing.
    const dense = tf.layers.dense({ units: 8 });
    const model = tf.model({ inputs: input, outputs: layer.apply(dense.apply(input)) as tf.SymbolicTensor });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const xs = tf.randomNormal([4, 8]);
    const ys = tf.randomNormal([4, 8]);
    const before = tf.memory().numTensors;
    // Found by the fuzzer: tfjs read the missing beta or gamma on the first batch ("Cannot read properties of undefined").
    await model.fit(xs, ys, { epochs: 2, batchSize: 4, verbose: 0 });
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before + 2);
    const counted = catalog.kind('BatchNormalization')!.countParams([[null, 8]], resolved.params, catalog);
    expect(counted).toEqual({ trainable, nonTrainable: 16 });
    expect(layer.countParams()).toBe(counted.trainable + counted.nonTrainable);
    expect(model.toJSON(null, false)).toMatchObject({ config: { layers: [{}, {}, { class_name: 'BatchNormalization', config: { center: !('center' in params), scale: !('scale' in params) } }] } });
    const predicted = model.predict(xs) as tf.Tensor;
    expect(Number.isFinite(predicted.sum().dataSync()[0])).toBe(true);
    tf.dispose([xs, ys, predicted]);
    model.dispose();
  });

  it.each([
    [[7, 4], 1],
    [[5, 5, 3], 1],
    [[5, 5, 3], 2],
  ])('train along an axis other than the last (%o, axis %i), normalizing as tfjs does', async (shape, axis) => {
    // Found by the fuzzer: tfjs's gradient failed ("Size(56) must match the product of shape 1,7,1").
    const resolved = catalog.resolveParams('BatchNormalization', { axis }) as { params: Record<string, unknown> };
    const input = tf.input({ shape });
    const layer = tfjsCatalog.build('BatchNormalization', resolved.params, 'batch_normalization_1', [[null, ...shape]]);
    const dense = tf.layers.dense({ units: shape[shape.length - 1]! });
    const model = tf.model({ inputs: input, outputs: layer.apply(dense.apply(input)) as tf.SymbolicTensor });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const xs = tf.randomNormal([4, ...shape]);
    await model.fit(xs, tf.randomNormal([4, ...shape]), { epochs: 1, batchSize: 4, verbose: 0 });
    // One moving statistic per position along the axis.
    const [, , movingMean] = layer.getWeights();
    expect(movingMean!.shape).toEqual([shape[axis - 1]]);
    // Predicting normalizes with the moving statistics along the axis (tfjs's own class gets this wrong on the wasm backend).
    const [gamma, beta, mean, variance] = layer.getWeights();
    const along = (w: tf.Tensor) => w.reshape([1, ...shape].map((d, i) => (i === axis ? d : 1)));
    const hidden = dense.apply(xs) as tf.Tensor;
    const theirs = tf.add(tf.mul(tf.div(tf.sub(hidden, along(mean!)), tf.sqrt(tf.add(along(variance!), 1e-3))), along(gamma!)), along(beta!));
    const ours = layer.apply(hidden) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]).toBeLessThan(1e-4);
    const trainingOutput = layer.apply(hidden, { training: true }) as tf.Tensor;
    const meanPerPosition = tf.mean(trainingOutput, [...Array(shape.length + 1).keys()].filter((i) => i !== axis));
    // Training normalizes with the batch's own statistics: each position's mean is its offset.
    expect(Math.max(...tf.abs(tf.sub(meanPerPosition, beta!)).dataSync())).toBeLessThan(1e-4);
    tf.dispose([xs, hidden, ours, theirs, trainingOutput, meanPerPosition]);
    model.dispose();
  });

  it('refuse the batch axis and say which axis to use', () => {
    const result = infer('BatchNormalization', { axis: 0 }, [[null, 4]]);
    expect(result).toMatchObject({ ok: false, port: 'in' });
    expect(!result.ok && result.message).toBe(
      'BatchNormalization cannot normalize along axis 0, the batch axis — use -1 for the last (feature) axis',
    );
  });

  it('name the axis count when the axis does not exist', () => {
    const result = infer('LayerNormalization', { axis: 3 }, [[null, 5, 4]]);
    expect(!result.ok && result.message).toBe(
      'LayerNormalization normalizes along axis 3, but the input [batch, 5, 4] has only 3 axes — use -1 for the last (feature) axis',
    );
  });

  it('need a known feature size to hold one scale per feature', () => {
    const result = infer('LayerNormalization', {}, [[null, 5, null]]);
    expect(!result.ok && result.message).toContain('needs a known size along axis -1');
    expect(!result.ok && result.message).toContain('[batch, 5, ?]');
  });

  it('need a feature axis at all', () => {
    const result = infer('BatchNormalization', {}, [[null]]);
    expect(!result.ok && result.message).toBe(
      'BatchNormalization expects an input with a feature axis [batch, …, features] but gets [batch]',
    );
  });
});

describe('BatchNormalization from Keras configs', () => {
  it('reads a Keras 3 config with DTypePolicy and module keys', () => {
    const keras3 = {
      name: 'batch_normalization',
      trainable: true,
      dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null },
      axis: -1,
      momentum: 0.99,
      epsilon: 0.001,
      center: true,
      scale: true,
      beta_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null },
      gamma_initializer: { module: 'keras.initializers', class_name: 'Ones', config: {}, registered_name: null },
      moving_mean_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null },
      moving_variance_initializer: { module: 'keras.initializers', class_name: 'Ones', config: {}, registered_name: null },
      beta_regularizer: null,
      gamma_regularizer: null,
      beta_constraint: null,
      gamma_constraint: null,
      synchronized: false,
    };
    expect(fromKeras('BatchNormalization', keras3)).toEqual({ axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true });
  });

  it('reads the one-element axis list tfjs-layers 3 writes (MobileNetV2)', () => {
    const tfjs3 = {
      axis: [3],
      momentum: 0.999,
      epsilon: 0.001,
      center: true,
      scale: true,
      beta_initializer: { class_name: 'Zeros', config: {} },
      gamma_initializer: { class_name: 'Ones', config: {} },
      moving_mean_initializer: { class_name: 'Zeros', config: {} },
      moving_variance_initializer: { class_name: 'Ones', config: {} },
      beta_regularizer: null,
      gamma_regularizer: null,
      beta_constraint: null,
      gamma_constraint: null,
      name: 'bn_Conv1',
      trainable: true,
    };
    expect(fromKeras('BatchNormalization', tfjs3)).toMatchObject({ axis: 3, momentum: 0.999 });
  });

  it('reads a Keras 2.1 config with center and scale off', () => {
    const keras21 = {
      name: 'batch_normalization_1',
      trainable: true,
      axis: -1,
      momentum: 0.9,
      epsilon: 1e-5,
      center: false,
      scale: false,
      beta_initializer: { class_name: 'Zeros', config: {} },
      gamma_initializer: { class_name: 'Ones', config: {} },
      moving_mean_initializer: { class_name: 'Zeros', config: {} },
      moving_variance_initializer: { class_name: 'Ones', config: {} },
      beta_regularizer: null,
      gamma_regularizer: null,
      beta_constraint: null,
      gamma_constraint: null,
    };
    expect(fromKeras('BatchNormalization', keras21)).toEqual({ axis: -1, momentum: 0.9, epsilon: 1e-5, center: false, scale: false });
  });

  it('refuses what tfjs cannot compute, by name', () => {
    expect(() => fromKeras('BatchNormalization', { axis: -1, renorm: true })).toThrow(/BatchNormalization with renorm=true is not supported/);
    expect(() => fromKeras('BatchNormalization', { axis: [1, 2] })).toThrow(/axis=\[1,2\] is not supported/);
    expect(() => fromKeras('BatchNormalization', { axis: -1, gamma_regularizer: { class_name: 'L2', config: { l2: 0.01 } } })).toThrow(
      /gamma_regularizer .* cannot represent/,
    );
    expect(() => fromKeras('BatchNormalization', { axis: -1, fancy_option: 1 })).toThrow('BatchNormalization option "fancy_option" is not supported');
  });
});
