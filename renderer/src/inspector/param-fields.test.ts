import { describe, expect, it } from 'vitest';
import { catalog } from '../../../shared/layers';
import { paramFields, parseList, parseNumber } from './param-fields';

const fieldsOf = (type: string) => Object.fromEntries(paramFields(catalog.kind(type)!).map((f) => [f.name, f]));

describe('param fields from zod schemas', () => {
  it('reads Conv2D: integers with bounds, tuples, enums, booleans', () => {
    const f = fieldsOf('Conv2D');
    expect(f.filters).toMatchObject({ kind: 'number', integer: true, min: 1, default: 32 });
    expect(f.filters).not.toHaveProperty('max', expect.anything());
    expect(f.kernelSize).toMatchObject({ kind: 'tuple', length: 2, integer: true, min: 1, default: [3, 3] });
    expect(f.padding).toMatchObject({ kind: 'enum', options: ['valid', 'same'] });
    expect(f.useBias).toMatchObject({ kind: 'boolean', default: true });
  });

  it('reads the Input shape as a list whose items may be free', () => {
    expect(fieldsOf('Input').shape).toMatchObject({ kind: 'list', integer: true, nullableItems: true, minItems: 1 });
  });

  it('keeps an optional param without a default optional, with its description', () => {
    expect(fieldsOf('Activation').alpha).toMatchObject({ kind: 'number', integer: false, min: 0, optional: true });
    expect((fieldsOf('Activation').alpha as { description?: string }).description).toMatch(/leakyRelu/);
  });

  it('gives every catalog kind a form without throwing', () => {
    for (const kind of catalog.all()) expect(() => paramFields(kind)).not.toThrow();
  });

  it('parses numbers and lists with messages a person can act on', () => {
    expect(parseNumber('12', { integer: true, min: 1 })).toEqual({ ok: true, value: 12 });
    expect(parseNumber('1.5', { integer: true })).toEqual({ ok: false, error: { key: 'inspector.invalidInteger' } });
    expect(parseNumber('0', { integer: true, min: 1 })).toEqual({ ok: false, error: { key: 'inspector.minimum', values: { min: '1' } } });
    expect(parseNumber('abc', { integer: false })).toEqual({ ok: false, error: { key: 'inspector.invalidNumber' } });
    expect(parseList('28, 28, 1', { integer: true, min: 1, nullableItems: true })).toEqual({ ok: true, value: [28, 28, 1] });
    expect(parseList('[?, 16]', { integer: true, min: 1, nullableItems: true })).toEqual({ ok: true, value: [null, 16] });
    expect(parseList('28x28', { integer: true, min: 1, nullableItems: false })).toEqual({ ok: true, value: [28, 28] });
  });
});
