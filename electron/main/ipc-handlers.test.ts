import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyDocument } from '../../shared/graph/document';
import type { HostImplementation } from '../../shared/host-api';
import type { WireMessage } from '../../shared/rpc';
import { createHostService } from '../host/host-service';
import { createTrainingService } from '../host/training-service';
import { createHostIpcConnection, senderRefusal, type IpcSender } from './ipc-handlers';
import { APP_START_URL } from './web-policy';

const WINDOW_ID = 7;
const ourPage: IpcSender = { webContentsId: WINDOW_ID, frameUrl: APP_START_URL, isMainFrame: true };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-ipc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The real host service behind the IPC handler; every call that reaches it is recorded. */
function connect() {
  const configDir = path.join(dir, 'config');
  const training = createTrainingService({ emit: () => {}, cwd: dir, scratchDir: path.join(dir, 'scratch') });
  const real = createHostService({ mode: 'desktop', configDir, cwd: dir, examplesDir: path.join(dir, 'examples'), training, onWarning: () => {} });
  const reached: string[] = [];
  const implementation = new Proxy(real, {
    get(target, name) {
      const method = target[name as keyof HostImplementation] as (p: unknown) => unknown;
      return (params: unknown) => {
        reached.push(String(name));
        return method(params);
      };
    },
  });
  const posted: WireMessage[] = [];
  const refused: string[] = [];
  const connection = createHostIpcConnection({ implementation, webContentsId: WINDOW_ID, post: (f) => posted.push(f), onRefused: (r) => refused.push(r) });
  /** Sends a frame and waits for the answer to it (or a quiet moment, when none comes). */
  async function exchange(frame: unknown, sender: IpcSender = ourPage): Promise<WireMessage | undefined> {
    const before = posted.length;
    connection.receive(sender, frame);
    for (let i = 0; i < 100 && posted.length === before; i++) await new Promise((r) => setTimeout(r, 5));
    return posted[before];
  }
  return { exchange, reached, refused, configDir, dispose: () => training.dispose() };
}

describe('the HostApi over IPC', () => {
  it('answers a well-formed call from our page', async () => {
    const { exchange, reached, dispose } = connect();
    const answer = await exchange({ id: 1, method: 'newProject', params: { name: 'Sketch' } });
    expect(answer).toMatchObject({ id: 1, result: { document: { name: 'Sketch', nodes: [] } } });
    expect(reached).toEqual(['newProject']);
    await dispose();
  });

  it('refuses malformed payloads with an error, checked by the shared zod schemas, before any file is touched', async () => {
    const { exchange, reached, configDir, dispose } = connect();
    const target = path.join(dir, 'written.nnd.json');
    const cases: Array<[unknown, string, RegExp]> = [
      [{ id: 2, method: 'openProject', params: { path: 42 } }, 'invalid-params', /^host\.openProject: invalid params — path: .*expected string/],
      [{ id: 3, method: 'openProject', params: { path: '' } }, 'invalid-params', /path: a path cannot be empty/],
      [{ id: 4, method: 'saveProject', params: { path: target, document: { format: 'nn-designer', nodes: 'all of them' } } }, 'invalid-params', /^host\.saveProject: invalid params — document\./],
      [{ id: 5, method: 'listDirectory', params: { path: ['/', 'etc'] } }, 'invalid-params', /path: /],
      [{ id: 6, method: 'startTraining', params: { document: { ...emptyDocument('x'), nodes: [{ id: 1 }] } } }, 'invalid-params', /document\.nodes\.0/],
      [{ id: 7, method: 'readAnyFile', params: { path: '/etc/passwd' } }, 'unknown-method', /host has no method "readAnyFile"/],
      [{ id: 8, method: 'constructor' }, 'unknown-method', /no method "constructor"/],
      [{ id: 9.5, method: 'openProject', params: { path: '/etc/passwd' } }, 'bad-message', /not a call of the form/],
      [{ method: 'openProject', params: { path: '/etc/passwd' } }, 'bad-message', /not a call of the form/],
      ['openProject /etc/passwd', 'bad-message', /not a call of the form/],
    ];
    for (const [frame, code, message] of cases) {
      const answer = (await exchange(frame)) as { error?: { code: string; message: string } };
      expect(answer?.error?.code, JSON.stringify(frame)).toBe(code);
      expect(answer?.error?.message, JSON.stringify(frame)).toMatch(message);
    }
    // Nothing reached the implementation, so nothing read or wrote a file.
    expect(reached).toEqual([]);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(configDir)).toBe(false);
    await dispose();
  });

  it('ignores messages from any sender but our page in this window, without an answer', async () => {
    const { exchange, reached, refused, dispose } = connect();
    const strangers: IpcSender[] = [
      { webContentsId: WINDOW_ID + 1, frameUrl: APP_START_URL, isMainFrame: true },
      { webContentsId: WINDOW_ID, frameUrl: APP_START_URL, isMainFrame: false },
      { webContentsId: WINDOW_ID, frameUrl: 'https://example.com/', isMainFrame: true },
      { webContentsId: WINDOW_ID, frameUrl: 'file:///tmp/page.html', isMainFrame: true },
      { webContentsId: WINDOW_ID, frameUrl: null, isMainFrame: true },
    ];
    for (const sender of strangers) expect(await exchange({ id: 1, method: 'recentProjects' }, sender)).toBeUndefined();
    expect(reached).toEqual([]);
    expect(refused).toHaveLength(strangers.length);
    expect(senderRefusal(ourPage, WINDOW_ID)).toBeNull();
    await dispose();
  });
});
