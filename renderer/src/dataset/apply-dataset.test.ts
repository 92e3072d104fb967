import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../../../shared/graph/actions';
import { emptyDocument, type GraphDocument } from '../../../shared/graph/document';
import { validateGraph } from '../../../shared/graph/analyze';
import { catalog } from '../../../shared/layers';
import { ShapesDatasetSchema } from '../../../shared/data/shapes';
import { SequenceTaskDatasetSchema } from '../../../shared/data/sequence-tasks';
import { applyDataset, applyReadAtTrainingDataset, suggestOutput } from './apply-dataset';

function mlp(): GraphDocument {
  let doc = emptyDocument('mlp');
  doc = addNode(doc, { type: 'Input', params: { shape: [2] }, position: { x: 0, y: 0 } });
  doc = addNode(doc, { type: 'Dense', params: { units: 16, activation: 'relu' }, position: { x: 300, y: 0 } });
  doc = addNode(doc, { type: 'Dense', params: { units: 2, activation: 'softmax' }, position: { x: 600, y: 0 } });
  doc = connect(doc, { source: 'input_1', target: 'dense_1' });
  return connect(doc, { source: 'dense_1', target: 'dense_2' });
}

const result = (over: Partial<Parameters<typeof applyDataset>[2]>) => ({
  sampleShape: [4],
  targetWidth: 3,
  task: 'classification' as const,
  classNames: ['a', 'b', 'c'],
  classBalance: [],
  split: { train: 8, validation: 2, test: 0 },
  featureNames: ['w', 'x', 'y', 'z'],
  ...over,
});

describe('use this dataset', () => {
  it('suggests softmax + categorical crossentropy for N classes, sigmoid + binary for 2, linear + MSE for regression', () => {
    expect(suggestOutput(result({}))).toMatchObject({ units: 3, activation: 'softmax', loss: 'categoricalCrossentropy' });
    expect(suggestOutput(result({ classNames: ['no', 'yes'], targetWidth: 2 }))).toMatchObject({ units: 1, activation: 'sigmoid', loss: 'binaryCrossentropy' });
    expect(suggestOutput(result({ task: 'regression', classNames: [], targetWidth: 1 }))).toMatchObject({ units: 1, activation: 'linear', loss: 'mse', metric: 'mae' });
  });

  it('sets the Input shape, the last Dense and the loss in one edit, leaving a valid graph', () => {
    const dataset = { kind: 'builtin', name: 'penguins' } as const;
    const applied = applyDataset(mlp(), dataset, result({ sampleShape: [9] }));
    const node = (id: string) => applied.doc.nodes.find((n) => n.id === id)!;
    expect(applied.doc.dataset).toEqual(dataset);
    expect(node('input_1').params.shape).toEqual([9]);
    expect(node('dense_2').params).toMatchObject({ units: 3, activation: 'softmax' });
    expect(node('dense_1').params).toMatchObject({ units: 16, activation: 'relu' });
    expect(applied.doc.training).toMatchObject({ loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    expect(validateGraph(applied.doc, catalog)).toEqual([]);

    const images = applyDataset(mlp(), { kind: 'builtin', name: 'mnist' }, result({ sampleShape: [28, 28, 1], classNames: ['0', '1'], targetWidth: 2 }));
    expect(images.doc.nodes.find((n) => n.id === 'input_1')!.params.shape).toEqual([28, 28, 1]);
    expect(images.doc.nodes.find((n) => n.id === 'dense_2')!.params).toMatchObject({ units: 1, activation: 'sigmoid' });
    // A Dense cannot take images: the validator says what to add, the person decides.
    expect(validateGraph(images.doc, catalog).length).toBeGreaterThan(0);
  });

  it('gives a blank project a first network that trains on the data as it is', () => {
    const applied = applyDataset(emptyDocument('blank'), { kind: 'builtin', name: 'mnist' }, result({ sampleShape: [28, 28, 1], classNames: ['0', '1', '2'] }));
    expect(applied.doc.nodes.map((n) => n.type)).toEqual(['Input', 'Flatten', 'Dense', 'Dense']);
    expect(applied.doc.nodes[3]!.params).toMatchObject({ units: 3, activation: 'softmax' });
    expect(validateGraph(applied.doc, catalog)).toEqual([]);
  });

  it('leaves a last layer that is not Dense alone, and says so by returning no output id', () => {
    let doc = mlp();
    doc = addNode(doc, { type: 'Dropout', params: { rate: 0.5 }, position: { x: 900, y: 0 } });
    doc = connect(doc, { source: 'dense_2', target: 'dropout_1' });
    const applied = applyDataset(doc, { kind: 'builtin', name: 'penguins' }, result({}));
    expect(applied.outputId).toBeNull();
    expect(applied.inputId).toBe('input_1');
  });

  it('gives one Input the image size of generated scenes or image + mask folders, and leaves other sets as drawn', () => {
    const shapes = ShapesDatasetSchema.parse({ kind: 'shapes', size: 64 });
    const scenes = applyReadAtTrainingDataset(mlp(), shapes);
    expect(scenes.inputId).toBe('input_1');
    expect(scenes.doc.dataset).toEqual(shapes);
    expect(scenes.doc.nodes.find((n) => n.id === 'input_1')!.params.shape).toEqual([64, 64, 1]);
    expect(scenes.doc.training).toEqual(mlp().training);
    const masks = applyReadAtTrainingDataset(mlp(), { kind: 'image-masks', path: 'img', maskPath: 'msk', width: 48, height: 40, color: 'rgb' });
    expect(masks.doc.nodes.find((n) => n.id === 'input_1')!.params.shape).toEqual([40, 48, 3]);
    const task = SequenceTaskDatasetSchema.parse({ kind: 'sequence-task', task: 'sort' });
    const sequence = applyReadAtTrainingDataset(mlp(), task);
    expect(sequence.inputId).toBeNull();
    expect(sequence.doc.dataset).toEqual(task);
    expect(sequence.doc.nodes).toEqual(mlp().nodes);
  });
});
