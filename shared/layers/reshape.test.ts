import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { catalog } from '.';
import { tfjsCatalog } from './tfjs-catalog';
import { failureOf, fromKeras, inferWith, kerasRefusal } from './test-helpers';

describe('Flatten', () => {
  it('says an already flat input needs no Flatten', () => {
    expect(failureOf('Flatten', {}, [[null, 10]])).toBe(
      'Flatten expects an input with at least two axes after the batch, e.g. [batch, 28, 28, 1], but gets [batch, 10] — it is already flat, so remove the Flatten',
    );
  });

  it('refuses a free axis and points to global pooling', () => {
    expect(failureOf('Flatten', {}, [[null, null, 8]])).toBe(
      'Flatten needs every axis but the batch to have a known size but gets [batch, ?, 8] — give the Input a fixed size, or pool the free axis away with a global pooling layer instead',
    );
  });

  it('reads Keras configs and refuses channels_first', () => {
    expect(fromKeras('Flatten', { name: 'flatten_1', trainable: true }).params).toEqual({});
    expect(kerasRefusal('Flatten', { name: 'f', data_format: 'channels_first' })).toContain('channels-last (NHWC) only');
  });
});

describe('Reshape', () => {
  it('names both sizes when the values do not add up', () => {
    expect(failureOf('Reshape', { targetShape: [28, 28, 1] }, [[null, 100]])).toBe(
      'Reshape to [28, 28, 1] needs 784 values per sample but gets [batch, 100] with 100 — choose sizes that multiply to 100, or use -1 for one of them',
    );
    expect(failureOf('Reshape', { targetShape: [-1, 3] }, [[null, 10]])).toBe(
      'Reshape cannot turn [batch, 10] (10 values per sample) into [-1, 3]: 10 is not a multiple of 3 — choose sizes whose product divides 10',
    );
  });

  it('works out the -1 even though tfjs alone would leave it unknown', () => {
    expect(inferWith('Reshape', { targetShape: [-1, 4] }, [[null, 6, 6]])).toEqual({ ok: true, shapes: [[null, 9, 4]] });
    const layer = tfjsCatalog.build('Reshape', { targetShape: [-1, 4] }, 'r', [[null, 6, 6]]);
    const out = layer.apply(tf.input({ shape: [6, 6] })) as tf.SymbolicTensor;
    expect(out.shape).toEqual([null, 9, 4]);
    // A Dense after it can be built only because the last axis is known.
    expect((tf.layers.dense({ units: 2 }).apply(out) as tf.SymbolicTensor).shape).toEqual([null, 9, 2]);
  });

  it('allows only one -1', () => {
    expect(catalog.resolveParams('Reshape', { targetShape: [-1, -1] })).toMatchObject({ success: false, error: 'targetShape: only one target dimension may be -1' });
    expect(catalog.resolveParams('Reshape', { targetShape: [0, 3] }).success).toBe(false);
  });

  it('reads Keras configs', () => {
    expect(fromKeras('Reshape', { name: 'reshape', target_shape: [28, 28, 1] }).params).toEqual({ targetShape: [28, 28, 1] });
    expect(fromKeras('Reshape', { name: 'reshape', target_shape: [-1, 64] }).params).toEqual({ targetShape: [-1, 64] });
    expect(kerasRefusal('Reshape', { name: 'r' })).toBe('Reshape "r" has target_shape undefined; expected a list of integers');
  });
});

describe('Permute', () => {
  it('checks the dims against the input rank', () => {
    expect(failureOf('Permute', { dims: [2, 1] }, [[null, 5, 4, 3]])).toBe(
      'Permute with dims [2, 1] reorders 2 axes but gets [batch, 5, 4, 3] with 3 after the batch — list each of its axes once in dims',
    );
    expect(inferWith('Permute', { dims: [3, 1, 2] }, [[null, 4, 6, 2]])).toEqual({ ok: true, shapes: [[null, 2, 4, 6]] });
  });

  it('refuses dims that are not a permutation of 1…n', () => {
    expect(catalog.resolveParams('Permute', { dims: [0, 1] }).success).toBe(false);
    expect(catalog.resolveParams('Permute', { dims: [1, 1] })).toMatchObject({
      success: false,
      error: 'dims: dims must list each axis 1…n exactly once (1 is the first axis after the batch)',
    });
  });

  it('reads Keras configs (1-based, as Keras writes them)', () => {
    expect(fromKeras('Permute', { name: 'permute', dims: [2, 1] }).params).toEqual({ dims: [2, 1] });
  });
});

describe('RepeatVector', () => {
  it('takes a flat vector only', () => {
    expect(failureOf('RepeatVector', { n: 3 }, [[null, 4, 4]])).toBe(
      'RepeatVector expects a 2-D input [batch, features] but gets [batch, 4, 4] — add a Flatten or a global pooling layer before it',
    );
    expect(inferWith('RepeatVector', { n: 3 }, [[null, 4]])).toEqual({ ok: true, shapes: [[null, 3, 4]] });
  });

  it('reads Keras configs', () => {
    expect(fromKeras('RepeatVector', { name: 'repeat_vector', n: 10 }).params).toEqual({ n: 10 });
  });
});
