import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DocumentError, parseDocument, serializeDocument, type GraphDocument } from '../../shared/graph/document';
import { HOST_ERROR_CODES, HostError, type RecoverySummary } from '../../shared/host-api';
import { writeFileAtomic } from '../node/project-files';

/** How often the page autosaves while there are unsaved changes: at most this much work is lost. */
export const AUTOSAVE_INTERVAL_MS = 5000;

const RecoveryFileSchema = z.object({
  version: z.literal(1),
  /** The host process that wrote it; while that process lives, the file is its working copy, not a leftover. */
  pid: z.number().int(),
  session: z.string(),
  savedAt: z.string(),
  projectPath: z.string().nullable(),
  document: z.unknown(),
});

const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

export interface RecoveryStoreOptions {
  /** Default: a fresh id per host process. */
  session?: string;
  pid?: number;
  /** Whether a process still runs (default: signal 0); injectable for tests. */
  isAlive?: (pid: number) => boolean;
  now?: () => Date;
}

/**
 * Crash recovery: the page autosaves the open project every few seconds into this host's
 * own file in `<config>/recovery/`; saving the project or closing cleanly removes it. A file
 * left by a host process that no longer runs is what a crash or a power cut left behind, and
 * the next start offers it back. Electron-free, so browser mode and the desktop app share it.
 */
export class RecoveryStore {
  readonly dir: string;
  readonly session: string;
  private readonly pid: number;
  private readonly isAlive: (pid: number) => boolean;
  private readonly now: () => Date;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(configDir: string, options: RecoveryStoreOptions = {}) {
    this.dir = path.join(configDir, 'recovery');
    this.session = options.session ?? randomUUID();
    if (!ID_PATTERN.test(this.session)) throw new Error(`a recovery session id must be letters, digits, - or _ (got "${this.session}")`);
    this.pid = options.pid ?? process.pid;
    this.isAlive = options.isAlive ?? processIsAlive;
    this.now = options.now ?? (() => new Date());
  }

  private get ownFile(): string {
    return path.join(this.dir, `${this.session}.json`);
  }

  /** Writes the autosave atomically, one write at a time (a later state never lands before an earlier one). */
  save(document: GraphDocument, projectPath: string | null): Promise<void> {
    const body = {
      version: 1,
      pid: this.pid,
      session: this.session,
      savedAt: this.now().toISOString(),
      projectPath,
      document: JSON.parse(serializeDocument(document)) as unknown,
    };
    return this.serialized(async () => {
      await mkdir(this.dir, { recursive: true });
      await writeFileAtomic(this.ownFile, JSON.stringify(body) + '\n');
    });
  }

  /** Nothing left to recover from this session (the project was saved, or the person discarded it). */
  clear(): Promise<void> {
    return this.serialized(() => rm(this.ownFile, { force: true }));
  }

  /**
   * The page that autosaved here is gone while this host lives on (its renderer crashed):
   * its autosave becomes a leftover, offered when the page loads again.
   */
  releaseOwn(): Promise<void> {
    return this.serialized(async () => {
      await rename(this.ownFile, path.join(this.dir, `${this.session}-${Date.now().toString(36)}.json`)).catch(() => undefined);
    });
  }

  /** Autosaves left by host processes that are gone, newest first. Unreadable files are skipped. */
  async list(): Promise<RecoverySummary[]> {
    const found: RecoverySummary[] = [];
    for (const { id, file } of await this.leftovers()) {
      const stored = await readStored(file);
      if (!stored) continue;
      const name = (stored.document as { name?: unknown } | null)?.name;
      found.push({ id, documentName: typeof name === 'string' ? name : id, projectPath: stored.projectPath, savedAt: stored.savedAt });
    }
    return found.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  /** The recovered project (migrated like any opened project); its file is removed once read. */
  async take(id: string): Promise<{ document: GraphDocument; projectPath: string | null }> {
    const file = await this.leftoverFile(id);
    const stored = await readStored(file);
    if (!stored) throw notFound(id);
    let document: GraphDocument;
    try {
      document = parseDocument(stored.document);
    } catch (err) {
      if (!(err instanceof DocumentError)) throw err;
      await rm(file, { force: true });
      throw new HostError(`the recovered project cannot be read (${err.message}); it was discarded`, HOST_ERROR_CODES.malformedProject, err.path);
    }
    await rm(file, { force: true });
    return { document, projectPath: stored.projectPath };
  }

  async discard(id: string): Promise<void> {
    await rm(await this.leftoverFile(id), { force: true });
  }

  private async leftovers(): Promise<Array<{ id: string; file: string }>> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const result: Array<{ id: string; file: string }> = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const id = name.slice(0, -'.json'.length);
      if (!ID_PATTERN.test(id) || id === this.session) continue;
      const file = path.join(this.dir, name);
      const stored = await readStored(file);
      // Another NN Designer still running owns its file; it is not a leftover.
      if (stored && stored.pid !== this.pid && this.isAlive(stored.pid)) continue;
      result.push({ id, file });
    }
    return result;
  }

  private async leftoverFile(id: string): Promise<string> {
    if (!ID_PATTERN.test(id)) throw notFound(id);
    const match = (await this.leftovers()).find((l) => l.id === id);
    if (!match) throw notFound(id);
    return match.file;
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

async function readStored(file: string): Promise<z.infer<typeof RecoveryFileSchema> | null> {
  try {
    const parsed = RecoveryFileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function notFound(id: string): HostError {
  return new HostError(`there is no recovered project "${id}" any more (it was recovered or discarded already)`, HOST_ERROR_CODES.recoveryNotFound);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
