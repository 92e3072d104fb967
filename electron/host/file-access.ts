import path from 'node:path';
import { HOST_ERROR_CODES, HostError, type HostImplementation } from '../../shared/host-api';
import { PROJECT_SUFFIX } from '../node/project-files';

export type FileAccess = 'read' | 'write';

interface Grant {
  /** Absolute, normalised (lower-cased where the file system ignores case). */
  key: string;
  /** A folder grant covers everything inside it. */
  tree: boolean;
  access: ReadonlySet<FileAccess>;
}

/**
 * The paths the desktop page may use: only those the person chose in a native dialog, opened
 * from the recent list or from the operating system (a double-clicked file), plus the examples.
 * A page that was somehow subverted can then still not read or overwrite anything else,
 * because every path in a HostApi call is checked here first. Browser mode has no registry:
 * its page lists folders itself, and only the loopback page can reach it.
 */
export class FileAccessRegistry {
  private readonly grants: Grant[] = [];

  constructor(private readonly caseInsensitive = process.platform === 'win32' || process.platform === 'darwin') {}

  /** One file, e.g. a project chosen in the Open dialog (read) or the Save dialog (write). */
  grantFile(file: string, access: readonly FileAccess[]): void {
    this.grants.push({ key: this.key(file), tree: false, access: new Set(access) });
  }

  /** A folder and everything inside it, e.g. the folder chosen for a model export. */
  grantFolder(folder: string, access: readonly FileAccess[]): void {
    this.grants.push({ key: this.key(folder), tree: true, access: new Set(access) });
  }

  /**
   * A project the person opened or saved: the file itself read and write, its folder read
   * (a dataset path in a project is relative to it), and its runs folder beside it.
   */
  grantProject(file: string): void {
    this.grantFile(file, ['read', 'write']);
    this.grantFolder(path.dirname(path.resolve(file)), ['read']);
  }

  allows(file: string, access: FileAccess): boolean {
    const key = this.key(file);
    return this.grants.some((g) => g.access.has(access) && (g.key === key || (g.tree && isInside(key, g.key))));
  }

  /** Throws a `permission-denied` HostError naming the path unless `access` to it was granted. */
  check(file: string, access: FileAccess): void {
    if (this.allows(file, access)) return;
    throw new HostError(
      `NN Designer may only ${access === 'read' ? 'read' : 'write'} files you chose: ${file} was not chosen in a file dialog or opened from the recent list — choose it with File › Open… (or Save As…)`,
      HOST_ERROR_CODES.permissionDenied,
    );
  }

  private key(file: string): string {
    const resolved = path.resolve(file);
    return this.caseInsensitive ? resolved.toLowerCase() : resolved;
  }
}

function isInside(child: string, folder: string): boolean {
  const relative = path.relative(folder, child);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Parameter names that hold a path, in methods this file does not know by name (ones added later). */
const PATH_KEY = /^(path|file|folder|directory|dir)$|(Path|File|Folder|Directory|Dir)$/;

/** Every string under a path-like key in `value`, with the key's parents (`dataset.path`). */
export function pathLikeValues(value: unknown, where = ''): Array<{ where: string; value: string }> {
  if (value === null || typeof value !== 'object') return [];
  const found: Array<{ where: string; value: string }> = [];
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const here = where ? `${where}.${key}` : key;
    // A document's graph holds names and numbers, never paths; only its data and weights references do.
    if (key === 'nodes' || key === 'edges' || key === 'training') continue;
    if (typeof child === 'string' && PATH_KEY.test(key)) found.push({ where: here, value: child });
    else if (typeof child === 'object') found.push(...pathLikeValues(child, here));
  }
  return found;
}

export interface GuardOptions {
  /** Relative paths in calls resolve against it, as the host service does. */
  cwd: string;
}

type Params<M extends keyof HostImplementation> = Parameters<HostImplementation[M]>[0];

/**
 * The host service with every path in a call checked against `registry`. Methods known
 * here get the precise check (saving needs write access, a dataset path resolves against the
 * project's folder); any other method has each path-like parameter checked for reading, so a
 * method added later is closed by default rather than open.
 */
