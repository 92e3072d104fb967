import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { addNode, connect } from '../../shared/graph/actions';
import { emptyDocument, type GraphDocument } from '../../shared/graph/document';
import { insertTransformerBlock } from '../../shared/blocks/transformer';
import { writeLayersModel } from '../node/model-files';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';

const PREDICT_SCRIPT = fileURLToPath(new URL('../node/testing/predict-many-inputs.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-sequence-export-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Nested = number | Nested[];

function predictInFreshProcess(modelDir: string, inputsFile: string): Promise<{ classNames: string[]; outputs: Nested[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', PREDICT_SCRIPT, modelDir, inputsFile], { cwd: REPO_ROOT });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`predict failed (${code}): ${err}`))));
  });
}

function maxAbsDiff(a: Nested, b: Nested): number {
  if (typeof a === 'number' || typeof b === 'number') return Math.abs((a as number) - (b as number));
  expect(a.length).toBe(b.length);
  return a.reduce<number>((m, x, i) => Math.max(m, maxAbsDiff(x, b[i]!)), 0);
}

/**
 * Token ids (with padding masked) and an image, through every kind issue 7 added: an
 * Embedding with mask_zero, learned and sinusoidal positions, a pre-norm decoder block with
 * causal multi-head attention, a post-norm encoder block, attention that also outputs its
 * weights, ViT patches with a class token, and TakeStep.
 */
function everyNewKind(): GraphDocument {
  let doc = emptyDocument('every_sequence_kind');
  const node = (id: string, type: string, params: Record<string, unknown> = {}, from: string[] = [], port = 'in') => {
    doc = addNode(doc, { id, name: id, type, params });
    for (const source of from) doc = connect(doc, { source, target: id, targetHandle: port, targetTakesMany: type === 'Concatenate' });
  };
  node('tokens', 'Input', { shape: [10], dtype: 'int32' });
  node('embed', 'Embedding', { inputDim: 30, outputDim: 16, maskZero: true }, ['tokens']);
  node('positions', 'PositionalEmbedding', { maxLength: 10 }, ['embed']);
  node('waves', 'SinusoidalPositionalEncoding', {}, ['positions']);
  let block = insertTransformerBlock(doc, { kind: 'decoder', dModel: 16, numHeads: 4, ffDim: 32, normFirst: true }, { position: { x: 0, y: 0 }, from: 'waves' });
  doc = block.doc;
  const decoded = block.exitId;
  block = insertTransformerBlock(doc, { kind: 'encoder', dModel: 16, numHeads: 2, ffDim: 24 }, { position: { x: 0, y: 300 }, from: decoded });
  doc = block.doc;
  node('looking', 'MultiHeadAttention', { numHeads: 2, keyDim: 8, returnAttentionScores: true }, [block.exitId], 'query');
  doc = connect(doc, { source: block.exitId, target: 'looking', targetHandle: 'value' });
  node('last', 'TakeStep', { index: -1 }, ['looking']);
  // The attention weights leave the model as a second output: the first head's [batch, queries, keys].
  node('first_head', 'TakeStep', { index: 0 });
  doc = connect(doc, { source: 'looking', sourceHandle: 'weights', target: 'first_head' });
  node('image', 'Input', { shape: [8, 8, 3] });
  node('patches', 'PatchEmbedding', { patchSize: 4, embedDim: 16, classToken: true }, ['image']);
  node('cls', 'TakeStep', { index: 0 }, ['patches']);
  node('both', 'Concatenate', {}, ['last', 'cls']);
  node('classes', 'Dense', { units: 3, activation: 'softmax' }, ['both']);
  return doc;
}

describe('a model with every sequence and attention kind', () => {
  it('exports to model.json, loads with tf.loadLayersModel in a fresh process and predicts the same', async () => {
    const { model } = compileGraph(everyNewKind(), tfjsCatalog);
    // Give every weight a non-trivial value so a weight that fails to load would show.
    model.setWeights(model.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.3, 'float32', i + 1)));
    const modelDir = path.join(dir, 'model');
    await writeLayersModel(modelDir, model);

    const ids = [
      [5, 9, 2, 7, 1, 3, 0, 0, 0, 0],
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 29],
    ];
    const pixels = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 3);
    const inputsFile = path.join(dir, 'inputs.json');
    await writeFile(inputsFile, JSON.stringify([{ values: ids, dtype: 'int32' }, { values: pixels.arraySync(), dtype: 'float32' }]));
    const fresh = await predictInFreshProcess(modelDir, inputsFile);

    for (const className of ['NndMultiHeadAttention', 'NndLearnedPositionalEmbedding', 'NndSinusoidalPositionalEncoding', 'NndPatchEmbedding', 'NndTakeStep', 'Embedding'])
      expect(fresh.classNames).toContain(className);
    const expected = model.predict([tf.tensor2d(ids, undefined, 'int32'), pixels]);
    const outputs = (Array.isArray(expected) ? expected : [expected]).map((t) => t.arraySync() as Nested);
    // The class probabilities and the first head's attention weights.
    expect(outputs.length).toBe(2);
    expect(fresh.outputs.length).toBe(2);
    outputs.forEach((o, i) => expect(maxAbsDiff(o, fresh.outputs[i]!)).toBeLessThanOrEqual(1e-5));
    const classes = outputs[model.outputNames.findIndex((n) => n.startsWith('classes'))]!;
    expect(maxAbsDiff(classes, [[1 / 3, 1 / 3, 1 / 3], [1 / 3, 1 / 3, 1 / 3]])).toBeGreaterThan(1e-3);
  }, 120_000);
});
