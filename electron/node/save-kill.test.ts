import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeDocument } from '../../shared/graph/document';
import { readProject } from './project-files';
import { killTestDocument } from './testing/kill-test-documents';

const SAVE_LOOP = fileURLToPath(new URL('./testing/save-loop.ts', import.meta.url));

/** Starts the save loop, waits for its first save, lets it run `ms` more, then kills it with SIGKILL. */
function saveThenKill(file: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SAVE_LOOP, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.on('error', reject);
    child.stdout.setEncoding('utf8').once('data', () => setTimeout(() => child.kill('SIGKILL'), ms));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the save loop ended by itself (${signal})`))));
  });
}

describe('a project save killed with SIGKILL', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('leaves the old or the new file, never a torn one', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'nnd-kill-'));
    dirs.push(dir);
    const file = path.join(dir, 'project.nnd.json');
    const versions = new Set([serializeDocument(killTestDocument('A')), serializeDocument(killTestDocument('B'))]);
    const seen = new Set<string>();
    // Kill points spread over a save's duration (a few ms to tens of ms each on these machines).
    for (const ms of [0, 5, 12, 25, 45]) {
      await saveThenKill(file, ms);
      const text = serializeDocument(await readProject(file));
      expect(versions.has(text)).toBe(true);
      seen.add(text.includes('kill test A') ? 'A' : 'B');
    }
    // Temporary files a killed save leaves are dot-files beside the project, never the project itself.
    for (const name of await readdir(dir)) expect(name === 'project.nnd.json' || /^\.project\.nnd\.json\..+\.tmp$/.test(name), name).toBe(true);
    expect(seen.size).toBeGreaterThan(0);
  }, 120_000);
});
