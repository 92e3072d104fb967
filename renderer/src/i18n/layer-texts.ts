import type { KindName } from '../../../shared/layers/docs-types';
import type { InterfaceLanguage } from '../../../shared/languages';
import { kindDocsOf } from './docs';

/**
 * The `layers.<Type>.label` / `.doc` strings of one language, as i18n resources: the English
 * ones are each spec's own `label` and `doc`, the others come from the kind's docs face. A kind
 * without a translation is left out, so i18next falls back to its English.
 */
export function layerTexts(kinds: readonly (KindName & { type: string })[], language: InterfaceLanguage): Record<string, KindName> {
  const texts: Record<string, KindName> = {};
  for (const kind of kinds) {
    const name = language === 'en' ? { label: kind.label, doc: kind.doc } : kindDocsOf(kind.type)?.palette[language];
    if (name) texts[kind.type] = { label: name.label, doc: name.doc };
  }
  return texts;
}
