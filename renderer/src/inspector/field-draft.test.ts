import { describe, expect, it } from 'vitest';
import { leftDraft, shownDraft, typedDraft } from './field-draft';
import { parseNumber } from './param-fields';

const units = { integer: true, min: 1 };
const parse = (texts: string[]) => parseNumber(texts[0]!, units);

describe('an inspector field and the model agree', () => {
  it('commits a valid value when the person leaves the field', () => {
    const typed = typedDraft(shownDraft(['120']), 0, '64', parse);
    expect(typed.error).toBeNull();
    expect(leftDraft(typed, ['120'], parse).commit).toEqual({ value: 64 });
  });

  it('refuses −5 and "abc": the error shows while typing, and on leaving the field shows the model’s value again with the error kept', () => {
    for (const bad of ['-5', 'abc']) {
      const typed = typedDraft(shownDraft(['120']), 0, bad, parse);
      expect(typed.error).not.toBeNull();
      const left = leftDraft(typed, ['120'], parse);
      expect(left.commit).toBeUndefined();
      expect(left.draft.texts).toEqual(['120']);
      expect(left.draft.error).toEqual(typed.error);
      expect(left.draft.refused).toBe(bad);
      // Leaving again changes nothing: the refusal stays said until the person types.
      expect(leftDraft(left.draft, ['120'], parse).draft).toEqual(left.draft);
      expect(typedDraft(left.draft, 0, '12', parse)).toEqual({ texts: ['12'], error: null, refused: null });
    }
  });

  it('leaves an unchanged field alone', () => {
    expect(leftDraft(shownDraft(['120']), ['120'], parse)).toEqual({ draft: shownDraft(['120']) });
  });
});
