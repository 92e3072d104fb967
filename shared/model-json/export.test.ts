import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../graph/actions';
import { emptyDocument, type GraphDocument } from '../graph/document';
import { compileGraph } from '../compile/compile';
import { catalog } from '../layers';
import { tfjsCatalog } from '../layers/tfjs-catalog';
import { exportLayersModel } from './export';
import { importModelJson } from './import';
import { loadLayersModelFromFiles, parseModelJsonFile } from './load';
import { copyWeightsByName, WeightsMismatchError } from './weights';

/** Two inputs through one shared Dense (a siamese pair), concatenated, then a Dense head. */
function siamese(): GraphDocument {
  let doc = emptyDocument('siamese');
  doc = addNode(doc, { type: 'Input', params: { shape: [3] } });
  doc = addNode(doc, { type: 'Input', params: { shape: [3] } });
  doc = addNode(doc, { type: 'Dense', params: { units: 4, activation: 'tanh' } });
  doc = addNode(doc, { type: 'Dense', params: {} });
  doc = addNode(doc, { type: 'Concatenate' });
  doc = addNode(doc, { type: 'Dense', params: { units: 2, activation: 'softmax' } });
  doc = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'dense_2' ? { ...n, sharesWeightsWith: 'dense_1' } : n)) };
  doc = connect(doc, { source: 'input_1', target: 'dense_1' });
  doc = connect(doc, { source: 'input_2', target: 'dense_2' });
  doc = connect(doc, { source: 'dense_1', target: 'concatenate_1', targetTakesMany: true });
  doc = connect(doc, { source: 'dense_2', target: 'concatenate_1', targetTakesMany: true });
  doc = connect(doc, { source: 'concatenate_1', target: 'dense_3' });
  return doc;
}

const left = tf.randomNormal([5, 3], 0, 1, 'float32', 21);
const right = tf.randomNormal([5, 3], 0, 1, 'float32', 22);
const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('exportLayersModel', () => {
  it('writes the standard layers-model JSON with one weights.bin shard that tfjs loads back', async () => {
    const { model } = compileGraph(siamese(), tfjsCatalog);
    const { modelJson, weightData } = await exportLayersModel(model);
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.generatedBy).toMatch(/^TensorFlow\.js tfjs-layers v4\./);
    expect(modelJson.weightsManifest).toHaveLength(1);
    expect(modelJson.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    // One kernel and bias per distinct layer: the shared Dense appears once.
    expect(modelJson.weightsManifest[0]!.weights.map((w) => [w.name, w.shape])).toEqual([
      ['dense_1/kernel', [3, 4]],
      ['dense_1/bias', [4]],
      ['dense_3/kernel', [8, 2]],
      ['dense_3/bias', [2]],
    ]);
    expect(weightData.byteLength).toBe(4 * (12 + 4 + 16 + 2));

    // Through JSON text, as a file would be.
    const loaded = await loadLayersModelFromFiles(JSON.parse(JSON.stringify(modelJson)), [weightData]);
    expect(maxAbsDiff(model.predict([left, right]) as tf.Tensor, loaded.predict([left, right]) as tf.Tensor)).toBeLessThanOrEqual(1e-6);
  });

  it('names another weights file when asked', async () => {
    const { model } = compileGraph(siamese(), tfjsCatalog);
    const { modelJson } = await exportLayersModel(model, 'trained.bin');
    expect(modelJson.weightsManifest[0]!.paths).toEqual(['trained.bin']);
  });

  it('exports what our importer reads back as the same graph, shared layer included', async () => {
    const original = siamese();
    const { model } = compileGraph(original, tfjsCatalog);
    const { modelJson, weightData } = await exportLayersModel(model);
    const { document, warnings } = importModelJson(JSON.parse(JSON.stringify(modelJson)), catalog);
    expect(warnings).toEqual([]);
    const sharing = document.nodes.filter((n) => n.sharesWeightsWith !== undefined);
    expect(sharing.map((n) => [n.type, n.sharesWeightsWith])).toEqual([['Dense', 'dense_1']]);
    const rebuilt = compileGraph(document, tfjsCatalog).model;
    expect(rebuilt.countParams()).toBe(model.countParams());
    copyWeightsByName(rebuilt, modelJson.weightsManifest[0]!.weights, weightData);
    expect(maxAbsDiff(model.predict([left, right]) as tf.Tensor, rebuilt.predict([left, right]) as tf.Tensor)).toBeLessThanOrEqual(1e-6);
  });
});

describe('loading model.json from memory', () => {
  it('refuses weight bytes that do not match the manifest', async () => {
    const { model } = compileGraph(siamese(), tfjsCatalog);
    const { modelJson, weightData } = await exportLayersModel(model);
    await expect(loadLayersModelFromFiles(modelJson, [weightData.slice(0, 40)])).rejects.toThrow(
      'the weight files hold 40 bytes but model.json describes 136',
    );
  });

  it('names the place of a malformed manifest', () => {
    expect(() => parseModelJsonFile([], 'm.json')).toThrow('m.json is not a JSON object');
    expect(() => parseModelJsonFile({ weightsManifest: [] }, 'm.json')).toThrow('m.json has no "modelTopology" object');
    expect(() => parseModelJsonFile({ modelTopology: {}, weightsManifest: {} }, 'm.json')).toThrow('"weightsManifest" must be a list');
    expect(() => parseModelJsonFile({ modelTopology: {}, weightsManifest: [{ paths: 'w.bin', weights: [] }] }, 'm.json')).toThrow(
      'm.json: weightsManifest[0].paths must be a list of file names',
    );
    expect(() =>
      parseModelJsonFile({ modelTopology: {}, weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'a', shape: [1], dtype: 'float32' }, { name: 'b' }] }] }, 'm.json'),
    ).toThrow('m.json: weightsManifest[0].weights[1] needs a name, a shape and a dtype');
  });
});

describe('copyWeightsByName', () => {
  it('refuses saved weights of a layer the graph no longer has, and a layer whose weight count changed', async () => {
    const { model } = compileGraph(siamese(), tfjsCatalog);
    const { modelJson, weightData } = await exportLayersModel(model);
    const specs = modelJson.weightsManifest[0]!.weights;

    let doc = siamese();
    doc = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'dense_3' ? { ...n, name: 'head' } : n)) };
    const renamed = compileGraph(doc, tfjsCatalog).model;
    expect(() => copyWeightsByName(renamed, specs, weightData)).toThrow(WeightsMismatchError);
    expect(() => copyWeightsByName(renamed, specs, weightData)).toThrow(/layer head has weights in the project but none in the saved weights/);

    const withoutBias = { ...siamese() };
    withoutBias.nodes = withoutBias.nodes.map((n) => (n.id === 'dense_3' ? { ...n, params: { ...n.params, useBias: false } } : n));
    expect(() => copyWeightsByName(compileGraph(withoutBias, tfjsCatalog).model, specs, weightData)).toThrow(
      /layer dense_3 has 1 weight tensor in the project but 2 in the saved weights/,
    );

    const extra = [...specs, { name: 'gone_layer/kernel', shape: [1], dtype: 'float32' as const }];
    const bytes = new Uint8Array(weightData.byteLength + 4);
    bytes.set(new Uint8Array(weightData));
    expect(() => copyWeightsByName(compileGraph(siamese(), tfjsCatalog).model, extra, bytes.buffer)).toThrow(
      /the saved weights belong to layer gone_layer, which the project no longer has/,
    );
  });
});
