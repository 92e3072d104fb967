import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { parseDocument } from '../../shared/graph/document';
import { writeLayersModel } from '../node/model-files';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { RecoveryStore } from './recovery';
import { createWindowMethods } from './window-methods';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-window-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the window methods of the host', () => {
  it('imports a TensorFlow.js model.json written by tfjs itself as a project with the same layers', async () => {
    const example = parseDocument(JSON.parse(await readFile(new URL('../../examples/mlp-xor.nnd.json', import.meta.url), 'utf8')));
    const { model } = compileGraph(example, tfjsCatalog);
    await writeLayersModel(path.join(dir, 'model'), model);
    const methods = createWindowMethods({ recovery: new RecoveryStore(dir) });
    const imported = await methods.importModel({ path: path.join(dir, 'model', 'model.json') });
    expect(imported.document.nodes.map((n) => n.type)).toEqual(example.nodes.map((n) => n.type));
    model.dispose();
  });

  it('says why a file cannot be imported, and that native dialogs are the desktop app’s', async () => {
    await writeFile(path.join(dir, 'broken.json'), '{"modelTopology": ');
    const methods = createWindowMethods({ recovery: new RecoveryStore(dir) });
    await expect(methods.importModel({ path: path.join(dir, 'broken.json') })).rejects.toMatchObject({ code: 'malformed-project', message: expect.stringMatching(/not valid JSON/) });
    await expect(methods.importModel({ path: path.join(dir, 'missing.json') })).rejects.toMatchObject({ code: 'malformed-project' });
    await expect(methods.chooseFile({ mode: 'open' })).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('hands the page’s window state to the desktop host', () => {
    const states: unknown[] = [];
    const methods = createWindowMethods({ recovery: new RecoveryStore(dir), onWindowState: (s) => states.push(s) });
    const state = { dirty: true, projectPath: null, documentName: 'x', language: 'zh-CN', editing: true, training: 'idle' as const };
    expect(methods.reportWindowState(state)).toBeNull();
    expect(states).toEqual([state]);
  });
});
