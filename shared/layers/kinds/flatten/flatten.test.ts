import { describe, expect, it } from 'vitest';
import { failureOf, fromKeras, kerasRefusal } from '../../test-helpers';

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
