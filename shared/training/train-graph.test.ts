import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { cyclesAndTrees, stochasticBlockModel } from '../data/graph-generated';
import { GraphDatasetSchema } from '../data/graph-reference';
import { GCNConv, GraphReadout, MessagePassing } from '../layers/kinds/graph/layer-classes';
import { TrainingConfigSchema } from '../graph/training-config';
import { TrainingUserError } from './errors';
import { withSeededRandom } from '../layers/seed';
import type { ProgressEvent } from './train';
import { graphInputRoles, trainGraphModel } from './train-graph';

const defaults = GraphDatasetSchema.parse({ kind: 'graph', source: 'sbm' });

function nodeClassifier(features: number, classes: number, layer = 0) {
  const nodes = tf.input({ shape: [features], name: `nodes_${layer}` });
  const edges = tf.input({ shape: [2], dtype: 'int32', name: `edges_${layer}` });
  const h = new GCNConv({ units: 16, activation: 'relu' }).apply([nodes, edges]) as tf.SymbolicTensor;
  const out = new GCNConv({ units: classes, activation: 'softmax' }).apply([h, edges]) as tf.SymbolicTensor;
  return tf.model({ inputs: [nodes, edges], outputs: out });
}

describe('graph training', () => {
  it('node classification, full batch: a GCN separates SBM communities its features alone barely show', async () => {
    const data = stochasticBlockModel({ ...defaults, nodes: 240, seed: 4 });
    const events: ProgressEvent[] = [];
    const config = TrainingConfigSchema.parse({ epochs: 40, learningRate: 0.02, optimizer: 'adam', seed: 1 });
    const outcome = await trainGraphModel(withSeededRandom(1, () => nodeClassifier(8, 3)), data, config, { backend: 'cpu', onEvent: (e) => events.push(e) });
    expect(events[0]).toMatchObject({ type: 'ready', trainSamples: 144, validationSamples: 48, batchesPerEpoch: 1 });
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.length).toBe(40);
    expect(epochs.at(-1)!.logs.loss).toBeLessThan(epochs[0]!.logs.loss!);
    expect(outcome.test.test_acc).toBeGreaterThanOrEqual(0.9);
    expect(outcome.evaluation).toMatchObject({ kind: 'classification', split: 'validation', samples: 48 });
  });

  it('graph classification in batches of graphs: message passing and a sum readout tell cycles from trees', async () => {
    const data = cyclesAndTrees({ ...defaults, graphs: 200, seed: 2 });
    const model = withSeededRandom(2, () => {
      const nodes = tf.input({ shape: [1], name: 'gnodes' });
      const edges = tf.input({ shape: [2], dtype: 'int32', name: 'gedges' });
      const graph = tf.input({ shape: [1], dtype: 'int32', name: 'ggraph' });
      const h = new MessagePassing({ units: 16, aggregate: 'sum', activation: 'relu' }).apply([nodes, edges]) as tf.SymbolicTensor;
      const pooled = new GraphReadout({ mode: 'max' }).apply([h, graph]) as tf.SymbolicTensor;
      const out = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(pooled) as tf.SymbolicTensor;
      return tf.model({ inputs: [nodes, edges, graph], outputs: out });
    });
    const events: ProgressEvent[] = [];
    const config = TrainingConfigSchema.parse({ epochs: 15, batchSize: 16, learningRate: 0.02, optimizer: 'adam' });
    const outcome = await trainGraphModel(model, data, config, { backend: 'cpu', onEvent: (e) => events.push(e) });
    expect(events[0]).toMatchObject({ type: 'ready', trainSamples: 120, batchesPerEpoch: 8 });
    expect(outcome.test.test_acc).toBeGreaterThanOrEqual(0.95);
  });

  it('says which input is missing, and when the output does not fit the classes', async () => {
    const lone = tf.input({ shape: [3], name: 'only_nodes' });
    const single = tf.model({ inputs: lone, outputs: tf.layers.dense({ units: 2 }).apply(lone) as tf.SymbolicTensor });
    expect(() => graphInputRoles(single)).toThrow(/needs an Input for the edge index/);
    const data = stochasticBlockModel({ ...defaults, nodes: 30 });
    const config = TrainingConfigSchema.parse({ epochs: 1 });
    await expect(trainGraphModel(nodeClassifier(8, 5, 1), data, config, { backend: 'cpu' })).rejects.toThrow(TrainingUserError);
    await expect(trainGraphModel(nodeClassifier(8, 5, 2), data, config, { backend: 'cpu' })).rejects.toThrow(/3 classes — give the last layer 3 units/);
  });
});
