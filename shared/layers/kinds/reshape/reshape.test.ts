import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../..';
import { failureOf, fromKeras, inferWith, kerasRefusal } from '../../test-helpers';
import { tfjsCatalog } from '../../tfjs-catalog';

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
