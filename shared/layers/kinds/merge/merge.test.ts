import { describe, expect, it } from 'vitest';
import { catalog } from '../..';
import type { InferResult, Shape } from '../../types';

function infer(type: string, params: Record<string, unknown>, inputs: Shape[]): InferResult {
  const resolved = catalog.resolveParams(type, params);
  if (!resolved.success) throw new Error(resolved.error);
  return catalog.kind(type)!.inferShape(inputs, resolved.params, catalog);
}

const message = (r: InferResult) => (r.ok ? `unexpectedly ok: ${JSON.stringify(r.shapes)}` : r.message);

const fromKeras = (className: string, config: Record<string, unknown>) =>
  catalog.forKerasClass(className)!.keras!.fromConfig(config, catalog, className);

describe('element-wise merges', () => {
  it('take their inputs on one port that accepts many edges', () => {
    for (const type of ['Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate'])
      expect(catalog.kind(type)!.inputs).toEqual([{ name: 'in', multiple: true }]);
  });

  it('say which input differs and along which axis', () => {
    expect(message(infer('Add', {}, [[null, 8, 8, 16], [null, 8, 8, 16], [null, 4, 4, 16]]))).toBe(
      'Add needs inputs of the same shape, but input 1 is [batch, 8, 8, 16] and input 3 is [batch, 4, 4, 16] (axis 1: 8 vs 4) — change the layers before it so the sizes agree',
    );
  });

  it('say when the number of axes differs and suggest a Flatten or Reshape', () => {
    expect(message(infer('Multiply', {}, [[null, 4], [null, 2, 2]]))).toBe(
      'Multiply needs inputs of the same shape, but input 1 is [batch, 4] and input 2 is [batch, 2, 2] (2 vs 3 axes) — add a Reshape or Flatten so they match',
    );
  });

  it('need at least two inputs', () => {
    expect(infer('Average', {}, [[null, 3]])).toEqual({
      ok: false,
      port: 'in',
      message: 'Average merges two or more inputs but has 1 — connect another layer to it',
      error: { code: 'mergeNeedsTwo', params: { layer: 'Average', count: 1 } },
    });
  });

  it('stretch a size of 1 as tfjs does (a squeeze-and-excitation gate)', () => {
    expect(infer('Multiply', {}, [[null, 7, 7, 32], [null, 1, 1, 32]])).toEqual({ ok: true, shapes: [[null, 7, 7, 32]] });
  });
});

describe('Concatenate', () => {
  it('sums the sizes along its axis', () => {
    expect(infer('Concatenate', {}, [[null, 4, 3], [null, 4, 5], [null, 4, 1]])).toEqual({ ok: true, shapes: [[null, 4, 9]] });
    expect(infer('Concatenate', { axis: 1 }, [[null, 2, 3], [null, 5, 3]])).toEqual({ ok: true, shapes: [[null, 7, 3]] });
  });

  it('names the other axis that does not match', () => {
    expect(message(infer('Concatenate', {}, [[null, 10, 3], [null, 12, 3]]))).toBe(
      'Concatenate joins along axis -1, so every other axis must match, but input 1 is [batch, 10, 3] and input 2 is [batch, 12, 3] (axis 1: 10 vs 12) — choose another axis or make those sizes equal',
    );
  });

  it('treats an unknown size as matching only an unknown size, like tfjs', () => {
    expect(message(infer('Concatenate', {}, [[null, null, 3], [null, 12, 3]]))).toContain('(axis 1: unknown vs 12)');
  });

  it('refuses the batch axis and axes the input does not have', () => {
    expect(message(infer('Concatenate', { axis: 0 }, [[null, 3], [null, 3]]))).toBe(
      'Concatenate cannot join along axis 0, the batch axis — use -1 for the features',
    );
    expect(message(infer('Concatenate', { axis: 2 }, [[null, 3], [null, 3]]))).toContain('has only 2 axes');
    expect(message(infer('Concatenate', {}, [[null, 3], [null, 3, 1]]))).toContain('the same number of axes');
  });
});

describe('merges from Keras configs', () => {
  it('read Keras 2.1, 2.2 and 3 configs', () => {
    expect(fromKeras('Add', { name: 'add_1', trainable: true })).toEqual({});
    expect(
      fromKeras('Multiply', {
        name: 'multiply',
        trainable: true,
        dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null },
      }),
    ).toEqual({});
    expect(fromKeras('Concatenate', { name: 'concatenate_1', trainable: true, dtype: 'float32', axis: 1 })).toEqual({ axis: 1 });
    expect(fromKeras('Concatenate', { name: 'concatenate', trainable: true, dtype: 'float32', axis: -1 })).toEqual({ axis: -1 });
    expect(fromKeras('Average', { name: 'average' })).toEqual({});
    expect(fromKeras('Maximum', { name: 'maximum_1', trainable: true, dtype: 'float32' })).toEqual({});
    expect(fromKeras('Minimum', { name: 'minimum', trainable: true })).toEqual({});
  });

  it('refuse an option they do not know', () => {
    expect(() => fromKeras('Concatenate', { name: 'c', axis: 1, normalize: true })).toThrow('Concatenate option "normalize" is not supported');
  });
});
