import { useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { layerDoc } from '../i18n/docs';
import { Prose, Tex } from '../inspector/Tex';
import '../inspector/layer-doc.css';

const GAP = 8;
const MARGIN = 8;

/**
 * The doc of the palette entry under the pointer (or chosen with the keyboard): what the
 * layer computes, its formula and its shape rule, beside the palette so it never covers
 * the list being read.
 */
export function LayerTooltip({ type, label, anchor }: { type: string; label: string; anchor: DOMRect }) {
  const { t, i18n } = useTranslation();
  const doc = layerDoc(i18n.language, type);
  const ref = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(anchor.top);
  // Measured after layout: a tall doc near the bottom of the window moves up to stay in view.
  useLayoutEffect(() => {
    const height = ref.current?.offsetHeight ?? 0;
    setTop(Math.max(MARGIN, Math.min(anchor.top, window.innerHeight - height - MARGIN)));
  }, [anchor, type, i18n.language]);
  if (!doc) return null;
  return (
    <div ref={ref} className="layer-tooltip" role="tooltip" style={{ left: anchor.right + GAP, top }} data-testid="layer-tooltip" data-layer-type={type}>
      <div className="layer-tooltip-title">{label}</div>
      <p className="layer-doc-text">
        <Prose text={doc.what} />
      </p>
      {doc.formula && (
        <div className="layer-doc-formula">
          <Tex tex={doc.formula} display />
        </div>
      )}
      <div className="layer-doc-part">
        <div className="layer-doc-label">{t('layerDoc.shape')}</div>
        <div className="layer-doc-text">
          <Prose text={doc.shape} />
        </div>
      </div>
    </div>
  );
}
