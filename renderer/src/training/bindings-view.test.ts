import { describe, expect, it } from 'vitest';
import { addNode, connect, setDataset, setInputBinding, setOutputObjective } from '../../../shared/graph/actions';
import { analyzeGraph } from '../../../shared/graph/analyze';
import { DatasetReferenceSchema } from '../../../shared/data/reference';
import { emptyDocument, type GraphDocument } from '../../../shared/graph/document';
import { catalog } from '../../../shared/layers';
import { bindingsView, editedBinding, editedObjective, settingsObjectiveUsed, suggestedObjective, targetHintOf, type FieldChoices } from './bindings-view';

const xy: FieldChoices = { names: ['x', 'y'], descriptions: null };

/** input_1 → dense_1 → dense_2 (softmax over 3 classes). */
function oneHead(): GraphDocument {
  let doc = emptyDocument();
  doc = addNode(doc, { type: 'Input', params: { shape: [4] } });
  doc = addNode(doc, { type: 'Dense', params: { units: 8, activation: 'relu' } });
  doc = addNode(doc, { type: 'Dense', params: { units: 3, activation: 'softmax' } });
  doc = connect(doc, { source: 'input_1', target: 'dense_1' });
  return connect(doc, { source: 'dense_1', target: 'dense_2' });
}

/** oneHead with a second, linear head: species and body_mass. */
function twoHeads(): GraphDocument {
  let doc = oneHead();
  doc = addNode(doc, { type: 'Dense', name: 'body_mass', id: 'body_mass', params: { units: 1 } });
  return connect(doc, { source: 'dense_1', target: 'body_mass' });
}

const view = (doc: GraphDocument, fields = xy) => bindingsView(doc, analyzeGraph(doc, catalog), fields);

describe('the inputs-and-outputs view', () => {
  it('shows one Input reading x and the one output learning y with the settings’ loss, all automatic', () => {
    const doc = oneHead();
    const v = view(doc);
    expect(v.settingsObjective).toBe(true);
    expect(v.inputs).toEqual([{ nodeId: 'input_1', name: 'input_1', shape: [4], field: 'x', automatic: true, noise: null, choices: ['x', 'y'], problems: [] }]);
    expect(v.outputs).toHaveLength(1);
    expect(v.outputs[0]).toMatchObject({ nodeId: 'dense_2', shape: [3], target: 'y', loss: doc.training.loss, metrics: doc.training.metrics, weight: 1, automatic: true, fromSettings: true, activation: 'softmax', problems: [] });
  });

  it('shows an objective the document declares, and the settings’ loss no longer trains the model', () => {
    const doc = setOutputObjective(oneHead(), 'dense_2', { target: 'x', loss: 'mse', weight: 2, metrics: ['mae'] });
    const v = view(doc);
    expect(v.settingsObjective).toBe(false);
    expect(settingsObjectiveUsed(doc, analyzeGraph(doc, catalog))).toBe(false);
    expect(v.outputs[0]).toMatchObject({ target: 'x', loss: 'mse', weight: 2, metrics: ['mae'], automatic: false, fromSettings: false });
  });

  it('gives each of two outputs a block; without fields named like them, each says it has no objective', () => {
    const v = view(twoHeads());
    expect(v.settingsObjective).toBe(false);
    expect(v.outputs.map((o) => [o.nodeId, o.target, o.loss, o.automatic, o.fromSettings])).toEqual([
      ['dense_2', null, null, true, false],
      ['body_mass', null, null, true, false],
    ]);
    expect(v.outputs.map((o) => o.problems.map((p) => p.code))).toEqual([['objective-missing'], ['objective-missing']]);
  });

  it('binds outputs named like the dataset’s fields automatically, with the loss their kind calls for', () => {
    const fields: FieldChoices = {
      names: ['x', 'y', 'body_mass'],
      descriptions: { x: { shape: [4], kind: 'features' }, y: { shape: [3], kind: 'classes' }, body_mass: { shape: [1], kind: 'numbers' } },
    };
    const v = view(twoHeads(), fields);
    expect(v.outputs[1]).toMatchObject({ nodeId: 'body_mass', target: 'body_mass', loss: 'mse', metrics: ['mae'], automatic: true, problems: [] });
    expect(v.outputs[0]!.problems.map((p) => p.code)).toEqual(['objective-missing']);
  });

  it('puts a problem in its node’s row: a target whose shape differs, a field the dataset lacks', () => {
    const fields: FieldChoices = { names: ['x', 'y'], descriptions: { x: { shape: [4], kind: 'features' }, y: { shape: [3], kind: 'classes' } } };
    let doc = setOutputObjective(twoHeads(), 'body_mass', { target: 'y', loss: 'mse' });
    doc = setOutputObjective(doc, 'dense_2', { target: 'labels', loss: 'categoricalCrossentropy' });
    doc = setInputBinding(doc, 'input_1', { field: 'pixels' });
    const v = view(doc, fields);
    expect(v.outputs.find((o) => o.nodeId === 'body_mass')!.problems.map((p) => p.code)).toEqual(['target-shape']);
    // A declared field the dataset lacks stays on the list, so the row shows what the document says.
    expect(v.outputs.find((o) => o.nodeId === 'dense_2')!.choices).toEqual(['x', 'y', 'labels']);
    expect(v.outputs.find((o) => o.nodeId === 'dense_2')!.problems.map((p) => p.code)).toEqual(['target-missing']);
    expect(v.inputs[0]).toMatchObject({ field: 'pixels', automatic: false, choices: ['x', 'y', 'pixels'] });
    expect(v.inputs[0]!.problems.map((p) => p.code)).toEqual(['input-unbound']);
  });

  it('reads no field for one of two Inputs named like none, and says so in its row', () => {
    let doc = twoHeads();
    doc = addNode(doc, { type: 'Input', params: { shape: [4] } });
    doc = addNode(doc, { type: 'Concatenate' });
    doc = connect(doc, { source: 'input_2', target: 'concatenate_1', targetTakesMany: true });
    doc = connect(doc, { source: 'body_mass', target: 'concatenate_1', targetTakesMany: true });
    const v = view(doc);
    expect(v.inputs.map((i) => [i.nodeId, i.field, i.problems.map((p) => p.code)])).toEqual([
      ['input_1', null, ['input-unbound']],
      ['input_2', null, ['input-unbound']],
    ]);
  });
});

