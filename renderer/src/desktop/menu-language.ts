import type { MenuCommandEvent } from '../../../shared/desktop-menu';
import { setLanguage } from '../i18n';

/**
 * View › Language: the page switches at once, exactly as its own language switch does. The
 * native menu then re-labels itself, because the page reports its new language and labels
 * with its window state (DesktopBridge) and the host rebuilds the menu from them.
 */
export function applyLanguageCommand(event: MenuCommandEvent): boolean {
  if (event.command !== 'language' || !event.language) return false;
  setLanguage(event.language);
  return true;
}
