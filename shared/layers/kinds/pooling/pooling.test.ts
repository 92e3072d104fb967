import { describe, expect, it } from 'vitest';
import { failureOf, fromKeras, inferWith, kerasRefusal } from '../../test-helpers';

const KERAS3_DTYPE = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };

describe('pooling shape messages', () => {
  it('MaxPooling2D on a flat input suggests the Reshape', () => {
    expect(failureOf('MaxPooling2D', {}, [[null, 64]])).toBe(
      'MaxPooling2D expects a 4-D input [batch, height, width, channels] but gets [batch, 64] — add a Reshape to [8, 8, 1] before it',
    );
  });

  it('a pool larger than the input with valid padding is refused', () => {
    expect(failureOf('MaxPooling2D', { poolSize: [4, 4] }, [[null, 3, 3, 8]])).toBe(
      `MaxPooling2D's pool of 4×4 does not fit in [batch, 3, 3, 8] with padding "valid" — use padding "same", a smaller pool, or less downsampling before it`,
    );
  });

  it('strides default to the pool size', () => {
    expect(inferWith('AveragePooling2D', { poolSize: [3, 3] }, [[null, 9, 10, 2]])).toEqual({ ok: true, shapes: [[null, 3, 3, 2]] });
    expect(inferWith('MaxPooling1D', { poolSize: 2 }, [[null, 101, 4]])).toEqual({ ok: true, shapes: [[null, 50, 4]] });
  });

  it('global pooling can keep the pooled axes with size 1 (a squeeze-and-excitation gate)', () => {
    expect(inferWith('GlobalAveragePooling2D', { keepDims: true }, [[null, 7, 7, 32]])).toEqual({ ok: true, shapes: [[null, 1, 1, 32]] });
    expect(inferWith('GlobalMaxPooling1D', { keepDims: true }, [[null, null, 8]])).toEqual({ ok: true, shapes: [[null, 1, 8]] });
  });

  it('global pooling works on any size and says which layout it needs', () => {
    expect(inferWith('GlobalAveragePooling2D', {}, [[null, null, null, 16]])).toEqual({ ok: true, shapes: [[null, 16]] });
    expect(failureOf('GlobalAveragePooling2D', {}, [[null, 10, 16]])).toBe(
      'GlobalAveragePooling2D expects a 4-D input [batch, height, width, channels] but gets [batch, 10, 16] — add a Reshape to [10, 16, 1] before it to give it a channel axis',
    );
    expect(failureOf('GlobalMaxPooling1D', {}, [[null, 8, 8, 3]])).toBe(
      'GlobalMaxPooling1D expects a 3-D input [batch, steps, channels] but gets [batch, 8, 8, 3] — use the 2-D version of this layer for images, or Reshape to [steps, channels] first',
    );
  });
});

describe('pooling from Keras configs', () => {
  it('reads Keras 3, Keras 2.1 and legacy Keras 2.0 pooling configs, strides equal to the pool as the default', () => {
    expect(
      fromKeras('MaxPooling2D', { name: 'max_pooling2d', trainable: true, dtype: KERAS3_DTYPE, pool_size: [2, 2], padding: 'valid', strides: [2, 2], data_format: 'channels_last' }).params,
    ).toEqual({ poolSize: [2, 2], strides: null, padding: 'valid' });
    expect(
      fromKeras('AveragePooling2D', { name: 'average_pooling2d_1', trainable: true, pool_size: [8, 8], padding: 'same', strides: [1, 1], data_format: 'channels_last' }).params,
    ).toEqual({ poolSize: [8, 8], strides: [1, 1], padding: 'same' });
    expect(fromKeras('MaxPooling1D', { padding: 'valid', strides: [2], trainable: true, name: 'max_pooling1d_1', pool_size: [2] }).params).toEqual({
      poolSize: 2,
      strides: null,
      padding: 'valid',
    });
    expect(fromKeras('AveragePooling1D', { name: 'p', pool_size: 3, strides: null }).params).toEqual({ poolSize: 3, strides: null, padding: 'valid' });
  });

  it('reads the MaxPool2D alias and global pooling configs', () => {
    expect(fromKeras('MaxPool2D', { name: 'p', pool_size: [3, 3], strides: null, padding: 'same' })).toEqual({
      type: 'MaxPooling2D',
      params: { poolSize: [3, 3], strides: null, padding: 'same' },
    });
    expect(fromKeras('GlobalAveragePooling1D', { name: 'g', trainable: true, dtype: 'float32', data_format: 'channels_last', keepdims: false }).type).toBe(
      'GlobalAveragePooling1D',
    );
    expect(fromKeras('GlobalMaxPooling1D', { name: 'global_max_pooling1d_1', trainable: true, dtype: 'float32', data_format: 'channels_last' }).params).toEqual({
      keepDims: false,
    });
    expect(fromKeras('GlobalAveragePooling2D', { name: 'squeeze', data_format: 'channels_last', keepdims: true }).params).toEqual({ keepDims: true });
  });

  it('refuses channels_first and unknown padding, naming the layer', () => {
    expect(kerasRefusal('MaxPooling2D', { name: 'pool', pool_size: [2, 2], data_format: 'channels_first' })).toBe(
      'MaxPooling2D "pool" uses data_format "channels_first"; NN Designer works channels-last (NHWC) only — re-save the model with data_format="channels_last"',
    );
    expect(kerasRefusal('MaxPooling2D', { name: 'pool', pool_size: [2, 2], padding: 'full' })).toBe(
      'MaxPooling2D "pool" has padding "full"; NN Designer supports "valid" and "same" here',
    );
  });
});
