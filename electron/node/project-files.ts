import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { firstJsonErrorOffset, lineAndColumn } from '../../shared/json-position';
import { DocumentError, parseDocument, serializeDocument, type GraphDocument } from '../../shared/graph/document';

/** The suffix every project file carries; `foo.nnd.json` has the stem `foo`. */
export const PROJECT_SUFFIX = '.nnd.json';

/**
 * A project file that cannot be read or written. The message already names the file (and,
 * for a malformed document, the place inside it), so a caller prints it as is.
 */
export class ProjectFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
    /** JSON path inside the document, when the fault is one value. */
    readonly documentPath?: string,
    /** The file system's error code (ENOENT, ENOTDIR, …) when the file system refused. */
    readonly fsCode?: string,
  ) {
    super(message);
    this.name = 'ProjectFileError';
  }
}

/** Reads a file as UTF-8 text, turning "no such file" and friends into one readable line. */
export async function readTextFile(file: string, what = 'file'): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new ProjectFileError(`${file}: ${describeFsError(err, `cannot read the ${what}`)}`, file, undefined, (err as NodeJS.ErrnoException).code);
  }
}

/** Parses JSON text, reporting a syntax error with its line and column. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const offset = firstJsonErrorOffset(text);
    const where = offset === null ? '' : offset >= text.length ? ' at the end' : ` at ${lineAndColumn(text, offset)}`;
    const reason = (err as Error).message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
    throw new ProjectFileError(`${file}${where}: not valid JSON (${reason})`, file);
  }
}

/** Reads and validates a project; older versions come back migrated. */
export async function readProject(file: string): Promise<GraphDocument> {
  const json = parseJsonText(await readTextFile(file, 'project file'), file);
  try {
    return parseDocument(json);
  } catch (err) {
    if (err instanceof DocumentError) throw new ProjectFileError(`${file}: ${err.message}`, file, err.path);
    throw err;
  }
}

/**
 * Writes a file so that a reader sees either the old or the new content, never half of
 * either: the data goes to a temporary file beside the target, is flushed, then renamed
 * over it (rename is atomic within one directory).
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true }).catch((err: NodeJS.ErrnoException) => {
      // mkdir says EEXIST when a file stands where a folder of the path should be.
      if (err.code === 'EEXIST') err.code = 'ENOTDIR';
      throw err;
    });
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    // Cleaning up can fail for the same reason the write did (a path through a file); the
    // write's own error is the one worth reporting.
    await rm(temp, { force: true }).catch(() => {});
    throw new ProjectFileError(`${file}: ${describeFsError(err, 'cannot write the file')}`, file, undefined, (err as NodeJS.ErrnoException).code);
  }
}

/** Saves a project atomically in the stable, diff-friendly form. */
export async function writeProject(file: string, doc: GraphDocument): Promise<void> {
  await writeFileAtomic(file, serializeDocument(doc));
}

/** `dir/foo.nnd.json` → `foo`; any other name loses only its last extension. */
export function projectStem(file: string): string {
  const base = path.basename(file);
  if (base.endsWith(PROJECT_SUFFIX)) return base.slice(0, -PROJECT_SUFFIX.length);
  return base.replace(/\.[^.]*$/, '') || base;
}

/** Where `nnd train --save` puts a project's weights: `<stem>.weights/` beside the project. */
export function weightsDirFor(projectFile: string): string {
  return path.join(path.dirname(projectFile), `${projectStem(projectFile)}.weights`);
}

/**
 * Paths inside a document (a CSV, a weights folder) are relative to the project file so a
 * project folder can move as a whole; absolute paths are kept as they are.
 */
export function resolveFromProject(projectFile: string, reference: string): string {
  return path.resolve(path.dirname(projectFile), reference);
}

/** The inverse of `resolveFromProject`, written with `/` so the file reads the same on every OS. */
export function relativeToProject(projectFile: string, target: string): string {
  const relative = path.relative(path.dirname(path.resolve(projectFile)), path.resolve(target));
  return relative.split(path.sep).join('/') || '.';
}

function describeFsError(err: unknown, fallback: string): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file — check the path';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return `${fallback} (${(err as Error).message})`;
  }
}
