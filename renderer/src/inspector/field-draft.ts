import type { Parsed } from './param-fields';

/**
 * What an inspector field shows while a person types, kept apart from the components so
 * it can be tested without a page. The rule: the document only ever takes a valid value,
 * and the field never keeps showing a value the model does not have. A bad value is
 * refused when the person leaves the field (blur or Enter): the text goes back to the
 * model's value and the error stays, saying what was refused and what the model keeps.
 */

export type FieldProblem = { key: string; values?: Record<string, string> };

export interface FieldDraft {
  /** The text in the field (or one text per box of a tuple). */
  texts: string[];
  /** Why the text typed cannot be used. */
  error: FieldProblem | null;
  /** The text that was refused on leaving the field; the field shows the model's value again. */
  refused: string | null;
}

/** A field showing the model's value, with nothing typed. */
export function shownDraft(display: readonly string[]): FieldDraft {
  return { texts: [...display], error: null, refused: null };
}

/** After a keystroke in box `index`: the text as typed, checked. */
export function typedDraft(draft: FieldDraft, index: number, text: string, parse: (texts: string[]) => Parsed): FieldDraft {
  const texts = draft.texts.map((t, i) => (i === index ? text : t));
  const parsed = parse(texts);
  return { texts, error: parsed.ok ? null : parsed.error, refused: null };
}

/**
 * On leaving the field: the value to commit when the text is valid and changed; a bad text
 * is refused, the field shows `display` (the model's value) again and keeps the error.
 */
export function leftDraft(draft: FieldDraft, display: readonly string[], parse: (texts: string[]) => Parsed): { draft: FieldDraft; commit?: { value: unknown } } {
  if (draft.texts.join('\u0000') === display.join('\u0000')) return { draft: { ...draft, error: draft.refused ? draft.error : null } };
  const parsed = parse(draft.texts);
  if (parsed.ok) return { draft: { ...draft, error: null, refused: null }, commit: { value: parsed.value } };
  return { draft: { texts: [...display], error: parsed.error, refused: draft.texts.join(', ') } };
}