describe('a graph dataset', () => {
  it('feeds the Inputs by their roles: no rows to bind, and the settings’ loss trains the output', () => {
    let doc = twoHeads();
    doc = addNode(doc, { type: 'Input', params: { shape: [2], dtype: 'int32', role: 'edgeIndex' } });
    doc = setDataset(doc, DatasetReferenceSchema.parse({ kind: 'graph', source: 'sbm' }));
    const analysis = analyzeGraph(doc, catalog);
    expect(bindingsView(doc, analysis, xy)).toEqual({ fedByGraph: true, inputs: [], outputs: [], settingsObjective: true });
    expect(settingsObjectiveUsed(doc, analysis)).toBe(true);
  });
});

describe('the target hint for the dataset’s fields', () => {
  it('is the first output’s units and the settings’ loss, as the loaders take them', () => {
    const doc = twoHeads();
    expect(targetHintOf(analyzeGraph(doc, catalog), { loss: 'mse' })).toEqual({ units: 3, loss: 'mse' });
    expect(targetHintOf(analyzeGraph(emptyDocument(), catalog), { loss: 'mse' })).toEqual({ units: null, loss: 'mse' });
  });
});

describe('edits from the view', () => {
  it('keeps the automatic values when one part of an output changes', () => {
    const row = view(oneHead()).outputs[0]!;
    expect(editedObjective(row, { weight: 0.5 }, null)).toEqual({ target: 'y', loss: 'categoricalCrossentropy', weight: 0.5, metrics: ['accuracy'] });
  });

  it('suggests a loss for an output first given a target: from the field’s kind, else from how it ends', () => {
    const [classes, mass] = view(twoHeads()).outputs;
    expect(editedObjective(mass!, { loss: 'mse' }, null)).toBeNull();
    expect(editedObjective(mass!, { target: 'y' }, null)).toEqual({ target: 'y', loss: 'mse', weight: 1, metrics: ['mae'] });
    expect(editedObjective(classes!, { target: 'y' }, null)).toEqual({ target: 'y', loss: 'categoricalCrossentropy', weight: 1, metrics: ['accuracy'] });
    expect(editedObjective(classes!, { target: 'y' }, { y: { shape: [], kind: 'class-index' } })).toMatchObject({ loss: 'sparseCategoricalCrossentropy' });
    expect(suggestedObjective(undefined, 1, 'sigmoid')).toEqual({ loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    expect(suggestedObjective('image', 1, 'sigmoid')).toEqual({ loss: 'mse', metrics: ['psnr'] });
  });

  it('writes an Input’s field and corruption together, and drops the corruption when set to none', () => {
    const row = view(oneHead()).inputs[0]!;
    expect(editedBinding(row, { noise: { kind: 'mask', rate: 0.3 } })).toEqual({ field: 'x', noise: { kind: 'mask', rate: 0.3 } });
    const noisy = { ...row, noise: { kind: 'gaussian' as const, std: 0.2 } };
    expect(editedBinding(noisy, { field: 'y' })).toEqual({ field: 'y', noise: { kind: 'gaussian', std: 0.2 } });
    expect(editedBinding(noisy, { noise: null })).toEqual({ field: 'x' });
    expect(editedBinding({ ...row, field: null }, { noise: null })).toBeNull();
  });
});
