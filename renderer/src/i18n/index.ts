import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';
import { applyZodLocale } from './zod-locale';
import { layerTexts } from './layer-texts';
import { INTERFACE_LANGUAGES, type InterfaceLanguage } from '../../../shared/languages';
import { catalog } from '../../../shared/layers';

export const LANGUAGES = INTERFACE_LANGUAGES;
export type LanguageCode = InterfaceLanguage;

const STORAGE_KEY = 'nnd.language';

/** A language the person chose wins; otherwise the one the operating system reports. */
export function initialLanguage(stored: string | null, preferred: readonly string[]): LanguageCode {
  if (stored && LANGUAGES.some((l) => l.code === stored)) return stored as LanguageCode;
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

function readStoredLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The translations with each layer kind's own shape errors, which its folder keeps in both languages. */
function withKindShapeErrors<T extends { shapeErrors: Record<string, string> }>(translation: T, language: InterfaceLanguage): T {
  const kindErrors = catalog.all().flatMap((kind) => Object.entries(kind.shapeErrors ?? {}).map(([code, text]) => [code, text[language]] as const));
  return { ...translation, shapeErrors: { ...translation.shapeErrors, ...Object.fromEntries(kindErrors) } };
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: { ...withKindShapeErrors(en, 'en'), layers: layerTexts(catalog.all(), 'en') } },
    'zh-CN': { translation: { ...withKindShapeErrors(zhCN, 'zh-CN'), layers: layerTexts(catalog.all(), 'zh-CN') } },
  },
  lng: initialLanguage(readStoredLanguage(), typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

i18n.on('languageChanged', (lng) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
  applyZodLocale(lng);
});
applyZodLocale(i18n.language);
if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

export function setLanguage(code: LanguageCode): void {
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // Storage may be disabled; the switch still applies to this session.
  }
  void i18n.changeLanguage(code);
}

/** Numbers grouped the way the current language writes them (1,234,567). */
export function formatNumber(value: number, language: string = i18n.language): string {
  return new Intl.NumberFormat(language).format(value);
}

/** A metric with a fixed number of decimals (a loss to 4 places), in the current language's digits and separators. */
export function formatDecimal(value: number, digits: number, language: string = i18n.language): string {
  return new Intl.NumberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A ratio (0.978) as a percentage (97.8 %), placed and spaced as the current language does. */
export function formatPercent(ratio: number, digits = 1, language: string = i18n.language): string {
  return new Intl.NumberFormat(language, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio);
}

/** A time of day (14:02) in the current language's form, for "the version of 14:02". */
export function formatTime(epochMs: number, language: string = i18n.language): string {
  return new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' }).format(epochMs);
}
