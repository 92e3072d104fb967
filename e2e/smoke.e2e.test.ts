import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLES_DIR, startEditor, type EditorSession } from './harness';

/** The plumbing under every other end-to-end test: the page loads and reaches the host. */
describe('nnd serve in Chromium', () => {
  let editor: EditorSession;

  beforeAll(async () => {
    editor = await startEditor();
  });

  afterAll(async () => {
    await editor?.stop();
  });

  it('serves the editor page on 127.0.0.1 and the page renders', async () => {
    expect(editor.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    await expect(editor.page.title()).resolves.toBe('NN Designer');
    await editor.page.waitForFunction(() => (globalThis as unknown as { document: { querySelector(s: string): { childElementCount: number } | null } }).document.querySelector('#root')!.childElementCount > 0);
  });

  it('serves the production build of React, even when a test runner started it', async () => {
    const distAssets = path.join(path.dirname(EXAMPLES_DIR), 'renderer', 'dist', 'assets');
    const scripts = (await readdir(distAssets)).filter((f) => f.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    for (const file of scripts) expect(await readFile(path.join(distAssets, file), 'utf8')).not.toContain('jsxDEV');
  });

  it('answers hostInfo over the WebSocket the page opens, from the page origin', async () => {
    // A raw socket in the page: the Origin header is the page's own, as for the app's client.
    const reply = await editor.page.evaluate(async (hostUrl) => {
      const socket = new (globalThis as unknown as { WebSocket: new (url: string) => { send(d: string): void; close(): void; onopen: () => void; onmessage: (e: { data: string }) => void; onerror: () => void } }).WebSocket(hostUrl);
      return new Promise<unknown>((resolve, reject) => {
        socket.onopen = () => socket.send(JSON.stringify({ id: 1, method: 'hostInfo' }));
        socket.onmessage = (event) => {
          resolve(JSON.parse(event.data));
          socket.close();
        };
        socket.onerror = () => reject(new Error('the HostApi WebSocket failed to open'));
      });
    }, editor.hostUrl);
    expect(reply).toMatchObject({
      id: 1,
      result: { mode: 'browser', platform: process.platform, cwd: expect.any(String), initialProject: null, version: expect.any(String) },
    });
  });

  it('lists every example project through the HostApi', async () => {
    const files = (await readdir(EXAMPLES_DIR)).filter((f) => f.endsWith('.nnd.json')).sort();
    const examples = await editor.host.listExamples();
    expect(examples.map((e) => e.file)).toEqual(files);
    for (const example of examples) {
      expect(example.document.nodes.length).toBeGreaterThan(0);
      expect(example.name).not.toBe('');
    }
  });

  it('keeps the page free of uncaught errors while it loads', async () => {
    await editor.page.waitForLoadState('networkidle');
    expect(editor.pageErrors).toEqual([]);
  });
});
