import { describe, expect, it } from 'vitest';
import { catalog } from '../..';
import { failureOf, fromKeras, inferWith } from '../../test-helpers';

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
