import { describe, expect, it } from 'vitest';
import { buildMenuSpec, DESKTOP_MENU_LABELS, menuLabelsFrom, MenuCommandEventSchema, type MenuItemSpec, type MenuInputs } from './desktop-menu';
import { INTERFACE_LANGUAGES } from './languages';

const english = menuLabelsFrom({ menu: Object.fromEntries(DESKTOP_MENU_LABELS.map((id) => [id, `EN:${id}`])) });
const inputs = (over: Partial<MenuInputs> = {}): MenuInputs => ({
  platform: 'linux',
  appName: 'NN Designer',
  labels: english,
  recent: [],
  editing: true,
  training: 'idle',
  language: 'en',
  ...over,
});

const titles = (spec: MenuItemSpec[]) => spec.map((m) => (m.kind === 'submenu' ? m.label : m.kind));
const submenu = (spec: MenuItemSpec[], label: string) => (spec.find((m) => m.kind === 'submenu' && m.label === label) as Extract<MenuItemSpec, { kind: 'submenu' }>).items;
const names = (items: MenuItemSpec[]) => items.map((i) => (i.kind === 'command' || i.kind === 'host' ? i.command : i.kind === 'role' ? `role:${i.role}` : i.kind === 'submenu' ? `submenu:${i.label}` : '-'));

describe('desktop menus', () => {
  it('on Windows and Linux: File … Help, with Quit under File and About under Help', () => {
    const spec = buildMenuSpec(inputs());
    expect(titles(spec)).toEqual(['EN:file', 'EN:edit', 'EN:view', 'EN:train', 'EN:help']);
    expect(names(submenu(spec, 'EN:file'))).toEqual([
      'new', 'open', 'submenu:EN:openRecent', '-', 'save', 'saveAs', '-', 'importDataset', 'importModel', 'exportModel', '-', 'quit',
    ]);
    expect(names(submenu(spec, 'EN:edit'))).toEqual(['undo', 'redo', '-', 'cut', 'copy', 'paste', 'duplicate', 'delete', '-', 'selectAll']);
    expect(names(submenu(spec, 'EN:view'))).toEqual([
      'zoomIn', 'zoomOut', 'fitView', '-', 'toggleTheme', '-', 'togglePalette', 'toggleInspector', 'toggleTraining', '-', 'submenu:EN:language',
    ]);
    expect(names(submenu(spec, 'EN:train'))).toEqual(['trainStart', 'trainPause', 'trainStep', 'trainStop']);
    expect(names(submenu(spec, 'EN:help'))).toEqual(['documentation', 'about']);
  });

  it('on macOS: the app menu first with About, Services, Hide and Quit; a Window menu; no Quit under File', () => {
    const spec = buildMenuSpec(inputs({ platform: 'darwin' }));
    expect(titles(spec)).toEqual(['NN Designer', 'EN:file', 'EN:edit', 'EN:view', 'EN:train', 'EN:window', 'EN:help']);
    expect(names(submenu(spec, 'NN Designer'))).toEqual(['role:about', '-', 'submenu:EN:services', '-', 'role:hide', 'role:hideOthers', 'role:unhide', '-', 'role:quit']);
    expect(names(submenu(spec, 'EN:file'))).not.toContain('quit');
    expect(names(submenu(spec, 'EN:help'))).toEqual(['documentation']);
  });

  it('uses the usual shortcuts and follows the state of the page', () => {
    const spec = buildMenuSpec(inputs({ training: 'running', recent: [{ path: '/p/a.nnd.json', name: 'a' }] }));
    const file = submenu(spec, 'EN:file');
    expect(file.find((i) => i.kind === 'command' && i.command === 'save')).toMatchObject({ accelerator: 'CmdOrCtrl+S', enabled: true });
    expect(submenu(file, 'EN:openRecent')).toEqual([{ kind: 'command', command: 'openRecent', label: 'a — /p/a.nnd.json', enabled: true, path: '/p/a.nnd.json' }]);
    const train = submenu(spec, 'EN:train');
    expect(train.map((i) => (i as { enabled: boolean }).enabled)).toEqual([false, true, false, true]);
    // Step only while paused, on F10.
    const paused = submenu(buildMenuSpec(inputs({ training: 'paused' })), 'EN:train');
    expect(paused.find((i) => i.kind === 'command' && i.command === 'trainStep')).toMatchObject({ accelerator: 'F10', enabled: true });
    const start = buildMenuSpec(inputs({ editing: false }));
    expect(submenu(start, 'EN:file').find((i) => i.kind === 'command' && i.command === 'save')).toMatchObject({ enabled: false });
    expect(submenu(submenu(start, 'EN:file'), 'EN:openRecent')).toEqual([{ kind: 'command', command: 'openRecent', label: 'EN:noRecent', enabled: false }]);
  });

  it('lists every interface language under View › Language by its own name, the page’s one checked', () => {
    const languageMenu = (language: string) => submenu(submenu(buildMenuSpec(inputs({ language, editing: false })), 'EN:view'), 'EN:language');
    expect(languageMenu('en')).toEqual([
      { kind: 'radio', command: 'language', language: 'en', label: 'English', checked: true },
      { kind: 'radio', command: 'language', language: 'zh-CN', label: '简体中文', checked: false },
    ]);
    expect(languageMenu('zh-CN').map((i) => (i as { checked: boolean }).checked)).toEqual([false, true]);
    // On the start page too, where there is no project to edit.
    expect(languageMenu('zh-CN')).toHaveLength(INTERFACE_LANGUAGES.length);
  });

  it('accepts a language command only for an interface language', () => {
    expect(MenuCommandEventSchema.parse({ command: 'language', language: 'zh-CN' })).toEqual({ command: 'language', language: 'zh-CN' });
    expect(MenuCommandEventSchema.safeParse({ command: 'language', language: 'fr' }).success).toBe(false);
  });

  it('takes labels from a locale, English where one is missing', () => {
    const labels = menuLabelsFrom({ menu: { file: '文件' } }, english);
    expect(labels.file).toBe('文件');
    expect(labels.edit).toBe('EN:edit');
  });
});
