import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mapDatasetPaths } from '../../shared/data/reference';
import { DocumentError, emptyDocument, GRAPH_VERSION, parseDocument, type GraphDocument } from '../../shared/graph/document';
import {
  HOST_ERROR_CODES,
  type HostErrorCode,
  HostError,
  type DirectoryEntry,
  type ExampleProject,
  type HostImplementation,
  type HostServiceTable,
} from '../../shared/host-api';
import { hostMessage, hostText, type HostText } from '../../shared/host-messages';
import type { EventPayload } from '../../shared/rpc';
import { configDir as defaultConfigDir } from './config-dir';
import { createDatasetMethods } from './datasets-service';
import { parseJsonText, PROJECT_SUFFIX, ProjectFileError, writeProject } from './projects';
import { RecentProjects } from './recent-projects';
import { createTrainingService, type TrainingService } from './training-service';
import { RecoveryStore } from './recovery';
import { createWindowMethods, type WindowMethodsOptions } from './window-methods';

type HostEvents = HostServiceTable['events'];
/** Sends a host event to every connected window. */
export type HostEventSink = <E extends keyof HostEvents & string>(event: E, payload: EventPayload<HostEvents, E>) => void;

export interface HostServiceOptions {
  mode: 'browser' | 'desktop';
  /** Project to open at start; resolved against `cwd`. */
  initialProject?: string | null;
  /** Default: this checkout's examples/. */
  examplesDir?: string;
  /** Default: NND_CONFIG_DIR, else the platform's config folder. */
  configDir?: string;
  /** Default: process.cwd(). */
  cwd?: string;
  /** Where events go; a host with no windows yet can leave it out. */
  emit?: HostEventSink;
  /** An example that fails to load is skipped (the start page still works) and reported here. */
  onWarning?: (message: string) => void;
  /**
   * Training runs and their history; by default one of its own, sending events to `emit`.
   * Pass one to be able to dispose it (stop the active run) when the host shuts down.
   */
  training?: TrainingService;
  /** Crash recovery; by default a store in `<configDir>/recovery` for this process. */
  recovery?: RecoveryStore;
  /** Desktop only: native dialogs and the window's reaction to the page's state. */
  chooseFile?: WindowMethodsOptions['chooseFile'];
  onWindowState?: WindowMethodsOptions['onWindowState'];
}

export const DEFAULT_EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));
const packageVersion = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * The host side of shared/host-api.ts, free of Electron: browser mode (`nnd serve`) and the
 * desktop app run this same implementation behind their own transports.
 */
