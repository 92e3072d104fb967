import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReactFlow } from '@xyflow/react';
import type { TFunction } from 'i18next';
import type { MenuCommand, MenuCommandEvent } from '../../../shared/desktop-menu';
import type { RecoverySummary, WindowState } from '../../../shared/host-api';
import { DATASET_EXTENSIONS, useDatasetImport } from '../dataset/dataset-import-store';
import { getHost } from '../host/client';
import { createProjectCommands, getHostInfo, startFolderFor } from '../project/project-commands';
import { openExportDialog } from '../project/export-dialog-store';
import { useFileDialog } from '../project/file-dialog-store';
import { selectDocument, selectIsDirty, useEditor } from '../store/editor-store';
import { useCanvasUi } from '../canvas/canvas-ui-store';
import { fitReadable } from '../canvas/fit-view';
import { setTheme, useTheme } from '../shell/theme';
import { usePanels } from '../shell/panels-store';
import { runCommands } from '../training/run';
import { isActive, useTraining } from '../training/training-store';
import { menuLabels } from './menu-labels';
import { applyLanguageCommand } from './menu-language';

/** How often unsaved work is written to the recovery file: a crash loses at most this much. */
export const AUTOSAVE_INTERVAL_MS = 5000;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A text field has the focus: Cut, Copy, Paste, Undo and Select All belong to it, not to the canvas. */
function typingInField(): boolean {
  const el = document.activeElement as HTMLElement | null;
  return Boolean(el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.isContentEditable));
}

