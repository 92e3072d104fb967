import { getHost } from '../host/client';
import { useEditor } from '../store/editor-store';
import { createRunCommands } from './run-commands';
import { useTraining } from './training-store';

/** The page's run commands: the top bar's Train / Stop, the training view's buttons and the desktop menu use these. */
export const runCommands = createRunCommands(getHost, useTraining, () => {
  const { history, filePath } = useEditor.getState();
  return { document: history.present, projectPath: filePath };
});