export function createHostService(options: HostServiceOptions): HostImplementation {
  const cwd = options.cwd ?? process.cwd();
  const examplesDir = options.examplesDir ?? DEFAULT_EXAMPLES_DIR;
  const configDir = options.configDir ?? defaultConfigDir();
  const recents = new RecentProjects(configDir);
  const emit: HostEventSink = options.emit ?? (() => {});
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`warning: ${message}\n`));
  const absolute = (p: string) => path.resolve(cwd, expandHome(p));
  const training = options.training ?? createTrainingService({ emit, cwd, onWarning: warn });

  async function noteRecent(file: string, document: GraphDocument): Promise<void> {
    try {
      emit('recentProjectsChanged', await recents.note(file, document.name));
    } catch (err) {
      // The project itself was read or written; only the convenience list failed.
      warn(`could not update the recent-projects list (${(err as Error).message})`);
    }
  }

  return {
    ...training.methods,
    ...createDatasetMethods({ cwd, absolute }),
    ...createWindowMethods({
      recovery: options.recovery ?? new RecoveryStore(configDir),
      chooseFile: options.chooseFile,
      onWindowState: options.onWindowState,
    }),

    hostInfo: () => ({
      mode: options.mode,
      version: packageVersion,
      platform: process.platform,
      homeDir: os.homedir(),
      cwd,
      pathSeparator: path.sep === '\\' ? '\\' : '/',
      initialProject: options.initialProject ? absolute(options.initialProject) : null,
      memoryBytes: os.totalmem(),
    }),

    async listExamples() {
      let names: string[];
      try {
        names = (await readdir(examplesDir)).filter((n) => n.endsWith(PROJECT_SUFFIX)).sort();
      } catch (err) {
        throw fileSystemError(err, examplesDir, 'list the examples in');
      }
      const examples: ExampleProject[] = [];
      for (const file of names) {
        const full = path.join(examplesDir, file);
        try {
          const stored = await readProjectFile(full);
          // A template opens as a new, unsaved project, with no folder of its own to resolve
          // `bars.csv` against: its data files are named where they are, beside the example.
          const document = stored.dataset
            ? { ...stored, dataset: mapDatasetPaths(stored.dataset, (p) => (path.isAbsolute(p) ? p : path.join(examplesDir, p))) }
            : stored;
          examples.push({ file, path: full, name: document.name, description: document.description ?? '', document });
        } catch (err) {
          warn(`example ${file} was skipped: ${(err as Error).message}`);
        }
      }
      return examples;
    },

    newProject: (params) => ({ document: emptyDocument(params?.name) }),

    async openProject({ path: requested }) {
      const file = absolute(requested);
      const document = await readProjectFile(file);
      await noteRecent(file, document);
      return { path: file, document };
    },

    async saveProject({ path: requested, document }) {
      let file = absolute(requested);
      if (!file.endsWith(PROJECT_SUFFIX)) file += PROJECT_SUFFIX;
      try {
        await writeProject(file, document);
      } catch (err) {
        if (err instanceof ProjectFileError && err.fsCode) throw fileSystemError({ code: err.fsCode, message: err.message }, file, 'save');
        if (err instanceof ProjectFileError)
          throw new HostError(`Could not save — ${err.message}. Choose another folder or free some space, then save again.`, HOST_ERROR_CODES.fileSystem);
        if (typeof (err as NodeJS.ErrnoException).code === 'string') throw fileSystemError(err, file, 'save');
        throw err;
      }
      await noteRecent(file, document);
      return { path: file };
    },

    recentProjects: () => recents.list(),

    async forgetRecentProject({ path: requested }) {
      const recent = await recents.forget(absolute(requested));
      emit('recentProjectsChanged', recent);
      return recent;
    },

    async listDirectory({ path: requested, showHidden }) {
      const dir = absolute(requested);
      let dirents;
      try {
        dirents = await readdir(dir, { withFileTypes: true });
      } catch (err) {
        throw fileSystemError(err, dir, 'list');
      }
      const entries: DirectoryEntry[] = [];
      await Promise.all(
        dirents
          .filter((d) => showHidden || !d.name.startsWith('.'))
          .map(async (d) => {
            const full = path.join(dir, d.name);
            // stat follows symbolic links, so a link to a folder lists as a folder; a broken link is left out.
            const info = await stat(full).catch(() => null);
            if (!info || !(info.isDirectory() || info.isFile())) return;
            const kind = info.isDirectory() ? 'directory' : 'file';
            entries.push({
              name: d.name,
              path: full,
              kind,
              isProject: kind === 'file' && d.name.endsWith(PROJECT_SUFFIX),
              ...(kind === 'file' ? { size: info.size } : {}),
              modified: info.mtime.toISOString(),
            });
          }),
      );
      entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'directory' ? -1 : 1));
      const parent = path.dirname(dir);
      return { path: dir, parent: parent === dir ? null : parent, entries };
    },
  };
}

/**
 * Reads a project and says precisely why it cannot be opened: a missing file, a JSON syntax
 * error (with line and column), a document that does not match the format, or one from a
 * newer NN Designer.
 */
export async function readProjectFile(file: string): Promise<GraphDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw fileSystemError(err, file, 'open');
  }
  let json: unknown;
  try {
    json = parseJsonText(text, file);
  } catch (err) {
    if (err instanceof ProjectFileError)
      throw new HostError(`Cannot open ${err.message}. The file is damaged or not a project; open another one.`, HOST_ERROR_CODES.malformedProject);
    throw err;
  }
  try {
    return parseDocument(json);
  } catch (err) {
    if (!(err instanceof DocumentError)) throw err;
    const version = (json as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > GRAPH_VERSION)
      throw new HostError(`Cannot open ${file}: ${err.message}.`, HOST_ERROR_CODES.newerVersion, err.path);
    throw new HostError(
      `Cannot open ${file}: it is not a valid NN Designer project (${err.message}). Fix the file or open another one.`,
      HOST_ERROR_CODES.malformedProject,
      err.path,
      err.issue,
    );
  }
}

const VERB_TEXT = {
  open: hostText('verbOpen'),
  save: hostText('verbSave'),
  list: hostText('verbList'),
  'list the examples in': hostText('verbListExamples'),
};

function fileSystemError(err: unknown, target: string, verb: keyof typeof VERB_TEXT): HostError {
  const values = { verb: VERB_TEXT[verb], target };
  const said = (text: HostText, code: HostErrorCode) => new HostError(hostMessage(text), code, undefined, undefined, { host: text });
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return said(hostText('fsMissing', values), HOST_ERROR_CODES.notFound);
    case 'ENOTDIR':
      return said(hostText('fsNotFolder', values), HOST_ERROR_CODES.notFound);
    case 'EISDIR':
      return said(hostText('fsIsFolder', values), HOST_ERROR_CODES.fileSystem);
    case 'EACCES':
    case 'EPERM':
      return said(hostText('fsDenied', values), HOST_ERROR_CODES.permissionDenied);
    default:
      return said(hostText('fsOther', { ...values, detail: (err as Error).message }), HOST_ERROR_CODES.fileSystem);
  }
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') || p.startsWith('~\\') ? path.join(os.homedir(), p.slice(1)) : p;
}
