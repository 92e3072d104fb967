import en from './en.json';
import zhCN from './zh-CN.json';

export interface TemplateText {
  title: string;
  /** What the template teaches, in a sentence or two. */
  description: string;
}

/**
 * Titles and short descriptions of the examples/ templates per language, by file name.
 * The example document's own description stays the longer English source.
 */
export const TEMPLATE_TEXTS: Record<string, Record<string, TemplateText>> = { en, 'zh-CN': zhCN };

export function templateText(language: string, file: string): TemplateText | undefined {
  return TEMPLATE_TEXTS[language]?.[file] ?? TEMPLATE_TEXTS.en![file];
}
