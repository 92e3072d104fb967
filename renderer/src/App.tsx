import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ReactFlowProvider } from '@xyflow/react';
import { selectIsDirty, useEditor } from './store/editor-store';
import { TopBar } from './shell/TopBar';
import { EditorView } from './shell/EditorView';
import { StartPage } from './start/StartPage';
import { NoticeBar } from './shell/NoticeBar';
import { ExportDialog } from './project/ExportDialog';
import { FileDialog } from './project/FileDialog';
import { createProjectCommands, getHostInfo } from './project/project-commands';
import { DesktopBridge } from './desktop/DesktopBridge';
import { DatasetImport } from './dataset/DatasetImport';
import { setTrainingMemory } from './store/catalog';

let initialProjectAsked = false;

/** `nnd serve --project file` names a project to open at start instead of the start page. */
function useInitialProject() {
  const { t } = useTranslation();
  useEffect(() => {
    // Once per page, however often React mounts the app (StrictMode mounts it twice).
    if (initialProjectAsked) return;
    initialProjectAsked = true;
    getHostInfo().then(
      (info) => {
        if (info.memoryBytes) setTrainingMemory(info.memoryBytes);
        if (info.initialProject && useEditor.getState().documentSession === 0) void createProjectCommands(t).openPath(info.initialProject);
      },
      // The start page reports an unreachable host where the person looks first.
      () => undefined,
    );
  }, [t]);
}

/** Closing or reloading the tab would lose unsaved edits: the browser asks first. */
function useLeaveGuard() {
  const dirty = useEditor(selectIsDirty);
  useEffect(() => {
    if (!dirty) return;
    const guard = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', guard);
    return () => window.removeEventListener('beforeunload', guard);
  }, [dirty]);
}

export function App() {
  const page = useEditor((s) => s.page);
  const { t } = useTranslation();
  useInitialProject();
  useLeaveGuard();
  return (
    // One provider around the whole shell: the top bar's fit-view and layout act on the canvas.
    <ReactFlowProvider>
      <div className="app" aria-label={t('app.name')}>
        <TopBar />
        {page === 'start' ? <StartPage /> : <EditorView />}
        <NoticeBar />
        <DesktopBridge />
        <DatasetImport />
        <ExportDialog />
        <FileDialog />
      </div>
    </ReactFlowProvider>
  );
}
