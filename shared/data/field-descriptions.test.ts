import { describe, expect, it } from 'vitest';
import { describeReferenceFields } from './field-descriptions';
import { DatasetReferenceSchema } from './reference';

const describe_ = (ref: Record<string, unknown>, target?: { units: number | null; loss: string }) => describeReferenceFields(DatasetReferenceSchema.parse(ref), target);

describe('fields a reference promises', () => {
  it('describes generated scenes, sequence tasks and every-position text without reading anything', () => {
    expect(describe_({ kind: 'shapes', size: 64 })).toEqual({
      x: { shape: [64, 64, 1], kind: 'image' },
      y: { shape: [64, 64, 1], kind: 'class-index', classNames: ['background', 'circle', 'square', 'triangle'] },
    });
    const seq = describe_({ kind: 'sequence-task', task: 'add', length: 3 })!;
    expect(seq.source).toMatchObject({ shape: [7], kind: 'tokens' });
    expect(seq.decoder_input).toMatchObject({ shape: [5], kind: 'tokens' });
    expect(seq.target).toMatchObject({ shape: [5], kind: 'class-index', ignoreValue: 0 });
    expect(describe_({ kind: 'text', path: 'a.csv', task: 'next-token', targetAt: 'every-position', maxLength: 16 })).toEqual({
      x: { shape: [16], kind: 'tokens' },
      y: { shape: [16], kind: 'class-index', ignoreValue: 0 },
    });
    expect(describe_({ kind: 'image-masks', path: 'i', maskPath: 'm', width: 24, height: 20, color: 'grayscale' })).toEqual({
      x: { shape: [20, 24, 1], kind: 'image' },
      y: { shape: [20, 24, 1], kind: 'class-index' },
    });
  });

  it('follows auto label encoding as the loaders do', () => {
    expect(describe_({ kind: 'builtin', name: 'mnist' })!.y).toMatchObject({ shape: [10], kind: 'classes' });
    expect(describe_({ kind: 'builtin', name: 'mnist' }, { units: 10, loss: 'sparseCategoricalCrossentropy' })!.y).toMatchObject({ shape: [1], kind: 'class-index' });
    expect(describe_({ kind: 'images', path: 'p', width: 8, height: 8 })).toEqual({ x: { shape: [8, 8, 3], kind: 'image' }, y: { shape: [null], kind: 'classes' } });
    expect(describe_({ kind: 'generated', name: 'blobs', classes: 3 })!.y).toEqual({ shape: [3], kind: 'classes' });
  });

  it('describes the penguins with their default mapping and with two label columns', () => {
    expect(describe_({ kind: 'builtin', name: 'penguins' })).toEqual({
      x: { shape: [9], kind: 'features' },
      y: { shape: [3], kind: 'classes', classNames: ['Adelie', 'Chinstrap', 'Gentoo'] },
    });
    const two = describe_({ kind: 'builtin', name: 'penguins', labels: ['species', 'body_mass_g'], labelNormalize: 'standardize' })!;
    expect(two.x).toEqual({ shape: [8], kind: 'features' });
    expect(two.species).toMatchObject({ shape: [3], kind: 'classes' });
    expect(two.body_mass_g).toEqual({ shape: [1], kind: 'numbers' });
  });

  it('is null where the file decides the shapes', () => {
    expect(describe_({ kind: 'csv', path: 'a.csv' })).toBeNull();
    expect(describe_({ kind: 'numpy', path: 'a.npz' })).toBeNull();
    expect(describe_({ kind: 'builtin', name: 'seattle-weather', columns: { date: 'feature' } })).toBeNull();
  });
});
