import { describe, expect, it } from 'vitest';
import { catalog } from '../../../../shared/layers';
import { paramFields } from '../../inspector/param-fields';
import { paramHint, PARAM_HINTS_ZH } from './param-hints';

const englishHints = new Set(catalog.all().flatMap((kind) => paramFields(kind).flatMap((field) => (field.description ? [field.description] : []))));

describe('parameter hints in Chinese', () => {
  it('translate every hint the catalog gives a parameter', () => {
    expect(englishHints.size).toBeGreaterThan(20);
    expect([...englishHints].filter((hint) => !PARAM_HINTS_ZH[hint])).toEqual([]);
  });

  it('keep no translation of a hint the catalog no longer has', () => {
    expect(Object.keys(PARAM_HINTS_ZH).filter((hint) => !englishHints.has(hint))).toEqual([]);
  });

  it('fall back to English for a hint not translated yet, and leave English as written', () => {
    expect(paramHint('zh-CN', 'a brand-new hint')).toBe('a brand-new hint');
    expect(paramHint('en', 'fraction of values dropped while training')).toBe('fraction of values dropped while training');
    expect(paramHint('zh-CN', 'fraction of values dropped while training')).toMatch(/\p{Script=Han}/u);
  });
});
