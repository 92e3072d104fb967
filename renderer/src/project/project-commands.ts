import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { DocumentError, parseDocument, serializeDocument, type GraphDocument } from '../../../shared/graph/document';
import type { HostApi, HostInfo } from '../../../shared/host-api';
import { getHost } from '../host/client';
import { zodIssueText } from '../i18n/zod-locale';
import { pageFileTransfer, type FileTransfer } from './file-transfer';
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

/** What the project commands need from around them; the page's own by default, fakes in tests. */
export interface ProjectCommandsEnv {
  host: Pick<HostApi, 'newProject' | 'openProject' | 'saveProject'>;
  info(): Promise<HostInfo>;
  /** Browser mode: projects download to and upload from the person's computer. */
  files: FileTransfer;
  /** A path on the host's disk (the desktop's native dialog, else the page's file browser). */
  pickPath(mode: 'open' | 'save', folder: string, fileName?: string): Promise<string | null>;
  confirm(message: string): boolean;
}

export function pageProjectEnv(): ProjectCommandsEnv {
  return {
    host: getHost(),
    info: getHostInfo,
    files: pageFileTransfer(),
    pickPath: (mode, folder, fileName) => useFileDialog.getState().pick(mode, folder, fileName),
    confirm: (message) => window.confirm(message),
  };
}

/** Where a file browser on the host's disk starts: beside the open project, else the home folder. */
export function startFolderFor(filePath: string | null, info: HostInfo): string {
  return filePath ? dirName(filePath, info.pathSeparator) : info.homeDir;
}

/** Why an uploaded file is not a project, in the interface language where the schema said it as data. */
function uploadFailureText(t: TFunction, err: unknown): string {
  if (err instanceof SyntaxError) return t('errors.notJson', { message: err.message });
  if (err instanceof DocumentError && err.issue) return t('errors.projectInvalid', { place: err.path || 'document', detail: zodIssueText(err.issue) });
  return err instanceof Error ? err.message : String(err);
}

/**
 * Opening, saving and starting projects. In the desktop app and for paths the host knows,
 * files go through the HostApi; in browser mode Save downloads the project to the person's
 * computer and Open uploads one. A failure shows what happened and leaves the open project
 * exactly as it was.
 */
export function createProjectCommands(t: TFunction, env: ProjectCommandsEnv = pageProjectEnv()) {
  const store = useEditor;

  const confirmDiscard = () => !selectIsDirty(store.getState()) || env.confirm(t('confirm.discard'));
  const inBrowser = async () => (await env.info()).mode === 'browser';

  async function startFolder(): Promise<string> {
    return startFolderFor(store.getState().filePath, await env.info());
  }

  function download(doc: GraphDocument): boolean {
    env.files.download(projectFileName(doc.name), serializeDocument(doc));
    store.getState().markSaved(doc, null);
    return true;
  }

  async function upload(): Promise<void> {
    const file = await env.files.upload('.nnd.json,.json,application/json');
    if (!file) return;
    try {
      store.getState().loadDocument(parseDocument(JSON.parse(file.text)), null);
    } catch (err) {
      store.getState().showNotice({ kind: 'error', key: 'errors.openFailed', values: { file: file.name, message: uploadFailureText(t, err) } });
    }
  }

  async function openPath(path: string): Promise<boolean> {
    try {
      const opened = await env.host.openProject({ path });
      store.getState().loadDocument(opened.document, opened.path);
      return true;
    } catch (err) {
      store.getState().showNotice({ kind: 'error', key: 'errors.openFailed', values: { file: baseName(path), message: openFailureText(t, err) } });
      return false;
    }
  }

  async function saveTo(path: string, doc: GraphDocument): Promise<boolean> {
    try {
      const saved = await env.host.saveProject({ path, document: doc });
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
        const { document } = await env.host.newProject({ name: t('app.untitled') });
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
        if (await inBrowser()) return upload();
        folder = await startFolder();
      } catch (err) {
        store.getState().showNotice({ kind: 'error', key: 'errors.hostUnavailable', values: { message: messageOf(err) } });
        return;
      }
      const path = await env.pickPath('open', folder);
      if (path) await openPath(path);
    },
    async save(): Promise<boolean> {
      const { filePath, history } = store.getState();
      if (!filePath || (await inBrowser().catch(() => false))) return this.saveAs();
      return saveTo(filePath, history.present);
    },
    async saveAs(): Promise<boolean> {
      const doc = store.getState().history.present;
      let folder: string;
      try {
        if (await inBrowser()) return download(doc);
        folder = await startFolder();
      } catch (err) {
        store.getState().showNotice({ kind: 'error', key: 'errors.hostUnavailable', values: { message: messageOf(err) } });
        return false;
      }
      const path = await env.pickPath('save', folder, projectFileName(doc.name));
      return path ? saveTo(path, doc) : false;
    },
  };
}

export type ProjectCommands = ReturnType<typeof createProjectCommands>;

export function useProjectCommands(): ProjectCommands {
  const { t } = useTranslation();
  return useMemo(() => createProjectCommands(t), [t]);
}