export function guardFileAccess(implementation: HostImplementation, registry: FileAccessRegistry, options: GuardOptions): HostImplementation {
  const absolute = (p: string) => path.resolve(options.cwd, p);
  const readable = (p: string) => registry.check(absolute(p), 'read');
  const writable = (p: string) => registry.check(absolute(p), 'write');
  const checkDocumentData = (document: { dataset?: unknown; weights?: unknown }, projectPath: string | undefined) => {
    const base = projectPath ? path.dirname(absolute(projectPath)) : options.cwd;
    for (const { value } of pathLikeValues({ dataset: document.dataset, weights: document.weights })) registry.check(path.resolve(base, value), 'read');
  };

  const guarded: Partial<HostImplementation> = {
    async openProject(params: Params<'openProject'>) {
      readable(params.path);
      const opened = await implementation.openProject(params);
      registry.grantProject(opened.path);
      return opened;
    },
    async saveProject(params: Params<'saveProject'>) {
      const target = params.path.endsWith(PROJECT_SUFFIX) ? params.path : params.path + PROJECT_SUFFIX;
      writable(target);
      const saved = await implementation.saveProject(params);
      registry.grantProject(saved.path);
      return saved;
    },
    listDirectory(params: Params<'listDirectory'>) {
      readable(params.path);
      return implementation.listDirectory(params);
    },
    startTraining(params: Params<'startTraining'>) {
      if (params.projectPath !== undefined) readable(params.projectPath);
      checkDocumentData(params.document, params.projectPath);
      return implementation.startTraining(params);
    },
    restoreRunWeights(params: Params<'restoreRunWeights'>) {
      writable(params.projectPath);
      return implementation.restoreRunWeights(params);
    },
    exportRunModel(params: Params<'exportRunModel'>) {
      writable(params.directory);
      return implementation.exportRunModel(params);
    },
    exportProject(params: Params<'exportProject'>) {
      writable(params.directory);
      if (params.projectPath !== undefined) readable(params.projectPath);
      checkDocumentData(params.document, params.projectPath);
      return implementation.exportProject(params);
    },
    // Written to the host's own temporary folder and sent back: only what it reads is checked.
    downloadExport(params: Params<'downloadExport'>) {
      const { source } = params;
      if (source.kind === 'project') {
        if (source.projectPath !== undefined) readable(source.projectPath);
        checkDocumentData(source.document, source.projectPath);
      }
      return implementation.downloadExport(params);
    },
    // The dialog is the person choosing: its folder is only where it starts, and what they pick is granted.
    async chooseFile(params: Params<'chooseFile'>) {
      const chosen = await implementation.chooseFile(params);
      if (chosen.path !== null) {
        if (params.mode === 'folder') registry.grantFolder(chosen.path, ['read', 'write']);
        else if (params.extensions === undefined || params.extensions.includes(PROJECT_SUFFIX)) registry.grantProject(chosen.path);
        else registry.grantFile(chosen.path, params.mode === 'save' ? ['read', 'write'] : ['read']);
      }
      return chosen;
    },
    // A recovered project's file was the person's before the crash.
    async recoverProject(params: Params<'recoverProject'>) {
      const recovered = await implementation.recoverProject(params);
      if (recovered.projectPath !== null) registry.grantProject(recovered.projectPath);
      return recovered;
    },
  };

  const result: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(implementation) as Array<[string, (p: unknown) => unknown]>) {
    const precise = (guarded as Record<string, ((p: unknown) => unknown) | undefined>)[name];
    result[name] =
      precise ??
      ((params: unknown) => {
        // A data path in a call about a saved project is relative to the project's folder.
        const projectPath = (params as { projectPath?: unknown } | null)?.projectPath;
        const base = typeof projectPath === 'string' ? path.dirname(absolute(projectPath)) : options.cwd;
        for (const { where, value } of pathLikeValues(params))
          registry.check(where === 'projectPath' ? absolute(value) : path.resolve(base, value), 'read');
        return method(params);
      });
  }
  return result as unknown as HostImplementation;
}
