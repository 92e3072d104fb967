import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { createRandom } from '../../shared/data/dataset';
import { analyzeGraph } from '../../shared/graph/analyze';
import { catalog } from '../../shared/layers';
import { withSeededRandom } from '../../shared/layers/seed';
import { readProject } from '../node/project-files';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { lines, REPO_ROOT, runNnd } from './run-cli';

tf.enableProdMode();

const PREDICT_SCRIPT = fileURLToPath(new URL('../node/testing/predict-in-fresh-process.ts', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Predictions of an exported model computed by a fresh Node process with nothing but tfjs. */
function predictInFreshProcess(modelDir: string, inputsFile: string): Promise<number[][]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', PREDICT_SCRIPT, modelDir, inputsFile], { cwd: REPO_ROOT });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as number[][]) : reject(new Error(`predict failed (${code}): ${err}`))));
  });
}

function maxAbsDiff(a: number[][], b: number[][]): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  a.forEach((row, i) => row.forEach((v, j) => (max = Math.max(max, Math.abs(v - b[i]![j]!)))));
  return max;
}

/** A Keras 2 `model.to_json()` of a small Sequential model, as Python writes it. */
const kerasSequential = (extraLayerClass?: string) => ({
  class_name: 'Sequential',
  config: {
    name: 'small_classifier',
    layers: [
      { class_name: 'InputLayer', config: { batch_input_shape: [null, 4], dtype: 'float32', sparse: false, ragged: false, name: 'input_1' } },
      {
        class_name: 'Dense',
        config: { name: 'hidden', trainable: true, dtype: 'float32', units: 8, activation: 'relu', use_bias: true, kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } }, bias_initializer: { class_name: 'Zeros', config: {} }, kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null },
      },
      ...(extraLayerClass ? [{ class_name: extraLayerClass, config: { name: 'attention', trainable: true, dtype: 'float32' } }] : []),
      {
        class_name: 'Dense',
        config: { name: 'probabilities', trainable: true, dtype: 'float32', units: 3, activation: 'softmax', use_bias: true, kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } }, bias_initializer: { class_name: 'Zeros', config: {} }, kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null },
      },
    ],
  },
  keras_version: '2.13.1',
  backend: 'tensorflow',
});

describe('nnd export and nnd import (spawned)', () => {
  it('exports a model that a fresh process loads with tf.loadLayersModel and that predicts what the project predicts', async () => {
    // The residual CNN: a branch, an Add, BatchNormalization statistics, a Reshape.
    const project = path.join(REPO_ROOT, 'examples/residual-cnn.nnd.json');
    const outDir = path.join(dir, 'residual-cnn');
    const run = await runNnd(['export', 'examples/residual-cnn.nnd.json', '-o', outDir]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(lines(run.stdout)).toEqual([expect.stringMatching(/^exported residual-cnn \(1,083 params, fresh weights \(seed 3;.*\) to .*model\.json \+ weights\.bin$/)]);

    const random = createRandom(99);
    const inputs = Array.from({ length: 5 }, () => Array.from({ length: 64 }, () => random()));
    const inputsFile = path.join(dir, 'inputs.json');
    await writeFile(inputsFile, JSON.stringify(inputs));
    const loaded = await predictInFreshProcess(outDir, inputsFile);

    // "Fresh weights" are the project's seeded initial weights, so this process can rebuild them.
    const doc = await readProject(project);
    const { model } = withSeededRandom(doc.training.seed, () => compileGraph(doc, tfjsCatalog));
    const expected = (model.predict(tf.tensor2d(inputs)) as tf.Tensor).arraySync() as number[][];
    model.dispose();
    expect(maxAbsDiff(loaded, expected)).toBeLessThanOrEqual(1e-5);
    // Softmax rows: a model that loaded with default (zero) weights would not separate the samples.
    expect(new Set(loaded.map((row) => row[0]!.toFixed(4))).size).toBeGreaterThan(1);

    // The exported model.json imports back into a valid project with the same parameter count.
    const reimported = path.join(dir, 'reimported.nnd.json');
    const back = await runNnd(['import', path.join(outDir, 'model.json'), '-o', reimported]);
    expect(back.code).toBe(0);
    expect(lines(back.stdout)).toEqual([`imported ${path.join(outDir, 'model.json')} as ${reimported} (10 layers, 10 connections)`]);
    const totals = analyzeGraph(await readProject(reimported), catalog).totals;
    expect(totals).toEqual({ total: 1083, trainable: 1067, nonTrainable: 16 });
  });

  it('imports a Keras to_json() file into a project that validates, and names an unknown layer class in one line', async () => {
    const kerasFile = path.join(dir, 'keras.json');
    const customFile = path.join(dir, 'custom.json');
    await writeFile(kerasFile, JSON.stringify(kerasSequential()));
    await writeFile(customFile, JSON.stringify(kerasSequential('MyAttentionLayer')));
    const projectFile = path.join(dir, 'keras.nnd.json');
    const [imported, custom] = await Promise.all([
      runNnd(['import', kerasFile, '-o', projectFile]),
      runNnd(['import', customFile, '-o', path.join(dir, 'custom.nnd.json')]),
    ]);
    expect([imported.code, imported.stderr]).toEqual([0, '']);
    const [validated, again] = await Promise.all([
      runNnd(['validate', projectFile]),
      runNnd(['import', kerasFile, '-o', projectFile]),
    ]);
    expect(validated.code).toBe(0);
    expect(lines(validated.stdout)).toEqual([`OK: ${projectFile} is a valid network (3 layers, 2 connections)`]);
    const doc = JSON.parse(await readFile(projectFile, 'utf8'));
    expect(doc.nodes.map((n: { name: string }) => n.name)).toEqual(['input_1', 'hidden', 'probabilities']);

    expect(custom.code).toBe(1);
    expect(lines(custom.stderr)).toEqual([expect.stringMatching(/^nnd import: .*custom\.json: unknown layer class MyAttentionLayer in layer attention/)]);

    // An existing project is never overwritten by accident.
    expect(again.code).toBe(1);
    expect(lines(again.stderr)).toEqual([`nnd import: ${projectFile} already exists — choose another name or pass --force to replace it`]);
  });
});
