import katex from 'katex';
import 'katex/dist/katex.min.css';

/**
 * KaTeX's HTML for a formula. A formula KaTeX cannot parse shows as its source in red
 * (KaTeX's own error rendering) rather than breaking the panel; the docs test keeps every
 * shipped formula parseable. Loaded with the first formula shown (Tex.tsx), with its CSS.
 */
export function texToHtml(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, { displayMode, throwOnError: false, output: 'html', strict: 'ignore' });
}
