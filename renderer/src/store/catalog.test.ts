import { describe, expect, it } from 'vitest';
import { addNode, connect, setParams } from '../../../shared/graph/actions';
import { emptyDocument, type GraphDocument } from '../../../shared/graph/document';
import { canTrain, trainBlockers } from '../training/run-commands';
import { analysisOf, editorAnalysis } from './catalog';

const SPIRALS = { kind: 'generated', name: 'spirals', samples: 400, noise: 0.1, classes: 2, seed: 1, labels: 'onehot' } as const;

function network(doc: GraphDocument, input: string, dense: string, activation: string): GraphDocument {
  doc = addNode(doc, { type: 'Input', params: { shape: [2] }, id: input, name: input });
  doc = addNode(doc, { type: 'Dense', params: { units: 2, activation }, id: dense, name: dense });
  return connect(doc, { source: input, target: dense });
}

describe('the editor’s analysis', () => {
  it('says on the output what keeps the document from training, and Train stays disabled', () => {
    const two = network(network(emptyDocument(), 'input_1', 'dense_1', 'softmax'), 'input_2', 'dense_2', 'softmax');
    const problems = editorAnalysis(two).problems;
    expect(problems.filter((p) => p.code === 'objective-missing').map((p) => [p.nodeId, p.params.reason])).toEqual([
      ['dense_1', 'no-dataset'],
      ['dense_2', 'no-dataset'],
    ]);

    const linear = { ...network(emptyDocument(), 'input_1', 'dense_1', 'linear'), dataset: SPIRALS };
    const blockers = trainBlockers(linear, analysisOf(linear));
    expect(canTrain(blockers)).toBe(false);
    expect(blockers.problems.map((p) => [p.nodeId, p.code, p.params.reason])).toEqual([['dense_1', 'loss-misfit', 'crossentropy-unbounded']]);
    const softmax = setParams(linear, 'dense_1', { activation: 'softmax' });
    expect(canTrain(trainBlockers(softmax, analysisOf(softmax)))).toBe(true);
  });

  it('checks the bindings against the fields a dataset reference promises, and leaves them undecided where its file decides', () => {
    const two = network(network(emptyDocument(), 'input_1', 'dense_1', 'softmax'), 'input_2', 'dense_2', 'softmax');
    const generated = editorAnalysis({ ...two, dataset: SPIRALS }).problems;
    expect(generated.map((p) => [p.nodeId, p.code, p.params.reason])).toEqual([
      ['input_1', 'input-unbound', 'unbound'],
      ['input_2', 'input-unbound', 'unbound'],
      ['dense_1', 'objective-missing', 'unbound'],
      ['dense_2', 'objective-missing', 'unbound'],
    ]);
    expect(generated[2]!.params.fields).toBe('"x", "y"');
    expect(editorAnalysis({ ...two, dataset: { kind: 'csv', path: 'data.csv', columns: {}, labelEncoding: 'auto', normalize: 'none' } }).problems).toEqual([]);
  });

  it('says a U-Net whose valid padding shrank its mask, against the generated shapes', () => {
    let unet = addNode(emptyDocument(), { type: 'Input', params: { shape: [32, 32, 1] } });
    unet = addNode(unet, { type: 'Conv2D', params: { filters: 4, kernelSize: [3, 3], activation: 'softmax' } });
    unet = connect(unet, { source: 'input_1', target: 'conv2d_1' });
    const doc: GraphDocument = { ...unet, dataset: { kind: 'shapes', size: 32, samples: 100, seed: 1, maxShapes: 3 }, training: { ...unet.training, loss: 'sparseCategoricalCrossentropy' } };
    expect(editorAnalysis(doc).problems.map((p) => p.message)).toEqual(["conv2d_1 outputs [30, 30, 4] but its target is [32, 32, 1] — 'valid' padding shrank the image; use 'same' in conv2d_1"]);
    expect(editorAnalysis(setParams(doc, 'conv2d_1', { padding: 'same' })).problems).toEqual([]);
  });
});
