import { readdir } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { analyzeGraph, validateGraph } from '../../shared/graph/analyze';
import { promisedFields, trainingProblems } from '../../shared/graph/objectives';
import { catalog } from '../../shared/layers';
import { readProject } from '../node/project-files';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { REPO_ROOT } from './run-cli';
import { checkProject } from './validate';

const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
const REQUIRED = ['perceptron-xor', 'mlp-xor', 'mlp-spirals', 'residual-cnn'];

tf.enableProdMode();

describe('examples/', () => {
  it('holds the examples the start page and the course rely on', async () => {
    const files = await readdir(EXAMPLES_DIR);
    for (const name of REQUIRED) expect(files).toContain(`${name}.nnd.json`);
  });

  it('every example is valid, compiles, and reads left to right', async () => {
    const files = (await readdir(EXAMPLES_DIR)).filter((f) => f.endsWith('.nnd.json'));
    expect(files.length).toBeGreaterThanOrEqual(REQUIRED.length);
    for (const file of files) {
      const doc = await readProject(path.join(EXAMPLES_DIR, file));
      expect([file, validateGraph(doc, catalog)]).toEqual([file, []]);
      // What nnd validate checks beyond the graph: each output's objective against the dataset's fields.
      expect([file, await checkProject(doc, path.join(EXAMPLES_DIR, file))]).toEqual([file, { problems: [], notes: [] }]);
      // …and what the editor checks without data: against the fields the reference promises, and with none.
      const graph = analyzeGraph(doc, catalog);
      expect([file, trainingProblems(doc, graph, promisedFields(doc.dataset, graph, doc.training))]).toEqual([file, []]);
      expect([file, trainingProblems(doc, graph, null)]).toEqual([file, []]);
      expect(doc.description, `${file} explains itself`).toBeTruthy();
      expect(doc.dataset, `${file} has a dataset to train on`).not.toBeNull();
      const { model, analysis } = compileGraph(doc, tfjsCatalog);
      expect([file, model.countParams()]).toEqual([file, analysis.totals.total]);
      model.dispose();
      // Left to right: every connection goes to a node placed further right.
      const x = new Map(doc.nodes.map((n) => [n.id, n.position.x]));
      for (const e of doc.edges) expect([file, e.id, x.get(e.target)! > x.get(e.source)!]).toEqual([file, e.id, true]);
    }
  });

  it('the residual CNN has a branch that joins again in an Add', async () => {
    const doc = await readProject(path.join(EXAMPLES_DIR, 'residual-cnn.nnd.json'));
    const types = new Set(doc.nodes.map((n) => n.type));
    for (const type of ['Conv2D', 'BatchNormalization', 'Add', 'Dense']) expect(types).toContain(type);
    expect([...types].some((t) => /Pooling/.test(t))).toBe(true);
    const fanOut = doc.nodes.filter((n) => doc.edges.filter((e) => e.source === n.id).length > 1);
    expect(fanOut.length).toBeGreaterThan(0);
    const add = doc.nodes.find((n) => n.type === 'Add')!;
    expect(doc.edges.filter((e) => e.target === add.id).length).toBe(2);
  });
});
