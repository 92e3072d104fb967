import { useTranslation } from 'react-i18next';
import { useEditor } from './store/editor-store';
import { TopBar } from './shell/TopBar';
import { EditorView } from './shell/EditorView';
import { StartPage } from './start/StartPage';
import { NoticeBar } from './shell/NoticeBar';
import { FileDialog } from './project/FileDialog';
import { ReactFlowProvider } from '@xyflow/react';

export function App() {
  const page = useEditor((s) => s.page);
  const { t } = useTranslation();
  return (
    // One provider around the whole shell: the top bar's fit-view and layout act on the canvas.
    <ReactFlowProvider>
      <div className="app" aria-label={t('app.name')}>
        <TopBar />
        {page === 'start' ? <StartPage /> : <EditorView />}
        <NoticeBar />
        <FileDialog />
      </div>
    </ReactFlowProvider>
  );
}
