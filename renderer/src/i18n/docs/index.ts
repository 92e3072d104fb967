import { en } from './en';
import { zhCN } from './zh-CN';
import type { ActivationDocText, DocsBundle, LayerDocText } from './types';

export type { ActivationDocText, DocsBundle, LayerDocText } from './types';

/** Layer docs per language code; English is the fallback for a language without its own. */
export const DOCS: Record<string, DocsBundle> = { en, 'zh-CN': zhCN };

function bundle(language: string): DocsBundle {
  return DOCS[language] ?? en;
}

export function layerDoc(language: string, type: string): LayerDocText | undefined {
  return bundle(language).layers[type] ?? en.layers[type];
}

export function activationDoc(language: string, activation: string): ActivationDocText | undefined {
  return bundle(language).activations[activation] ?? en.activations[activation];
}
