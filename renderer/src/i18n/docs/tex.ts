import katex from 'katex';

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

/**
 * KaTeX's HTML for a formula. A formula KaTeX cannot parse shows as its source in red
 * (KaTeX's own error rendering) rather than breaking the panel; the docs test keeps every
 * shipped formula parseable.
 */
export function texToHtml(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, { displayMode, throwOnError: false, output: 'html', strict: 'ignore' });
}
