import { create } from 'zustand';

export type FileDialogMode = 'open' | 'save';

interface FileDialogRequest {
  mode: FileDialogMode;
  folder: string;
  fileName: string;
  resolve(path: string | null): void;
}

interface FileDialogState {
  request: FileDialogRequest | null;
  /** Asks the person for a file; resolves with its path, or null when they cancel. */
  pick(mode: FileDialogMode, folder: string, fileName?: string): Promise<string | null>;
  finish(path: string | null): void;
}

export const useFileDialog = create<FileDialogState>()((set, get) => ({
  request: null,
  pick(mode, folder, fileName = '') {
    get().request?.resolve(null);
    return new Promise((resolve) => set({ request: { mode, folder, fileName, resolve } }));
  },
  finish(path) {
    get().request?.resolve(path);
    set({ request: null });
  },
}));
