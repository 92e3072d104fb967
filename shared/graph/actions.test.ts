import { describe, expect, it } from 'vitest';
import {
  addNode,
  baseNameFor,
  connect,
  disconnect,
  duplicateNodes,
  EditError,
  extractSubgraph,
  moveNodes,
  pasteSubgraph,
  removeNodes,
  renameNode,
  setInputBinding,
  setOutputObjective,
  setParams,
} from './actions';
import { emptyDocument, type GraphDocument } from './document';

function chain(): GraphDocument {
  let doc = emptyDocument();
  doc = addNode(doc, { type: 'Input', params: { shape: [4] } });
  doc = addNode(doc, { type: 'Dense', params: { units: 8 }, position: { x: 200, y: 0 } });
  doc = addNode(doc, { type: 'Dense', params: { units: 2 }, position: { x: 400, y: 0 } });
  doc = connect(doc, { source: 'input_1', target: 'dense_1' });
  return connect(doc, { source: 'dense_1', target: 'dense_2' });
}

describe('document edit actions', () => {
  it('names layers the way Keras does', () => {
    expect(baseNameFor('Dense')).toBe('dense');
    expect(baseNameFor('Conv2D')).toBe('conv2d');
    expect(baseNameFor('MaxPooling2D')).toBe('max_pooling2d');
    expect(baseNameFor('GlobalAveragePooling1D')).toBe('global_average_pooling1d');
    expect(baseNameFor('SimpleRNN')).toBe('simple_rnn');
    expect(baseNameFor('Conv2DTranspose')).toBe('conv2d_transpose');
    expect(chain().nodes.map((n) => n.name)).toEqual(['input_1', 'dense_1', 'dense_2']);
  });

  it('never mutates the document it is given', () => {
    const before = chain();
    const snapshot = structuredClone(before);
    setParams(before, 'dense_1', { units: 99 });
    removeNodes(before, ['dense_1']);
    moveNodes(before, { dense_2: { x: 0, y: 0 } });
    duplicateNodes(before, ['dense_1', 'dense_2']);
    expect(before).toEqual(snapshot);
  });

  it('removing a node removes its wires', () => {
    const doc = removeNodes(chain(), ['dense_1']);
    expect(doc.nodes.map((n) => n.id)).toEqual(['input_1', 'dense_2']);
    expect(doc.edges).toEqual([]);
  });

  it('rewires a single-input port instead of stacking a second wire', () => {
    let doc = chain();
    doc = connect(doc, { source: 'input_1', target: 'dense_2' });
    expect(doc.edges.filter((e) => e.target === 'dense_2').map((e) => e.source)).toEqual(['input_1']);
    doc = connect(doc, { source: 'dense_1', target: 'dense_2', targetTakesMany: true });
    expect(doc.edges.filter((e) => e.target === 'dense_2')).toHaveLength(2);
    expect(() => connect(doc, { source: 'dense_1', target: 'dense_1' })).toThrow(EditError);
    expect(() => connect(doc, { source: 'nope', target: 'dense_1' })).toThrow(/no node/);
  });

  it('disconnects by edge id and ignores an exact duplicate connect', () => {
    const doc = chain();
    expect(connect(doc, { source: 'input_1', target: 'dense_1' })).toBe(doc);
    expect(disconnect(doc, [doc.edges[0]!.id]).edges).toHaveLength(1);
  });

  it('setParams merges and resets a key to its default with undefined', () => {
    let doc = setParams(chain(), 'dense_1', { activation: 'relu' });
    expect(doc.nodes[1]!.params).toEqual({ units: 8, activation: 'relu' });
    doc = setParams(doc, 'dense_1', { units: undefined });
    expect(doc.nodes[1]!.params).toEqual({ activation: 'relu' });
  });

  it('keeps layer names unique and valid', () => {
    expect(() => renameNode(chain(), 'dense_1', 'dense_2')).toThrow(/already exists/);
    expect(() => renameNode(chain(), 'dense_1', 'has space')).toThrow(/not a valid layer name/);
    expect(renameNode(chain(), 'dense_1', 'hidden').nodes[1]!.name).toBe('hidden');
    expect(() => addNode(chain(), { type: 'Dense', name: 'input_1' })).toThrow(/already exists/);
  });

  it('pastes a subgraph with fresh ids and names and keeps its internal wires', () => {
    const doc = chain();
    const clip = extractSubgraph(doc, ['input_1', 'dense_1', 'dense_2']);
    const { doc: pasted, nodeIds } = pasteSubgraph(doc, clip, { x: 10, y: 300 });
    expect(nodeIds).toHaveLength(3);
    expect(new Set(pasted.nodes.map((n) => n.id)).size).toBe(6);
    expect(new Set(pasted.nodes.map((n) => n.name)).size).toBe(6);
    const newEdges = pasted.edges.filter((e) => nodeIds.includes(e.source));
    expect(newEdges.map((e) => [e.source, e.target])).toEqual([
      [nodeIds[0], nodeIds[1]],
      [nodeIds[1], nodeIds[2]],
    ]);
    expect(pasted.nodes.find((n) => n.id === nodeIds[2])!.position).toEqual({ x: 410, y: 300 });
    // Into another project: names that are free there are kept.
    const other = pasteSubgraph(emptyDocument(), clip, { x: 0, y: 0 }).doc;
    expect(other.nodes.map((n) => n.name)).toEqual(['input_1', 'dense_1', 'dense_2']);
  });

  it('duplicating drops wires that leave the selection', () => {
    const { doc, nodeIds } = duplicateNodes(chain(), ['dense_2']);
    expect(nodeIds).toHaveLength(1);
    expect(doc.edges.filter((e) => e.target === nodeIds[0])).toEqual([]);
  });
});

