/**
 * The interface languages, each named in itself (a person who cannot read the current
 * language still finds their own). The page's switch and the desktop's View › Language menu
 * both list these; the translations themselves live with the page.
 */
export const INTERFACE_LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'zh-CN', name: '简体中文' },
] as const;
export type InterfaceLanguage = (typeof INTERFACE_LANGUAGES)[number]['code'];
export const INTERFACE_LANGUAGE_CODES = INTERFACE_LANGUAGES.map((l) => l.code) as [InterfaceLanguage, ...InterfaceLanguage[]];
