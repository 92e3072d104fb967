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

  it('leaves what needs the dataset’s fields undecided: several outputs bound by name', () => {
    const two = { ...network(network(emptyDocument(), 'input_1', 'dense_1', 'softmax'), 'input_2', 'dense_2', 'softmax'), dataset: SPIRALS };
    expect(editorAnalysis(two).problems).toEqual([]);
  });
});
