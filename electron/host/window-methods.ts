import { HOST_ERROR_CODES, HostError, type FileChoice, type HostImplementation, type WindowState } from '../../shared/host-api';
import { catalog } from '../../shared/layers';
import { importModelJson } from '../../shared/model-json/import';
import { layOutEstimated } from '../../shared/graph/node-face';
import { elkEngine } from './elk-engine';
import { parseJsonText, ProjectFileError, readTextFile } from '../node/project-files';
import type { RecoveryStore } from './recovery';

export type WindowMethods = Pick<
  HostImplementation,
  'reportWindowState' | 'saveRecovery' | 'clearRecovery' | 'listRecoveries' | 'recoverProject' | 'discardRecovery' | 'chooseFile' | 'importModel'
>;

export interface WindowMethodsOptions {
  recovery: RecoveryStore;
  /** Desktop: a native dialog; the chosen path, or null when cancelled. Browser mode has none. */
  chooseFile?: (choice: FileChoice) => Promise<string | null>;
  /** Desktop: the close prompt, the window title and the menus follow the page's state. */
  onWindowState?: (state: WindowState) => void;
}

/** The HostApi methods about the window around the page: its state, crash recovery and native dialogs. */
export function createWindowMethods(options: WindowMethodsOptions): WindowMethods {
  return {
    reportWindowState(state) {
      options.onWindowState?.(state);
      return null;
    },
    async saveRecovery({ document, projectPath }) {
      await options.recovery.save(document, projectPath);
      return null;
    },
    async clearRecovery() {
      await options.recovery.clear();
      return null;
    },
    listRecoveries: () => options.recovery.list(),
    recoverProject: ({ id }) => options.recovery.take(id),
    async discardRecovery({ id }) {
      await options.recovery.discard(id);
      return null;
    },
    async importModel({ path }) {
      let json: unknown;
      try {
        json = parseJsonText(await readTextFile(path, 'model file'), path);
      } catch (err) {
        if (err instanceof ProjectFileError) throw new HostError(`Cannot import ${err.message}. Choose a model.json file.`, HOST_ERROR_CODES.malformedProject);
        throw err;
      }
      try {
        const { document, warnings } = importModelJson(json, catalog);
        return { document: await layOutEstimated(document, catalog, await elkEngine()), warnings };
      } catch (err) {
        throw new HostError(`Cannot import ${path}: ${(err as Error).message}`, HOST_ERROR_CODES.malformedProject);
      }
    },
    async chooseFile(choice) {
      if (!options.chooseFile) throw new HostError('native file dialogs exist only in the desktop app; this page uses its own', HOST_ERROR_CODES.unsupported);
      return { path: await options.chooseFile(choice) };
    },
  };
}
