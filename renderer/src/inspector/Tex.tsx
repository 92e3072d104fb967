import 'katex/dist/katex.min.css';
import { splitInlineMath, texToHtml } from '../i18n/docs/tex';

/** One formula, typeset by KaTeX. */
export function Tex({ tex, display = false }: { tex: string; display?: boolean }) {
  // KaTeX's output is markup it generated from our own doc strings, never from user input.
  return <span className={display ? 'tex-display' : 'tex-inline'} dangerouslySetInnerHTML={{ __html: texToHtml(tex, display) }} />;
}

/** Doc prose with its `$…$` segments typeset inline. */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {splitInlineMath(text).map((segment, i) => (segment.math ? <Tex key={i} tex={segment.tex} /> : <span key={i}>{segment.text}</span>))}
    </>
  );
}
