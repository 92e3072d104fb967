import { z } from 'zod';
import { INTERFACE_LANGUAGE_CODES, INTERFACE_LANGUAGES } from './languages';

/**
 * The desktop app's native menus, as plain data: the commands, their shortcuts and where
 * they sit, per platform. electron/main turns this into Electron menus; the page runs each
 * command with the same action as its own button or shortcut (menuCommand event). Pure, so
 * the layout and the macOS conventions are tested without Electron.
 */
export const MENU_COMMANDS = [
  'new',
  'open',
  'openRecent',
  'save',
  'saveAs',
  'importDataset',
  'importModel',
  'exportModel',
  'undo',
  'redo',
  'cut',
  'copy',
  'paste',
  'duplicate',
  'delete',
  'selectAll',
  'zoomIn',
  'zoomOut',
  'fitView',
  'toggleTheme',
  'togglePalette',
  'toggleInspector',
  'toggleTraining',
  'language',
  'trainStart',
  'trainPause',
  'trainStep',
  'trainStop',
] as const;
export const MenuCommandSchema = z.enum(MENU_COMMANDS);
export type MenuCommand = z.infer<typeof MenuCommandSchema>;

/** `openRecent` carries the project's path, `language` the chosen language; every other command carries nothing. */
export const MenuCommandEventSchema = z.object({
  command: MenuCommandSchema,
  path: z.string().min(1).optional(),
  language: z.enum(INTERFACE_LANGUAGE_CODES).optional(),
});
export type MenuCommandEvent = z.infer<typeof MenuCommandEventSchema>;

/** Commands the main process answers itself (they need no page state). */
export const HOST_MENU_COMMANDS = ['about', 'documentation', 'quit'] as const;
export type HostMenuCommand = (typeof HOST_MENU_COMMANDS)[number];

/**
 * Every label the menus show; the page sends them translated (locale keys `menu.<id>`).
 * `language` titles the View › Language submenu; its items are the languages' own names.
 */
export const DESKTOP_MENU_LABELS = [
  'file',
  'edit',
  'view',
  'train',
  'window',
  'help',
  ...MENU_COMMANDS,
  'noRecent',
  'quit',
  'about',
  'documentation',
  'hide',
  'hideOthers',
  'showAll',
  'services',
  'minimize',
  'zoomWindow',
  'bringAllToFront',
  'close',
  // The close prompt and the crash notice, also native.
  'unsavedTitle',
  'unsavedDetail',
  'dontSave',
  'cancel',
  'crashedTitle',
  'crashedDetail',
] as const;
export type MenuLabelId = (typeof DESKTOP_MENU_LABELS)[number];
export type MenuLabels = Record<MenuLabelId, string>;

export const ACCELERATORS: Partial<Record<MenuCommand | HostMenuCommand, string>> = {
  new: 'CmdOrCtrl+N',
  open: 'CmdOrCtrl+O',
  save: 'CmdOrCtrl+S',
  saveAs: 'CmdOrCtrl+Shift+S',
  undo: 'CmdOrCtrl+Z',
  redo: 'CmdOrCtrl+Shift+Z',
  cut: 'CmdOrCtrl+X',
  copy: 'CmdOrCtrl+C',
  paste: 'CmdOrCtrl+V',
  duplicate: 'CmdOrCtrl+D',
  delete: 'Delete',
  selectAll: 'CmdOrCtrl+A',
  zoomIn: 'CmdOrCtrl+=',
  zoomOut: 'CmdOrCtrl+-',
  fitView: 'CmdOrCtrl+0',
  toggleTraining: 'CmdOrCtrl+T',
  trainStart: 'CmdOrCtrl+Enter',
  // A debugger's "step over": one batch of a paused run.
  trainStep: 'F10',
  quit: 'CmdOrCtrl+Q',
};

export type MenuItemSpec =
  | { kind: 'command'; command: MenuCommand; label: string; accelerator?: string; enabled: boolean; path?: string }
  | { kind: 'host'; command: HostMenuCommand; label: string; accelerator?: string }
  /** One of a group of which exactly one is checked (View › Language). */
  | { kind: 'radio'; command: 'language'; language: (typeof INTERFACE_LANGUAGE_CODES)[number]; label: string; checked: boolean }
  /** Electron's built-in roles (macOS app menu and Window menu conventions). */
  | { kind: 'role'; role: 'about' | 'services' | 'hide' | 'hideOthers' | 'unhide' | 'quit' | 'minimize' | 'zoom' | 'front' | 'close'; label: string }
  | { kind: 'separator' }
  | { kind: 'submenu'; label: string; items: MenuItemSpec[]; role?: 'services' | 'window' | 'help' | 'appMenu' };

export interface MenuInputs {
  platform: string;
  appName: string;
  labels: MenuLabels;
  recent: ReadonlyArray<{ path: string; name: string }>;
  /** A project is open in the editor (not the start page). */
  editing: boolean;
  training: 'idle' | 'running' | 'paused';
  /** The page's language (an i18next code), checked under View › Language. */
  language: string;
}

