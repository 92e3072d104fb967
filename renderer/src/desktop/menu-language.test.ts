import { afterEach, describe, expect, it } from 'vitest';
import { buildMenuSpec, type MenuItemSpec } from '../../../shared/desktop-menu';
import { i18n } from '../i18n';
import { menuLabels } from './menu-labels';
import { applyLanguageCommand } from './menu-language';

type Submenu = Extract<MenuItemSpec, { kind: 'submenu' }>;

/** The menus as the host builds them from what the page reports: its language and its labels. */
function menusFromPage(): MenuItemSpec[] {
  return buildMenuSpec({ platform: 'linux', appName: 'NN Designer', labels: menuLabels(i18n.t), recent: [], editing: true, training: 'idle', language: i18n.language });
}

describe('View › Language in the page', () => {
  afterEach(() => i18n.changeLanguage('en'));

  it('switches the page at once, and the menus it reports next are in that language with it checked', () => {
    expect((menusFromPage()[0] as Submenu).label).toBe('File');
    expect(applyLanguageCommand({ command: 'language', language: 'zh-CN' })).toBe(true);
    expect(i18n.language).toBe('zh-CN');
    const menus = menusFromPage();
    expect(menus.map((m) => (m as Submenu).label)).toEqual(['文件', '编辑', '视图', '训练', '帮助']);
    const view = (menus[2] as Submenu).items;
    const languages = view.find((i): i is Submenu => i.kind === 'submenu' && i.label === '语言')!.items;
    expect(languages.filter((i) => i.kind === 'radio' && i.checked).map((i) => (i as { language: string }).language)).toEqual(['zh-CN']);

    applyLanguageCommand({ command: 'language', language: 'en' });
    expect(i18n.language).toBe('en');
    expect((menusFromPage()[2] as Submenu).label).toBe('View');
  });

  it('leaves other commands and a language command without a language alone', () => {
    expect(applyLanguageCommand({ command: 'save' })).toBe(false);
    expect(applyLanguageCommand({ command: 'language' })).toBe(false);
    expect(i18n.language).toBe('en');
  });
});
