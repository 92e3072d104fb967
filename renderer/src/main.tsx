import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { i18n } from './i18n';
import { App } from './App';
import { useEditor } from './store/editor-store';

/**
 * A read-only look at the editor from outside React: the end-to-end tests compare exact
 * documents through it, and a person debugging can call it from the console.
 */
(window as unknown as { nndEditor: unknown }).nndEditor = {
  document: () => useEditor.getState().history.present,
  selection: () => useEditor.getState().selection,
  filePath: () => useEditor.getState().filePath,
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
