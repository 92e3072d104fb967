import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseDocument } from '../../shared/graph/document';
import { hostService, type HostApi } from '../../shared/host-api';
import { createClient, webSocketTransport, type WebSocketLike } from '../../shared/rpc';

const NND = fileURLToPath(new URL('../../bin/nnd.mjs', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-host-kill-'));
  await mkdir(path.join(dir, 'dist'));
  await writeFile(path.join(dir, 'dist', 'index.html'), '<!doctype html><title>NN Designer</title>');
  await copyFile(path.join(REPO, 'examples/mlp-spirals.nnd.json'), path.join(dir, 'spirals.nnd.json'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

interface Host {
  process: ChildProcess;
  api: HostApi;
  close(): void;
}

/** `nnd serve` with this test's config folder, and a HostApi client on its WebSocket. */
function startHost(): Promise<Host> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NND, 'serve', '--no-open', '--port', '0'], {
      cwd: dir,
      env: { ...process.env, NND_RENDERER_DIST: path.join(dir, 'dist'), NND_CONFIG_DIR: path.join(dir, 'config'), NND_DEBUG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const url = /NN Designer is running at (\S+)/.exec(stdout)?.[1];
      if (!url) return;
      child.stdout!.removeAllListeners('data');
      const socket = new WebSocket(`${url.replace(/^http/, 'ws').replace(/\/$/, '')}/api`);
      const api = createClient(hostService, webSocketTransport(socket as unknown as WebSocketLike));
      socket.once('open', () => resolve({ process: child, api, close: () => socket.close() }));
      socket.once('error', reject);
    });
    child.once('error', reject);
  });
}

describe('the host killed with SIGKILL in the middle of a training run', () => {
  it('leaves the project and the run history readable, and the next start offers the unsaved edits back', async () => {
    const projectPath = path.join(dir, 'spirals.nnd.json');
    const before = await readFile(projectPath, 'utf8');
    const host = await startHost();
    const { document } = await host.api.openProject({ path: projectPath });
    // An earlier, finished run, then unsaved edits autosaved, then a long run killed halfway.
    const short = { ...document, training: { ...document.training, epochs: 2 } };
    const first = await host.api.startTraining({ document: short, projectPath });
    await waitFor(async () => (await host.api.activeTraining()) === null);
    const edited = { ...document, name: 'edited but never saved' };
    await host.api.saveRecovery({ document: edited, projectPath });
    const long = { ...document, training: { ...document.training, epochs: 100_000 } };
    await host.api.startTraining({ document: long, projectPath });
    await waitFor(async () => ((await host.api.activeTraining())?.epochs ?? 0) >= 2);
    host.close();
    host.process.kill('SIGKILL');
    await new Promise((resolve) => host.process.once('exit', resolve));

    expect(await readFile(projectPath, 'utf8')).toBe(before);
    const again = await startHost();
    try {
      const runs = await again.api.listRuns({ projectPath });
      expect(runs.map((r) => r.id)).toContain(first.runId);
      const record = await again.api.getRun({ runId: first.runId, projectPath });
      expect(record.epochPoints.length).toBe(2);
      const recoveries = await again.api.listRecoveries();
      expect(recoveries.map((r) => r.documentName)).toContain('edited but never saved');
      const recovered = await again.api.recoverProject({ id: recoveries.find((r) => r.documentName === 'edited but never saved')!.id });
      expect(parseDocument(recovered.document).name).toBe('edited but never saved');
    } finally {
      again.close();
      again.process.kill('SIGKILL');
    }
  }, 180_000);
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}
