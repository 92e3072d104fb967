import { kindDocs } from '../../../../shared/layers/kinds.generated';
import type { KindDocs, LayerDocText } from '../../../../shared/layers/docs-types';
import { INTERFACE_LANGUAGE_CODES, type InterfaceLanguage } from '../../../../shared/languages';
import { en } from './en';
import { zhCN } from './zh-CN';
import type { ActivationDocText, DocsBundle } from './types';

export type { ActivationDocText, DocsBundle } from './types';

/** Activation-function docs per language code; English is the fallback for a language without its own. */
export const DOCS: Record<string, DocsBundle> = { en, 'zh-CN': zhCN };

const KIND_DOCS = new Map<string, KindDocs>(kindDocs.map((docs) => [docs.type, docs]));

function interfaceLanguage(language: string): InterfaceLanguage {
  return (INTERFACE_LANGUAGE_CODES as readonly string[]).includes(language) ? (language as InterfaceLanguage) : 'en';
}

/** The docs face of a kind (its folder's `docs.ts`). */
export function kindDocsOf(type: string): KindDocs | undefined {
  return KIND_DOCS.get(type);
}

export function layerDoc(language: string, type: string): LayerDocText | undefined {
  return KIND_DOCS.get(type)?.teaching[interfaceLanguage(language)];
}

export function activationDoc(language: string, activation: string): ActivationDocText | undefined {
  return (DOCS[language] ?? en).activations[activation] ?? en.activations[activation];
}
