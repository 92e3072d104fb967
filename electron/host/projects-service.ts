import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { mapDatasetPaths } from '../../shared/data/reference';
import { DocumentError, emptyDocument, GRAPH_VERSION, parseDocument, type GraphDocument } from '../../shared/graph/document';
import {
  HOST_ERROR_CODES,
  type HostErrorCode,
  HostError,
  type DirectoryEntry,
  type ExampleProject,
  type HostImplementation,
} from '../../shared/host-api';
import { hostMessage, hostText, type HostText } from '../../shared/host-messages';
import { parseJsonText, PROJECT_SUFFIX, ProjectFileError, writeProject } from '../node/project-files';
import type { HostEventSink } from './host-events';
import type { RecentProjects } from './recent-projects';

export type ProjectMethods = Pick<
  HostImplementation,
  'listExamples' | 'newProject' | 'openProject' | 'saveProject' | 'recentProjects' | 'forgetRecentProject' | 'listDirectory'
>;

export interface ProjectMethodsOptions {
  /** Resolves a path the page sent (relative to the host's cwd, `~` for home). */
  absolute: (p: string) => string;
  examplesDir: string;
  recents: RecentProjects;
  emit: HostEventSink;
  warn: (message: string) => void;
}

/**
 * Projects for the HostApi: the examples, opening and saving project files (noting them in
 * the recent-projects list) and browsing folders for the page's file dialog.
 */
export function createProjectMethods(options: ProjectMethodsOptions): ProjectMethods {
  const { absolute, examplesDir, recents, emit, warn } = options;

  async function noteRecent(file: string, document: GraphDocument): Promise<void> {
    try {
      emit('recentProjectsChanged', await recents.note(file, document.name));
    } catch (err) {
      // The project itself was read or written; only the convenience list failed.
      warn(`could not update the recent-projects list (${(err as Error).message})`);
    }
  }

  return {
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
