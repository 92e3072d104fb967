import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compileGraph } from './compile';
import { analyzeGraph } from '../graph/analyze';
import { addNode, connect } from '../graph/actions';
import { emptyDocument, type GraphDocument } from '../graph/document';
import { catalog } from '../layers';
import { tfjsCatalog } from '../layers/tfjs-catalog';

const weightCount = (weights: tf.LayerVariable[]) => weights.reduce((sum, w) => sum + tf.util.sizeFromShape(w.shape as number[]), 0);

/**
 * Ids → Embedding → LSTM whose sequence output goes through a TimeDistributed Dense and
 * whose two state ports are concatenated into a classifier; normalization and a residual Add
 * in between. Exercises multi-output ports, merges and wrappers through the compiler.
 */
function sequenceGraph(): GraphDocument {
  let doc = emptyDocument('sequence');
  doc = addNode(doc, { type: 'Input', id: 'ids', name: 'ids', params: { shape: [6], dtype: 'int32' } });
  doc = addNode(doc, { type: 'Embedding', id: 'embed', name: 'embed', params: { inputDim: 20, outputDim: 8, maskZero: true } });
  doc = addNode(doc, { type: 'LSTM', id: 'lstm', name: 'lstm', params: { units: 5, returnSequences: true, returnState: true } });
  doc = addNode(doc, { type: 'TimeDistributed', id: 'tagger', name: 'tagger', params: { layer: { type: 'Dense', params: { units: 4 } } } });
  doc = addNode(doc, { type: 'Concatenate', id: 'states', name: 'states' });
  doc = addNode(doc, { type: 'Dense', id: 'project', name: 'project', params: { units: 10 } });
  doc = addNode(doc, { type: 'BatchNormalization', id: 'bn', name: 'bn' });
  doc = addNode(doc, { type: 'Add', id: 'residual', name: 'residual' });
  doc = addNode(doc, { type: 'LayerNormalization', id: 'ln', name: 'ln' });
  doc = addNode(doc, { type: 'Dense', id: 'classes', name: 'classes', params: { units: 3, activation: 'softmax' } });
  doc = connect(doc, { source: 'ids', target: 'embed' });
  doc = connect(doc, { source: 'embed', target: 'lstm' });
  doc = connect(doc, { source: 'lstm', target: 'tagger' });
  doc = connect(doc, { source: 'lstm', sourceHandle: 'hiddenState', target: 'states', targetTakesMany: true });
  doc = connect(doc, { source: 'lstm', sourceHandle: 'cellState', target: 'states', targetTakesMany: true });
  doc = connect(doc, { source: 'states', target: 'project' });
  doc = connect(doc, { source: 'project', target: 'bn' });
  doc = connect(doc, { source: 'bn', target: 'residual', targetTakesMany: true });
  doc = connect(doc, { source: 'states', target: 'residual', targetTakesMany: true });
  doc = connect(doc, { source: 'residual', target: 'ln' });
  doc = connect(doc, { source: 'ln', target: 'classes' });
  return doc;
}

describe('normalization, merge, recurrent and wrapper kinds in a compiled graph', () => {
  it('infer the shapes and counts the compiled model has', () => {
    const doc = sequenceGraph();
    const analysis = analyzeGraph(doc, catalog);
    expect(analysis.problems).toEqual([]);
    expect(analysis.nodes.get('lstm')!.outputShapes).toEqual([[null, 6, 5], [null, 5], [null, 5]]);
    expect(analysis.nodes.get('states')!.outputShapes).toEqual([[null, 10]]);

    const { model } = compileGraph(doc, tfjsCatalog);
    expect(model.outputs.map((o) => o.shape)).toEqual([[null, 6, 4], [null, 3]]);
    expect(analysis.totals.trainable).toBe(weightCount(model.trainableWeights));
    expect(analysis.totals.nonTrainable).toBe(weightCount(model.nonTrainableWeights));
    expect(analysis.totals.nonTrainable).toBe(2 * 10);
  });

  it('train a step on int ids with a finite loss', async () => {
    const { model } = compileGraph(sequenceGraph(), tfjsCatalog);
    // tfjs 4.22 adds the per-sample losses of all outputs before reducing them, which fails
    // ("Operands could not be broadcast") when outputs differ in rank; losses that reduce to a
    // scalar first add up fine.
    model.compile({
      optimizer: tf.train.adam(0.01),
      loss: [
        (y: tf.Tensor, p: tf.Tensor) => tf.mean(tf.metrics.meanSquaredError(y, p)),
        (y: tf.Tensor, p: tf.Tensor) => tf.mean(tf.metrics.categoricalCrossentropy(y, p)),
      ],
    });
    const ids = tf.tensor2d([[1, 2, 3, 0, 0, 0], [4, 5, 6, 7, 8, 9], [3, 3, 3, 3, 0, 0], [19, 18, 0, 0, 0, 0]], [4, 6], 'int32');
    const tags = tf.randomUniform([4, 6, 4], 0, 1, 'float32', 1);
    const classes = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3);
    const history = await model.fit(ids, [tags, classes], { epochs: 2, batchSize: 4, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses.every(Number.isFinite)).toBe(true);
  });

  it('report a wrong wiring with the layer name and shapes', () => {
    let doc = sequenceGraph();
    // The sequence output is [batch, 6, 5], the states [batch, 5]: they cannot be concatenated.
    doc = connect(doc, { source: 'lstm', target: 'states', targetTakesMany: true });
    const problem = analyzeGraph(doc, catalog).problems.find((p) => p.nodeId === 'states');
    expect(problem).toMatchObject({ code: 'shape-mismatch', port: 'in' });
    expect(problem!.message).toContain('Concatenate needs inputs with the same number of axes');
  });
});
