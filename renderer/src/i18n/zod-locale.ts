import { z } from 'zod';
import type { PortableIssue } from '../../../shared/zod-issue';

type ZodLocale = ReturnType<typeof z.locales.en>;
const ZOD_LOCALES: Record<string, ZodLocale> = { en: z.locales.en(), 'zh-CN': z.locales.zhCN() };

/** zod writes its own messages (a parameter out of range, a wrong type) in the interface language from now on. */
export function applyZodLocale(language: string): void {
  z.config(ZOD_LOCALES[language] ?? ZOD_LOCALES.en!);
}

function say(locale: ZodLocale | undefined, issue: PortableIssue): string | undefined {
  const said = locale?.localeError?.(issue as unknown as Parameters<NonNullable<ZodLocale['localeError']>>[0]);
  return typeof said === 'string' ? said : (said?.message ?? undefined);
}

/**
 * A schema problem in the current language. zod's own wording, in whichever language it was
 * written (on the host, or here before a switch), is said again from the issue's code and
 * values; a message a schema wrote itself stays as written.
 */
export function zodIssueText(issue: PortableIssue): string {
  const zodsOwn = Object.values(ZOD_LOCALES).some((locale) => say(locale, issue) === issue.message);
  if (!zodsOwn) return issue.message;
  return say(z.config() as ZodLocale, issue) ?? issue.message;
}
