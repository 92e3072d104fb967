import type { MenuItemConstructorOptions } from 'electron';
import type { HostMenuCommand, MenuCommandEvent, MenuItemSpec } from '../../shared/desktop-menu';

export interface MenuHandlers {
  /** A command for the page (sent as the `menuCommand` event). */
  command(event: MenuCommandEvent): void;
  /** About, Documentation, Quit: answered by the main process. */
  host(command: HostMenuCommand): void;
}

/** shared/desktop-menu.ts's plain menu spec as Electron's menu template. */
export function toElectronTemplate(spec: readonly MenuItemSpec[], handlers: MenuHandlers): MenuItemConstructorOptions[] {
  return spec.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'role':
        return { role: item.role, label: item.label };
      case 'submenu':
        if (item.role === 'services') return { role: 'services', label: item.label };
        return { label: item.label, ...(item.role && item.role !== 'appMenu' ? { role: item.role } : {}), submenu: toElectronTemplate(item.items, handlers) };
      case 'host':
        return { label: item.label, ...(item.accelerator ? { accelerator: item.accelerator } : {}), click: () => handlers.host(item.command) };
      case 'radio':
        return { type: 'radio', label: item.label, checked: item.checked, click: () => handlers.command({ command: item.command, language: item.language }) };
      case 'command':
        return {
          label: item.label,
          enabled: item.enabled,
          ...(item.accelerator ? { accelerator: item.accelerator } : {}),
          click: () => handlers.command(item.path ? { command: item.command, path: item.path } : { command: item.command }),
        };
    }
  });
}
