import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNode, connect } from '../../shared/graph/actions';
import { emptyDocument, type GraphDocument } from '../../shared/graph/document';
import { compileGraph } from '../../shared/compile/compile';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { loadWeightsByName, readLayersModel, writeLayersModel } from './model-files';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function mlp(hidden: number, outputs = 3): GraphDocument {
  let doc = emptyDocument('mlp');
  doc = addNode(doc, { type: 'Input', params: { shape: [4] } });
  doc = addNode(doc, { type: 'Dense', params: { units: hidden, activation: 'tanh' } });
  doc = addNode(doc, { type: 'Dense', params: { units: outputs, activation: 'softmax' } });
  doc = connect(doc, { source: 'input_1', target: 'dense_1' });
  doc = connect(doc, { source: 'dense_1', target: 'dense_2' });
  return doc;
}

const samples = tf.randomUniform([6, 4], -2, 2, 'float32', 7);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-model-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]!);
}

describe('writeLayersModel / readLayersModel', () => {
  it('writes model.json and weights.bin only (no temp files left) and reads back the same model', async () => {
    const { model } = compileGraph(mlp(8), tfjsCatalog);
    const target = path.join(dir, 'nested', 'out');
    await writeLayersModel(target, model);
    expect((await readdir(target)).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(await readFile(path.join(target, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);

    const loaded = await readLayersModel(target);
    expect(loaded.layers.map((l) => l.name)).toEqual(['input_1', 'dense_1', 'dense_2']);
    expect(maxAbsDiff(model.predict(samples) as tf.Tensor, loaded.predict(samples) as tf.Tensor)).toBeLessThanOrEqual(1e-6);
  });

  it('says which file is missing', async () => {
    await expect(readLayersModel(path.join(dir, 'nowhere'))).rejects.toThrow(/no model\.json in .*nowhere/);
    const target = path.join(dir, 'no-weights');
    await writeLayersModel(target, compileGraph(mlp(2), tfjsCatalog).model);
    await rm(path.join(target, 'weights.bin'));
    await expect(readLayersModel(target)).rejects.toThrow(/lists the weight file weights\.bin, which is missing/);
  });

  it('reads weight files only from the model folder, whatever the manifest says', async () => {
    const target = path.join(dir, 'escaping-manifest');
    await writeLayersModel(target, compileGraph(mlp(2), tfjsCatalog).model);
    await writeFile(path.join(dir, 'outside.bin'), new Uint8Array(4 * 100));
    const json = JSON.parse(await readFile(path.join(target, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] };
    for (const shard of ['../outside.bin', path.join(dir, 'outside.bin'), 'sub/../../outside.bin']) {
      json.weightsManifest[0]!.paths = [shard];
      await writeFile(path.join(target, 'model.json'), JSON.stringify(json));
      await expect(readLayersModel(target), shard).rejects.toThrow(/lists the weight file .* outside the model's folder/);
    }
  });

  /** Runs predict-in-fresh-process.ts on the model in `target` and returns its predictions. */
  async function predictInFreshProcess(target: string, inputs: tf.Tensor): Promise<tf.Tensor> {
    const inputFile = path.join(dir, `${path.basename(target)}-input.json`);
    await writeFile(inputFile, JSON.stringify(inputs.arraySync()));
    const script = path.join(repoRoot, 'electron/node/testing/predict-in-fresh-process.ts');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', script, target, inputFile], { cwd: repoRoot });
    return tf.tensor(JSON.parse(stdout) as number[]);
  }

  it('a model exported here loads with tf.loadLayersModel in a fresh Node process and predicts the same', async () => {
    const { model } = compileGraph(mlp(16), tfjsCatalog);
    const target = path.join(dir, 'fresh');
    await writeLayersModel(target, model);
    const theirs = await predictInFreshProcess(target, samples);
    expect(maxAbsDiff(model.predict(samples) as tf.Tensor, theirs)).toBeLessThanOrEqual(1e-5);
  });

  it('so does one built from our own layer classes, registered by registerLayerClasses()', async () => {
    let doc = emptyDocument('custom classes');
    doc = addNode(doc, { type: 'Input', params: { shape: [4, 3] } });
    doc = addNode(doc, { type: 'LayerNormalization' });
    doc = addNode(doc, { type: 'Attention', params: { useScale: true } });
    doc = addNode(doc, { type: 'Flatten' });
    doc = addNode(doc, { type: 'Dense', params: { units: 2 } });
    doc = connect(doc, { source: 'input_1', target: 'layer_normalization_1' });
    doc = connect(doc, { source: 'layer_normalization_1', target: 'attention_1', targetHandle: 'query' });
    doc = connect(doc, { source: 'input_1', target: 'attention_1', targetHandle: 'value' });
    doc = connect(doc, { source: 'attention_1', target: 'flatten_1' });
    doc = connect(doc, { source: 'flatten_1', target: 'dense_1' });
    const { model, layers } = compileGraph(doc, tfjsCatalog);
    layers.get('attention_1')!.setWeights([tf.scalar(1.8)]);
    const target = path.join(dir, 'fresh-custom');
    await writeLayersModel(target, model);
    const topology = JSON.stringify(JSON.parse(await readFile(path.join(target, 'model.json'), 'utf8')).modelTopology);
    expect(topology).toContain('NndDotProductAttention');
    expect(topology).toContain('NndLayerNormalization');
    const x = tf.randomNormal([3, 4, 3], 0, 1, 'float32', 11);
    const theirs = await predictInFreshProcess(target, x);
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, theirs)).toBeLessThanOrEqual(1e-5);
  });
});

describe('loadWeightsByName', () => {
  it('copies saved weights into a fresh build of the same graph', async () => {
    const trained = compileGraph(mlp(5), tfjsCatalog).model;
    const target = path.join(dir, 'same-graph');
    await writeLayersModel(target, trained);
    const fresh = compileGraph(mlp(5), tfjsCatalog).model;
    expect(maxAbsDiff(trained.predict(samples) as tf.Tensor, fresh.predict(samples) as tf.Tensor)).toBeGreaterThan(1e-3);
    await loadWeightsByName(fresh, target);
    expect(maxAbsDiff(trained.predict(samples) as tf.Tensor, fresh.predict(samples) as tf.Tensor)).toBeLessThanOrEqual(1e-6);
  });

  it('refuses weights saved for a graph that has changed since, naming layer and shapes', async () => {
    const target = path.join(dir, 'changed');
    await writeLayersModel(target, compileGraph(mlp(8, 2), tfjsCatalog).model);
    const changed = compileGraph(mlp(8, 3), tfjsCatalog).model;
    const before = changed.getWeights().map((w) => w.arraySync());
    await expect(loadWeightsByName(changed, target)).rejects.toThrow(
      'layer dense_2 has kernel [8, 3] in the project but [8, 2] in the saved weights',
    );
    // Nothing was half-loaded: dense_1 matched but must be untouched too.
    expect(changed.getWeights().map((w) => w.arraySync())).toEqual(before);
  });

  it('refuses weights of layers the project no longer has', async () => {
    const target = path.join(dir, 'renamed');
    await writeLayersModel(target, compileGraph(mlp(3), tfjsCatalog).model);
    let doc = mlp(3);
    doc = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'dense_2' ? { ...n, name: 'classifier' } : n)) };
    await expect(loadWeightsByName(compileGraph(doc, tfjsCatalog).model, target)).rejects.toThrow(
      /layer classifier has weights in the project but none in the saved weights/,
    );
  });
});