/** Presses one of the training panel's own buttons, so the menu does exactly what the button does and the panel shows the outcome. */
function pressPanelButton(testId: string): boolean {
  const button = document.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`);
  if (!button || button.disabled) return false;
  button.click();
  return true;
}

/** The page's side of the desktop window: its state for the host, autosave and recovery, and the native menus' commands. */
export function DesktopBridge() {
  const { t, i18n } = useTranslation();
  const flow = useReactFlow();
  const [recoveries, setRecoveries] = useState<RecoverySummary[]>([]);
  const dirty = useEditor(selectIsDirty);
  const doc = useEditor(selectDocument);
  const filePath = useEditor((s) => s.filePath);
  const page = useEditor((s) => s.page);
  const phase = useTraining((s) => s.phase);
  const theme = useTheme();

  // The window's state: the close prompt, the title, the menus' labels and which items are enabled.
  const training: WindowState['training'] = phase === 'paused' ? 'paused' : isActive(phase) ? 'running' : 'idle';
  useEffect(() => {
    void getHost()
      .reportWindowState({
        dirty,
        projectPath: filePath,
        documentName: doc.name,
        language: i18n.language,
        menuLabels: menuLabels(t),
        editing: page === 'editor',
        training,
      })
      .catch(() => undefined);
  }, [dirty, filePath, doc.name, i18n.language, t, page, training]);

  // Autosave to the recovery file while there are unsaved changes; clear it once saved.
  const lastAutosaved = useRef<unknown>(null);
  useEffect(() => {
    if (!dirty) {
      if (lastAutosaved.current !== null) {
        lastAutosaved.current = null;
        void getHost().clearRecovery().catch(() => undefined);
      }
      return;
    }
    const timer = setInterval(() => {
      const { history, filePath: path } = useEditor.getState();
      if (history.present === lastAutosaved.current) return;
      lastAutosaved.current = history.present;
      void getHost().saveRecovery({ document: history.present, projectPath: path }).catch(() => undefined);
    }, AUTOSAVE_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [dirty]);

  // After a crash: what the last session did not save.
  useEffect(() => {
    let current = true;
    getHost()
      .listRecoveries()
      .then((found) => current && setRecoveries(found), () => undefined);
    return () => {
      current = false;
    };
  }, []);

  // Native menu commands run the same actions as the page's own buttons and shortcuts.
  useEffect(() => {
    const subscription = getHost().on('menuCommand', (event) => void runMenuCommand(event, t, flow, theme));
    return () => subscription.dispose();
  }, [t, flow, theme]);

  if (recoveries.length === 0) return null;
  const first = recoveries[0]!;
  const resolve = async (recover: boolean) => {
    setRecoveries((list) => list.slice(1));
    try {
      if (!recover) {
        await getHost().discardRecovery({ id: first.id });
        return;
      }
      if (selectIsDirty(useEditor.getState()) && !window.confirm(t('confirm.discard'))) return;
      const recovered = await getHost().recoverProject({ id: first.id });
      // Loaded as unsaved changes on top of the file it came from, so Save writes it back there:
      // the "saved" copy is a different object, which is what the dirty marker compares.
      useEditor.getState().loadDocument(recovered.document, recovered.projectPath);
      useEditor.setState({ savedDocument: { ...recovered.document } });
    } catch (err) {
      useEditor.getState().showNotice({ kind: 'error', key: 'recovery.failed', values: { message: messageOf(err) } });
    }
  };
  return (
    <div className="notice info recovery-offer" role="alert" data-testid="recovery-offer">
      <span>{t('recovery.offer', { name: first.documentName, time: new Date(first.savedAt).toLocaleString(i18n.language) })}</span>
      <button className="btn primary" onClick={() => void resolve(true)} data-testid="recovery-recover">
        {t('recovery.recover')}
      </button>
      <button className="btn ghost" onClick={() => void resolve(false)} data-testid="recovery-discard">
        {t('recovery.discard')}
      </button>
    </div>
  );
}

type Flow = ReturnType<typeof useReactFlow>;

async function runMenuCommand(event: MenuCommandEvent, t: TFunction, flow: Flow, theme: 'light' | 'dark'): Promise<void> {
  const { command, path } = event;
  const store = useEditor.getState();
  const project = createProjectCommands(t);
  const inField = typingInField();
  const textOr = (nativeCommand: string, action: () => void) => (inField ? document.execCommand(nativeCommand) : action());
  const actions: Record<MenuCommand, () => unknown> = {
    new: () => project.newProject(),
    open: () => project.openWithDialog(),
    openRecent: () => path && project.openPath(path),
    save: () => project.save(),
    saveAs: () => project.saveAs(),
    importDataset: () => importDataset(),
    importModel: () => importModel(t),
    exportModel: () => openExportDialog(),
    undo: () => textOr('undo', store.undo),
    redo: () => textOr('redo', store.redo),
    cut: () => textOr('cut', store.cutSelection),
    copy: () => textOr('copy', store.copySelection),
    paste: () => textOr('paste', () => store.paste(useCanvasUi.getState().pointer?.flow)),
    duplicate: () => store.duplicateSelection(),
    // The Delete key deletes forwards in a text field, as it does without the menu.
    delete: () => textOr('forwardDelete', store.deleteSelection),
    selectAll: () => textOr('selectAll', store.selectAll),
    zoomIn: () => flow.zoomIn(),
    zoomOut: () => flow.zoomOut(),
    fitView: () => fitReadable(flow),
    toggleTheme: () => setTheme(theme === 'dark' ? 'light' : 'dark'),
    togglePalette: () => usePanels.getState().toggle('palette'),
    toggleInspector: () => usePanels.getState().toggle('inspector'),
    toggleTraining: () => useTraining.getState().toggle(),
    language: () => applyLanguageCommand(event),
    trainStart: () => runCommands.start(),
    trainPause: () => pressPanelButton('pause-button') || pressPanelButton('resume-button'),
    trainStep: () => runCommands.step(),
    trainStop: () => pressPanelButton('stop-button'),
  };
  await actions[command]();
}

async function startFolder(): Promise<string> {
  const info = await getHostInfo();
  const current = useEditor.getState().filePath;
  return startFolderFor(current, info);
}

/** File › Import Dataset…: the chosen file opens in the import dialog (preview, mapping, Use this dataset). */
async function importDataset(): Promise<void> {
  const file = await useFileDialog.getState().pick('open', await startFolder(), '', DATASET_EXTENSIONS);
  if (!file) return;
  useDatasetImport.getState().show();
  await useDatasetImport.getState().importPath(file);
}

/** File › Import Model JSON…: a tfjs or Keras model file opens as a new, unsaved project. */
async function importModel(t: TFunction): Promise<void> {
  if (selectIsDirty(useEditor.getState()) && !window.confirm(t('confirm.discard'))) return;
  const file = await useFileDialog.getState().pick('open', await startFolder(), '', ['.json']);
  if (!file) return;
  try {
    const { document } = await getHost().importModel({ path: file });
    useEditor.getState().loadDocument(document, null);
  } catch (err) {
    useEditor.getState().showNotice({ kind: 'error', key: 'recovery.importFailed', values: { message: messageOf(err) } });
  }
}
