import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { analyzeGraph } from '../../shared/graph/analyze';
import { catalog } from '../../shared/layers';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { exportLayersModel } from '../../shared/model-json/export';
import { ProjectFileError, readProject } from '../node/project-files';
import { CliError } from './errors';
import { loadNetwork } from './load';
import { REPO_ROOT } from './run-cli';

tf.enableProdMode();

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadNetwork', () => {
  it('reads a project by its format, whatever the file is called', async () => {
    const file = path.join(dir, 'renamed.json');
    await writeFile(file, JSON.stringify(await readProject(path.join(REPO_ROOT, 'examples/mlp-xor.nnd.json'))));
    const loaded = await loadNetwork(file);
    expect(loaded.source).toBe('project');
    expect(loaded.doc.nodes.map((n) => n.id)).toEqual(['input_1', 'dense_1', 'dense_2']);
  });

  it('imports a TensorFlow.js model.json with the same layers and parameter count', async () => {
    const doc = await readProject(path.join(REPO_ROOT, 'examples/residual-cnn.nnd.json'));
    const { model } = compileGraph(doc, tfjsCatalog);
    const { modelJson } = await exportLayersModel(model);
    model.dispose();
    const file = path.join(dir, 'model.json');
    await writeFile(file, JSON.stringify(modelJson));
    const loaded = await loadNetwork(file);
    expect(loaded.source).toBe('model-json');
    expect(loaded.doc.nodes.map((n) => n.name).sort()).toEqual(doc.nodes.map((n) => n.name).sort());
    expect(analyzeGraph(loaded.doc, catalog).totals).toEqual(analyzeGraph(doc, catalog).totals);
  });

  it('refuses a project with a bad value by its path, and other JSON as neither kind of file', async () => {
    const bad = path.join(dir, 'bad.nnd.json');
    await writeFile(bad, JSON.stringify({ format: 'nn-designer.graph', version: 1, nodes: [{ id: 'a', type: 'Dense', name: '9' }], edges: [] }));
    await expect(loadNetwork(bad)).rejects.toThrow(ProjectFileError);
    await expect(loadNetwork(bad)).rejects.toThrow(/bad\.nnd\.json: nodes\.0\.name/);
    const other = path.join(dir, 'other.json');
    await writeFile(other, '{"hello": "world"}');
    await expect(loadNetwork(other)).rejects.toThrow(CliError);
    await expect(loadNetwork(other)).rejects.toThrow(/other\.json: /);
  });
});
