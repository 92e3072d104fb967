import { describe, expect, it } from 'vitest';
import { catalog } from '../../../shared/layers';
import { kindsInPaletteOrder, searchKinds } from './layer-search';

const items = kindsInPaletteOrder(catalog).map((kind) => ({ kind, label: kind.label, doc: kind.doc }));

describe('layer search', () => {
  it('lists every catalog kind once, Input first', () => {
    const types = kindsInPaletteOrder(catalog).map((k) => k.type);
    expect(new Set(types).size).toBe(catalog.all().length);
    expect(types[0]).toBe('Input');
  });

  it('puts an exact type match first', () => {
    expect(searchKinds(items, 'dense')[0]!.kind.type).toBe('Dense');
    expect(searchKinds(items, 'conv2d')[0]!.kind.type).toBe('Conv2D');
  });

  it('finds kinds by words of their doc, and needs every word', () => {
    expect(searchKinds(items, 'skip connection').map((i) => i.kind.type)).toEqual(['Add']);
    expect(searchKinds(items, 'no such layer anywhere')).toEqual([]);
  });

  it('matches the translated label', () => {
    const translated = items.map((i) => (i.kind.type === 'Flatten' ? { ...i, label: '展平' } : i));
    expect(searchKinds(translated, '展平')[0]!.kind.type).toBe('Flatten');
  });
});
