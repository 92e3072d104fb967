import { describe, expect, it } from 'vitest';
import { buildMenuSpec, DESKTOP_MENU_LABELS, menuLabelsFrom, type MenuCommandEvent } from '../../shared/desktop-menu';
import zhCN from '../../renderer/src/i18n/zh-CN.json';
import { toElectronTemplate } from './menu';

type Item = { label?: string; role?: string; accelerator?: string; enabled?: boolean; checked?: boolean; submenu?: Item[]; click?: () => void; type?: string };

describe('the native menus as Electron templates', () => {
  it('label every menu from the locale files, send page commands as menuCommand events and keep the rest in the main process', () => {
    const labels = menuLabelsFrom(zhCN);
    // Every label the menus use is translated in the Chinese locale.
    for (const id of DESKTOP_MENU_LABELS) expect(labels[id], id).not.toBe(id);
    const sent: MenuCommandEvent[] = [];
    const host: string[] = [];
    const template = toElectronTemplate(
      buildMenuSpec({ platform: 'win32', appName: 'NN Designer', labels, recent: [{ path: 'C:\\p\\a.nnd.json', name: 'a' }], editing: true, training: 'idle', language: 'zh-CN' }),
      { command: (e) => sent.push(e), host: (c) => host.push(c) },
    ) as Item[];
    expect(template.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '训练', '帮助']);
    const file = template[0]!.submenu!;
    const save = file.find((i) => i.label === '保存')!;
    expect(save.accelerator).toBe('CmdOrCtrl+S');
    save.click!();
    file.find((i) => i.label === '最近打开')!.submenu![0]!.click!();
    file.find((i) => i.label === '退出')!.click!();
    const languages = template[2]!.submenu!.find((i) => i.label === '语言')!.submenu!;
    expect(languages.map((i) => [i.type, i.label, i.checked])).toEqual([['radio', 'English', false], ['radio', '简体中文', true]]);
    languages[0]!.click!();
    expect(sent).toEqual([{ command: 'save' }, { command: 'openRecent', path: 'C:\\p\\a.nnd.json' }, { command: 'language', language: 'en' }]);
    expect(host).toEqual(['quit']);
    expect(template[4]).toMatchObject({ role: 'help' });
  });

  it('use Electron’s roles for the macOS app and Window menus', () => {
    const template = toElectronTemplate(
      buildMenuSpec({ platform: 'darwin', appName: 'NN Designer', labels: menuLabelsFrom({}), recent: [], editing: false, training: 'idle', language: 'en' }),
      { command: () => {}, host: () => {} },
    ) as Item[];
    expect(template[0]!.submenu!.map((i) => i.role ?? i.type)).toEqual(['about', 'separator', 'services', 'separator', 'hide', 'hideOthers', 'unhide', 'separator', 'quit']);
    expect(template[5]).toMatchObject({ role: 'window' });
  });
});