describe('edge ids', () => {
  it('name the two layers they join', () => {
    const doc = chain();
    expect(doc.edges.map((e) => e.id)).toEqual(['e_input_1_dense_1', 'e_dense_1_dense_2']);
    const again = connect(doc, { source: 'dense_1', target: 'dense_2', sourceHandle: 'out', targetHandle: 'in', targetTakesMany: true, id: undefined });
    expect(again).toBe(doc);
    const { doc: pasted } = duplicateNodes(doc, ['dense_1', 'dense_2']);
    expect(pasted.edges.map((e) => e.id)).toContain('e_dense_3_dense_4');
  });
});

describe('objective actions', () => {
  it('binds an Input to a field and removes the binding, leaving no empty record behind', () => {
    const before = chain();
    const bound = setInputBinding(before, 'input_1', { field: 'x', noise: { kind: 'gaussian', std: 0.3 } });
    expect(bound.training.inputs).toEqual({ input_1: { field: 'x', noise: { kind: 'gaussian', std: 0.3 } } });
    expect(before.training.inputs).toBeUndefined();
    const reset = setInputBinding(bound, 'input_1', null);
    expect('inputs' in reset.training).toBe(false);
    expect(reset.training).toEqual(before.training);
  });

  it('gives an output its objective with the schema defaults, and takes one back without touching the others', () => {
    const before = chain();
    const one = setOutputObjective(before, 'dense_2', { target: 'y', loss: 'mse' });
    expect(one.training.outputs).toEqual({ dense_2: { target: 'y', loss: 'mse', weight: 1, metrics: [] } });
    const two = setOutputObjective(one, 'dense_1', { target: 'x', loss: 'mae', weight: 0.5, metrics: ['mae'] });
    expect(Object.keys(two.training.outputs!)).toEqual(['dense_2', 'dense_1']);
    const back = setOutputObjective(two, 'dense_2', null);
    expect(back.training.outputs).toEqual({ dense_1: { target: 'x', loss: 'mae', weight: 0.5, metrics: ['mae'] } });
    expect('outputs' in setOutputObjective(back, 'dense_1', null).training).toBe(false);
    // Removing what is not there changes nothing.
    expect(setOutputObjective(before, 'dense_2', null).training).toEqual(before.training);
  });

  it('drops the bindings of removed nodes, so a new node with the same id starts automatic', () => {
    let doc = setInputBinding(chain(), 'input_1', { field: 'x' });
    doc = setOutputObjective(doc, 'dense_2', { target: 'y', loss: 'mse' });
    const withoutHead = removeNodes(doc, ['dense_2']);
    expect(withoutHead.training.outputs).toBeUndefined();
    expect('outputs' in withoutHead.training).toBe(false);
    expect(withoutHead.training.inputs).toEqual({ input_1: { field: 'x' } });
    expect(addNode(withoutHead, { type: 'Dense', params: { units: 2 } }).nodes.at(-1)!.id).toBe('dense_2');
    // Removing nodes without bindings leaves the settings object as it was.
    expect(removeNodes(doc, ['dense_1']).training).toBe(doc.training);
  });

  it('refuses a binding for a node that is not there or not an Input, and an invalid weight', () => {
    const doc = chain();
    expect(() => setInputBinding(doc, 'dense_1', { field: 'x' })).toThrow(EditError);
    expect(() => setOutputObjective(doc, 'nope', { target: 'y', loss: 'mse' })).toThrow(EditError);
    expect(() => setOutputObjective(doc, 'dense_2', { target: 'y', loss: 'mse', weight: -1 })).toThrow();
  });
});
