import { create } from 'zustand';
import { getHost } from '../host/client';
import { isDesktopWindow } from '../host/desktop-bridge';

/** `folder` picks a folder (the one shown, or a new one named in the name field). */
export type FileDialogMode = 'open' | 'save' | 'folder';

interface FileDialogRequest {
  mode: FileDialogMode;
  folder: string;
  fileName: string;
  /** For `open`: the file endings shown (`.csv`); projects when absent. */
  extensions?: string[];
  resolve(path: string | null): void;
}

interface FileDialogState {
  request: FileDialogRequest | null;
  /** Asks the person for a file; resolves with its path, or null when they cancel. */
  pick(mode: FileDialogMode, folder: string, fileName?: string, extensions?: string[]): Promise<string | null>;
  finish(path: string | null): void;
}

export const useFileDialog = create<FileDialogState>()((set, get) => ({
  request: null,
  pick(mode, folder, fileName = '', extensions) {
    get().request?.resolve(null);
    // The desktop app asks the operating system's own dialog; the host then allows that path.
    if (isDesktopWindow())
      return getHost()
        .chooseFile({ mode, folder, ...(fileName ? { fileName } : {}), ...(extensions ? { extensions } : {}) })
        .then((chosen) => chosen.path);
    return new Promise((resolve) => set({ request: { mode, folder, fileName, ...(extensions ? { extensions } : {}), resolve } }));
  },
  finish(path) {
    get().request?.resolve(path);
    set({ request: null });
  },
}));
