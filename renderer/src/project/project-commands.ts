import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { GraphDocument } from '../../../shared/graph/document';
import type { HostInfo } from '../../../shared/host-api';
import { getHost } from '../host/client';
import { selectIsDirty, useEditor } from '../store/editor-store';
import { useFileDialog } from './file-dialog-store';
import { hostErrorText } from '../i18n/said-text';
import { openFailureText } from './open-failure';
import { baseName, dirName, projectFileName } from './paths';

let hostInfo: Promise<HostInfo> | null = null;

/** Asked once per page: it does not change while the host runs. */
export function getHostInfo(): Promise<HostInfo> {
  hostInfo ??= getHost()
    .hostInfo()
    .catch((err: unknown) => {
      hostInfo = null;
      throw err;
    });
  return hostInfo;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Opening, saving and starting projects. Every file goes through the HostApi; a failure
 * shows what happened and leaves the open project exactly as it was.
 */
export function createProjectCommands(t: TFunction) {
  const store = useEditor;

  const confirmDiscard = () => !selectIsDirty(store.getState()) || window.confirm(t('confirm.discard'));

  async function startFolder(): Promise<string> {
    const current = store.getState().filePath;
    const info = await getHostInfo();
    return current ? dirName(current, info.pathSeparator) : info.cwd;
  }

  async function openPath(path: string): Promise<boolean> {
    try {
      const opened = await getHost().openProject({ path });
      store.getState().loadDocument(opened.document, opened.path);
      return true;
    } catch (err) {
      store.getState().showNotice({ kind: 'error', key: 'errors.openFailed', values: { file: baseName(path), message: openFailureText(t, err) } });
      return false;
    }
  }

  async function saveTo(path: string, doc: GraphDocument): Promise<boolean> {
    try {
      const saved = await getHost().saveProject({ path, document: doc });
      store.getState().markSaved(doc, saved.path);
      return true;
    } catch (err) {
      store.getState().showNotice({ kind: 'error', key: 'errors.saveFailed', values: { file: baseName(path), message: hostErrorText(t, err) } });
      return false;
    }
  }

  return {
    async newProject() {
      if (!confirmDiscard()) return;
      try {
        const { document } = await getHost().newProject({ name: t('app.untitled') });
        store.getState().loadDocument(document, null);
      } catch (err) {
        store.getState().showNotice({ kind: 'error', key: 'errors.hostUnavailable', values: { message: messageOf(err) } });
      }
    },
    async openPath(path: string) {
      if (!confirmDiscard()) return false;
      return openPath(path);
    },
    /** Opens a template as a new, unsaved project, so saving never overwrites the example. */
    async openTemplate(doc: GraphDocument) {
      if (!confirmDiscard()) return;
      store.getState().loadDocument(doc, null);
    },
    async openWithDialog() {
      if (!confirmDiscard()) return;
      let folder: string;
      try {
        folder = await startFolder();
      } catch (err) {
        store.getState().showNotice({ kind: 'error', key: 'errors.hostUnavailable', values: { message: messageOf(err) } });
        return;
      }
      const path = await useFileDialog.getState().pick('open', folder);
      if (path) await openPath(path);
    },
    async save(): Promise<boolean> {
      const { filePath, history } = store.getState();
      if (!filePath) return this.saveAs();
      return saveTo(filePath, history.present);
    },
    async saveAs(): Promise<boolean> {
      const doc = store.getState().history.present;
      let folder: string;
      try {
        folder = await startFolder();
      } catch (err) {
        store.getState().showNotice({ kind: 'error', key: 'errors.hostUnavailable', values: { message: messageOf(err) } });
        return false;
      }
      const path = await useFileDialog.getState().pick('save', folder, projectFileName(doc.name));
      return path ? saveTo(path, doc) : false;
    },
  };
}

export type ProjectCommands = ReturnType<typeof createProjectCommands>;

export function useProjectCommands(): ProjectCommands {
  const { t } = useTranslation();
  return useMemo(() => createProjectCommands(t), [t]);
}
