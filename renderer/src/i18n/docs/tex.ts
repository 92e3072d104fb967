/** A run of prose: plain text, or TeX that sat between `$…$`. */
export type ProseSegment = { math: false; text: string } | { math: true; tex: string };

/** Splits doc prose at `$` into text and inline math; an unpaired `$` stays text. */
export function splitInlineMath(prose: string): ProseSegment[] {
  const parts = prose.split('$');
  if (parts.length % 2 === 0) return [{ math: false, text: prose }];
  return parts
    .map((part, i): ProseSegment => (i % 2 === 1 ? { math: true, tex: part } : { math: false, text: part }))
    .filter((s) => s.math || s.text !== '');
}