/** The menu bar, top-level menus in order. */
export function buildMenuSpec(input: MenuInputs): MenuItemSpec[] {
  const { labels: l, editing } = input;
  const mac = input.platform === 'darwin';
  const command = (name: MenuCommand, enabled = true): MenuItemSpec => ({
    kind: 'command',
    command: name,
    label: l[name],
    enabled,
    ...(ACCELERATORS[name] ? { accelerator: ACCELERATORS[name] } : {}),
  });
  const separator: MenuItemSpec = { kind: 'separator' };

  const recentItems: MenuItemSpec[] =
    input.recent.length === 0
      ? [{ kind: 'command', command: 'openRecent', label: l.noRecent, enabled: false }]
      : input.recent.map((r) => ({ kind: 'command', command: 'openRecent', label: `${r.name} — ${r.path}`, enabled: true, path: r.path }));

  const file: MenuItemSpec = {
    kind: 'submenu',
    label: l.file,
    items: [
      command('new'),
      command('open'),
      { kind: 'submenu', label: l.openRecent, items: recentItems },
      separator,
      command('save', editing),
      command('saveAs', editing),
      separator,
      command('importDataset', editing),
      command('importModel'),
      command('exportModel', editing),
      // macOS keeps Quit in the app menu.
      ...(mac ? [] : [separator, { kind: 'host', command: 'quit', label: l.quit, accelerator: ACCELERATORS.quit } as MenuItemSpec]),
    ],
  };
  const edit: MenuItemSpec = {
    kind: 'submenu',
    label: l.edit,
    items: [
      command('undo', editing),
      command('redo', editing),
      separator,
      command('cut'),
      command('copy'),
      command('paste'),
      command('duplicate', editing),
      command('delete', editing),
      separator,
      command('selectAll'),
    ],
  };
  const view: MenuItemSpec = {
    kind: 'submenu',
    label: l.view,
    items: [
      command('zoomIn', editing),
      command('zoomOut', editing),
      command('fitView', editing),
      separator,
      command('toggleTheme'),
      separator,
      command('togglePalette', editing),
      command('toggleInspector', editing),
      command('toggleTraining', editing),
      separator,
      {
        kind: 'submenu',
        label: l.language,
        items: INTERFACE_LANGUAGES.map((lang) => ({ kind: 'radio', command: 'language', language: lang.code, label: lang.name, checked: lang.code === input.language })),
      },
    ],
  };
  const train: MenuItemSpec = {
    kind: 'submenu',
    label: l.train,
    items: [
      command('trainStart', editing && input.training !== 'running'),
      command('trainPause', input.training === 'running'),
      command('trainStep', input.training === 'paused'),
      command('trainStop', input.training !== 'idle'),
    ],
  };
  const help: MenuItemSpec = {
    kind: 'submenu',
    label: l.help,
    role: 'help',
    items: [
      { kind: 'host', command: 'documentation', label: l.documentation },
      // macOS shows About in the app menu.
      ...(mac ? [] : [{ kind: 'host', command: 'about', label: l.about } as MenuItemSpec]),
    ],
  };
  if (!mac) return [file, edit, view, train, help];

  const appMenu: MenuItemSpec = {
    kind: 'submenu',
    label: input.appName,
    role: 'appMenu',
    items: [
      { kind: 'role', role: 'about', label: `${l.about} ${input.appName}` },
      separator,
      { kind: 'submenu', label: l.services, role: 'services', items: [] },
      separator,
      { kind: 'role', role: 'hide', label: `${l.hide} ${input.appName}` },
      { kind: 'role', role: 'hideOthers', label: l.hideOthers },
      { kind: 'role', role: 'unhide', label: l.showAll },
      separator,
      { kind: 'role', role: 'quit', label: `${l.quit} ${input.appName}` },
    ],
  };
  const window: MenuItemSpec = {
    kind: 'submenu',
    label: l.window,
    role: 'window',
    items: [
      { kind: 'role', role: 'minimize', label: l.minimize },
      { kind: 'role', role: 'zoom', label: l.zoomWindow },
      separator,
      { kind: 'role', role: 'close', label: l.close },
      { kind: 'role', role: 'front', label: l.bringAllToFront },
    ],
  };
  return [appMenu, file, edit, view, train, window, help];
}

/** Labels from a locale tree (`{ menu: { file: 'File', … } }`), English for any missing. */
export function menuLabelsFrom(locale: unknown, fallback?: Partial<MenuLabels>): MenuLabels {
  const menu = (locale as { menu?: Record<string, unknown> } | null)?.menu ?? {};
  return Object.fromEntries(
    DESKTOP_MENU_LABELS.map((id) => {
      const text = menu[id];
      return [id, typeof text === 'string' ? text : (fallback?.[id] ?? id)];
    }),
  ) as MenuLabels;
}
