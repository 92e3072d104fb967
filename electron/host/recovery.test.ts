import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addNode } from '../../shared/graph/actions';
import { emptyDocument } from '../../shared/graph/document';
import { RecoveryStore } from './recovery';

let configDir: string;
beforeEach(async () => {
  configDir = await mkdtemp(path.join(os.tmpdir(), 'nnd-recovery-'));
});
afterEach(async () => {
  await rm(configDir, { recursive: true, force: true });
});

const alive = new Set<number>();
const store = (session: string, pid: number) => new RecoveryStore(configDir, { session, pid, isAlive: (p) => alive.has(p) });
const sketch = () => addNode(emptyDocument('sketch'), { type: 'Input', params: { shape: [4] }, position: { x: 0, y: 0 } });

describe('crash recovery', () => {
  it('offers what a session that died left behind, and only that', async () => {
    alive.clear();
    alive.add(101);
    const crashed = store('crashed', 100);
    await crashed.save(sketch(), '/p/sketch.nnd.json');
    const stillRunning = store('running', 101);
    await stillRunning.save(emptyDocument('other window'), null);

    const next = store('next', 102);
    const offered = await next.list();
    expect(offered).toEqual([{ id: 'crashed', documentName: 'sketch', projectPath: '/p/sketch.nnd.json', savedAt: expect.any(String) }]);
    // A session never offers its own working copy.
    expect(await crashed.list()).toEqual([]);

    const recovered = await next.take('crashed');
    expect(recovered.projectPath).toBe('/p/sketch.nnd.json');
    expect(recovered.document.nodes.map((n) => n.type)).toEqual(['Input']);
    expect(await next.list()).toEqual([]);
    await expect(next.take('crashed')).rejects.toMatchObject({ code: 'recovery-not-found' });
  });

  it('keeps the latest autosave, and leaves nothing after a clean end', async () => {
    const session = store('one', 200);
    await Promise.all([session.save(emptyDocument('first'), null), session.save(emptyDocument('second'), null)]);
    expect((await store('two', 201).list()).map((r) => r.documentName)).toEqual(['second']);
    await session.clear();
    expect(await readdir(session.dir)).toEqual([]);
  });

  it('offers a page’s own autosave back after its renderer crashed while the host lives on', async () => {
    const session = store('live', 400);
    await session.save(emptyDocument('unsaved work'), null);
    expect(await session.list()).toEqual([]);
    await session.releaseOwn();
    expect((await session.list()).map((r) => r.documentName)).toEqual(['unsaved work']);
  });

  it('discards on request, skips damaged files and refuses ids that are not its own files', async () => {
    await store('gone', 300).save(emptyDocument('gone'), null);
    await writeFile(path.join(configDir, 'recovery', 'damaged.json'), '{"version": 1, "pid"');
    const next = store('next', 301);
    expect((await next.list()).map((r) => r.id)).toEqual(['gone']);
    await next.discard('gone');
    expect(await next.list()).toEqual([]);
    await expect(next.take('../../etc/passwd')).rejects.toMatchObject({ code: 'recovery-not-found' });
  });
});
