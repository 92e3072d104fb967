import { describe, expect, it } from 'vitest';
import { catalog } from './index';
import { effectiveParamValue, nullStandsFor } from './null-defaults';

describe('params whose null stands for another param', () => {
  it('a pooling layer without strides steps by its pool size, as its shape says', () => {
    const resolved = catalog.resolveParams('MaxPooling2D', { poolSize: [2, 2] });
    if (!resolved.success) throw new Error(resolved.error);
    expect(resolved.params.strides).toBeNull();
    expect(nullStandsFor('strides', resolved.params)).toBe('poolSize');
    expect(effectiveParamValue('strides', resolved.params)).toEqual([2, 2]);
    expect(effectiveParamValue('strides', { ...resolved.params, strides: [1, 1] })).toEqual([1, 1]);
  });

  it('an attention layer without a value size uses its key size; other params are what they are', () => {
    expect(effectiveParamValue('valueDim', { keyDim: 16, valueDim: null })).toBe(16);
    expect(effectiveParamValue('inputLength', { inputLength: null })).toBeNull();
    expect(effectiveParamValue('units', { units: 8 })).toBe(8);
    expect(nullStandsFor('strides', { strides: null })).toBeNull();
  });
});
