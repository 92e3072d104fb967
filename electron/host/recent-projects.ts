import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RecentProject } from '../../shared/host-api';
import { writeFileAtomic } from '../node/project-files';

/** Enough to find last week's projects, few enough to scan at a glance. */
export const MAX_RECENT_PROJECTS = 12;

const StoredRecentsSchema = z.object({
  recent: z.array(z.object({ path: z.string().min(1), name: z.string(), lastOpened: z.string() })),
});
type StoredRecent = z.infer<typeof StoredRecentsSchema>['recent'][number];

/**
 * The recent-projects list, kept in `recent-projects.json` in the config folder. A missing
 * or damaged file means an empty list (it is a convenience, never worth an error); writes
 * are atomic and run one at a time, so two saves in quick succession both land.
 */
export class RecentProjects {
  readonly file: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(configDir: string) {
    this.file = path.join(configDir, 'recent-projects.json');
  }

  /** Most recent first, each with whether its file still exists. */
  list(): Promise<RecentProject[]> {
    return this.serialized(async () => withExistence(await this.read()));
  }

  /** Moves (or adds) a project to the top of the list. */
  note(projectPath: string, name: string, when = new Date()): Promise<RecentProject[]> {
    return this.update((recent) => [
      { path: projectPath, name, lastOpened: when.toISOString() },
      ...recent.filter((r) => !samePath(r.path, projectPath)),
    ]);
  }

  forget(projectPath: string): Promise<RecentProject[]> {
    return this.update((recent) => recent.filter((r) => !samePath(r.path, projectPath)));
  }

  private update(change: (recent: StoredRecent[]) => StoredRecent[]): Promise<RecentProject[]> {
    return this.serialized(async () => {
      const recent = change(await this.read()).slice(0, MAX_RECENT_PROJECTS);
      await writeFileAtomic(this.file, JSON.stringify({ recent }, null, 2) + '\n');
      return withExistence(recent);
    });
  }

  private async read(): Promise<StoredRecent[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    try {
      const parsed = StoredRecentsSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data.recent : [];
    } catch {
      return [];
    }
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

async function withExistence(recent: StoredRecent[]): Promise<RecentProject[]> {
  return Promise.all(
    recent.map(async (r) => ({
      ...r,
      exists: await stat(r.path).then(
        (s) => s.isFile(),
        () => false,
      ),
    })),
  );
}

function samePath(a: string, b: string): boolean {
  const normalise = (p: string) => (process.platform === 'win32' || process.platform === 'darwin' ? path.resolve(p).toLowerCase() : path.resolve(p));
  return normalise(a) === normalise(b);
}
