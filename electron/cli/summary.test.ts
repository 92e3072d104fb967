import { readdir } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { catalog } from '../../shared/layers';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { analyzeGraph } from '../../shared/graph/analyze';
import { readProject } from '../node/project-files';
import { summarize, summaryJson } from './summary';
import { lines, REPO_ROOT, runNnd } from './run-cli';

tf.enableProdMode();

interface SummaryJson {
  params: { total: number; trainable: number; nonTrainable: number };
  inputs: (number | null)[][];
  outputs: (number | null)[][];
  layers: { name: string; type: string; outputShape: unknown; params: number }[];
}

const weightCount = (weights: tf.LayerVariable[]) => weights.reduce((sum, w) => sum + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);

async function compiledCounts(file: string) {
  const { model } = compileGraph(await readProject(path.join(REPO_ROOT, 'examples', file)), tfjsCatalog);
  return { model, params: { total: model.countParams(), trainable: weightCount(model.trainableWeights), nonTrainable: weightCount(model.nonTrainableWeights) } };
}

function expectMatchesModel(file: string, summary: SummaryJson, model: tf.LayersModel) {
  expect(summary.inputs).toEqual(model.inputs.map((t) => t.shape));
  expect(summary.outputs).toEqual(model.outputs.map((t) => t.shape));
  const byName = new Map(model.layers.map((l) => [l.name, l]));
  expect(summary.layers.map((l) => l.name).sort()).toEqual([...byName.keys()].sort());
  for (const layer of summary.layers) {
    expect(Object.keys(layer)).toEqual(['name', 'type', 'outputShape', 'params']);
    const tfLayer = byName.get(layer.name)!;
    expect([file, layer.name, layer.params, layer.outputShape]).toEqual([file, layer.name, tfLayer.countParams(), tfLayer.outputShape]);
  }
}

describe('summarize', () => {
  it('counts the same parameters and shapes as the compiled tfjs model, for every example', async () => {
    const files = (await readdir(path.join(REPO_ROOT, 'examples'))).filter((f) => f.endsWith('.nnd.json'));
    for (const file of files) {
      const doc = await readProject(path.join(REPO_ROOT, 'examples', file));
      const summary = JSON.parse(summaryJson(summarize(doc, analyzeGraph(doc, catalog)))) as SummaryJson;
      const { model, params } = await compiledCounts(file);
      expect([file, summary.params]).toEqual([file, params]);
      expectMatchesModel(file, summary, model);
      model.dispose();
    }
  });
});

describe('nnd summary (spawned)', () => {
  it('--json prints exactly the promised object, with the counts of the compiled model', async () => {
    // The residual CNN: a branch, a merge and BatchNormalization's non-trainable statistics.
    const file = 'residual-cnn.nnd.json';
    const [run, table] = await Promise.all([runNnd(['summary', `examples/${file}`, '--json']), runNnd(['summary', 'examples/mlp-xor.nnd.json'])]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(lines(run.stdout)).toHaveLength(1);
    const summary = JSON.parse(run.stdout) as SummaryJson;
    expect(Object.keys(summary)).toEqual(['params', 'inputs', 'outputs', 'layers']);
    const { model, params } = await compiledCounts(file);
    expect(summary.params).toEqual(params);
    expect(summary.params.nonTrainable).toBeGreaterThan(0);
    expectMatchesModel(file, summary, model);
    model.dispose();

    expect(table.code).toBe(0);
    const out = lines(table.stdout);
    expect(out[0]).toBe('Model: "mlp-xor"');
    expect(out[2]).toMatch(/Layer \(name\)\s+Type\s+Output shape\s+Params\s+Connected to/);
    expect(out).toContainEqual(expect.stringMatching(/^ dense_1\s+Dense\s+\[batch, 8\]\s+24\s+input_1$/));
    expect(out).toContain('Total params: 33 (132 B)');
    expect(out).toContain('Trainable params: 33 (132 B)');
    expect(out).toContain('Non-trainable params: 0 (0 B)');
  });
});
