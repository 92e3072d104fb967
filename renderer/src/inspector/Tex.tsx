import { useEffect, useState } from 'react';
import { splitInlineMath } from '../i18n/docs/tex';

type Typeset = (tex: string, displayMode: boolean) => string;

let typeset: Typeset | undefined;
let loading: Promise<Typeset> | undefined;

/** KaTeX is a quarter of a megabyte: it loads with the first formula a person opens, not with the page. */
function loadTypeset(): Promise<Typeset> {
  loading ??= import('./typeset-tex').then(
    (module) => (typeset = module.texToHtml),
    (err: unknown) => {
      loading = undefined; // the next formula shown tries again
      throw err;
    },
  );
  return loading;
}

/** KaTeX once it has loaded; until then undefined, and `failed` when it could not load. */
function useTypeset(): { typeset: Typeset | undefined; failed: boolean } {
  const [loaded, setLoaded] = useState<{ typeset: Typeset | undefined; failed: boolean }>({ typeset, failed: false });
  useEffect(() => {
    if (loaded.typeset) return;
    let current = true;
    loadTypeset().then(
      (ready) => current && setLoaded({ typeset: ready, failed: false }),
      () => current && setLoaded({ typeset: undefined, failed: true }),
    );
    return () => {
      current = false;
    };
  }, [loaded.typeset]);
  return loaded;
}

/** One formula, typeset by KaTeX; its TeX source, dimmed, for the moment KaTeX takes to load. */
export function Tex({ tex, display = false }: { tex: string; display?: boolean }) {
  const { typeset, failed } = useTypeset();
  const className = display ? 'tex-display' : 'tex-inline';
  if (!typeset) return <span className={`${className} tex-source${failed ? '' : ' tex-loading'}`} aria-busy={!failed}>{tex}</span>;
  // KaTeX's output is markup it generated from our own doc strings, never from user input.
  return <span className={className} dangerouslySetInnerHTML={{ __html: typeset(tex, display) }} />;
}

/** Doc prose with its `$…$` segments typeset inline. */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {splitInlineMath(text).map((segment, i) => (segment.math ? <Tex key={i} tex={segment.tex} /> : <span key={i}>{segment.text}</span>))}
    </>
  );
}
