import { useTranslation } from 'react-i18next';
import { activationDoc, layerDoc } from '../i18n/docs';
import { Prose, Tex } from './Tex';
import './layer-doc.css';

/** "About this layer": what the kind computes, its formula, key parameters, shape rule and when to use it. */
export function LayerDoc({ type }: { type: string }) {
  const { t, i18n } = useTranslation();
  const doc = layerDoc(i18n.language, type);
  if (!doc) return null;
  return (
    <details className="layer-doc" open data-testid="layer-doc">
      <summary className="section-title">{t('layerDoc.about')}</summary>
      <p className="layer-doc-text">
        <Prose text={doc.what} />
      </p>
      {doc.formula && (
        <div className="layer-doc-formula" data-testid="layer-doc-formula">
          <Tex tex={doc.formula} display />
        </div>
      )}
      {doc.params && <DocPart heading={t('layerDoc.params')} text={doc.params} />}
      <DocPart heading={t('layerDoc.shape')} text={doc.shape} />
      <DocPart heading={t('layerDoc.use')} text={doc.use} />
    </details>
  );
}

/** The chosen activation function: formula, output range and its trade-offs. */
export function ActivationDoc({ activation }: { activation: string }) {
  const { t, i18n } = useTranslation();
  const doc = activationDoc(i18n.language, activation);
  if (!doc) return null;
  return (
    <div className="layer-doc activation-doc" data-testid="activation-doc" data-activation={activation}>
      <div className="layer-doc-heading">{t('layerDoc.activation', { name: doc.name })}</div>
      <div className="layer-doc-formula">
        <Tex tex={doc.formula} display />
      </div>
      <div className="layer-doc-part">
        <span className="layer-doc-label">{t('layerDoc.range')}</span> <Tex tex={doc.range} />
      </div>
      <p className="layer-doc-text">
        <Prose text={doc.notes} />
      </p>
    </div>
  );
}

function DocPart({ heading, text }: { heading: string; text: string }) {
  return (
    <div className="layer-doc-part">
      <div className="layer-doc-label">{heading}</div>
      <div className="layer-doc-text">
        <Prose text={text} />
      </div>
    </div>
  );
}
