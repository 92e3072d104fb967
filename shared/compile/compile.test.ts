import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../graph/actions';
import { emptyDocument } from '../graph/document';
import { tfjsCatalog } from '../layers/tfjs-catalog';
import { CompileError, compileGraph } from './compile';

function mlp() {
  let doc = emptyDocument('mlp');
  doc = addNode(doc, { type: 'Input', params: { shape: [4] } });
  doc = addNode(doc, { type: 'Dense', params: { units: 8, activation: 'relu' } });
  doc = addNode(doc, { type: 'Dense', params: { units: 3, activation: 'softmax' } });
  doc = connect(doc, { source: 'input_1', target: 'dense_1' });
  doc = connect(doc, { source: 'dense_1', target: 'dense_2' });
  return doc;
}

describe('compileGraph', () => {
  it('builds a functional tfjs model whose layers carry the node names', () => {
    const { model, analysis } = compileGraph(mlp(), tfjsCatalog);
    expect(model.layers.map((l) => l.name)).toEqual(['input_1', 'dense_1', 'dense_2']);
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    expect(model.countParams()).toBe(4 * 8 + 8 + 8 * 3 + 3);
    expect(analysis.totals.total).toBe(model.countParams());
    const y = model.predict(tf.ones([2, 4])) as tf.Tensor;
    expect(y.shape).toEqual([2, 3]);
    const sums = y.sum(1).arraySync() as number[];
    sums.forEach((s) => expect(s).toBeCloseTo(1, 5));
  });

  it('refuses a graph with problems and lists them', () => {
    let doc = mlp();
    doc = addNode(doc, { type: 'Dense', params: { units: 2 } });
    expect(() => compileGraph(doc, tfjsCatalog)).toThrow(CompileError);
    try {
      compileGraph(doc, tfjsCatalog);
    } catch (err) {
      expect((err as CompileError).problems.map((p) => p.code)).toContain('unconnected-input');
    }
  });

  it('reuses one tfjs layer for nodes that share weights', () => {
    let doc = emptyDocument('siamese');
    doc = addNode(doc, { type: 'Input', params: { shape: [3] } });
    doc = addNode(doc, { type: 'Dense', params: { units: 2 } });
    doc = addNode(doc, { type: 'Dense', params: { units: 99 } });
    doc = { ...doc, nodes: doc.nodes.map((n) => (n.id === 'dense_2' ? { ...n, sharesWeightsWith: 'dense_1' } : n)) };
    doc = connect(doc, { source: 'input_1', target: 'dense_1' });
    doc = connect(doc, { source: 'dense_1', target: 'dense_2' });
    // dense_2 is dense_1 applied again, to dense_1's own [batch, 2] output: its [3, 2] kernel cannot take it.
    expect(() => compileGraph(doc, tfjsCatalog)).toThrow(/reuses the weights of dense_1, which takes \[batch, 3\]/);
    doc = connect(doc, { source: 'input_1', target: 'dense_2' });
    const { model } = compileGraph(doc, tfjsCatalog);
    expect(model.countParams()).toBe(3 * 2 + 2);
    expect(model.outputs).toHaveLength(2);
  });
});
