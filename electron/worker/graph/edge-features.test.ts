import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { GraphDatasetSchema } from '../../../shared/data/graph-reference';
import { MessagePassing } from '../../../shared/layers/kinds/graph/layer-classes';
import { TrainingConfigSchema } from '../../../shared/graph/training-config';
import { withSeededRandom } from '../../../shared/layers/seed';
import type { ProgressEvent } from '../../../shared/training/train';
import { graphInputRoles, trainGraphModel } from '../../../shared/training/train-graph';
import { loadGraphDatasetFromDisk } from '../../node/load-graph-dataset';

describe('edge features', () => {
  it('Les Misérables co-occurrence counts reach a message-passing layer through an edge-features Input, and it learns', async () => {
    const data = await loadGraphDatasetFromDisk(GraphDatasetSchema.parse({ kind: 'graph', source: 'miserables' }));
    const model = withSeededRandom(4, () => {
      const nodes = tf.input({ shape: [77], name: 'characters' });
      const edges = tf.input({ shape: [2], dtype: 'int32', name: 'scenes' });
      const counts = tf.input({ shape: [1], name: 'counts' });
      const h = new MessagePassing({ units: 16, message: 'linear', messageUnits: 8, aggregate: 'mean', activation: 'relu' }).apply([nodes, edges, counts]) as tf.SymbolicTensor;
      const out = tf.layers.dense({ units: 11, activation: 'softmax' }).apply(h) as tf.SymbolicTensor;
      return tf.model({ inputs: [nodes, edges, counts], outputs: out });
    });
    // Roles by name: a second float input would also be taken for edge features, but say it.
    const inputRoles = { characters: 'nodeFeatures', scenes: 'edgeIndex', counts: 'edgeFeatures' } as const;
    expect(graphInputRoles(model, inputRoles)).toEqual(['nodeFeatures', 'edgeIndex', 'edgeFeatures']);
    const events: ProgressEvent[] = [];
    await trainGraphModel(model, data, TrainingConfigSchema.parse({ epochs: 30, learningRate: 0.02 }), { backend: tf.getBackend(), inputRoles, onEvent: (e) => events.push(e) });
    const losses = events.flatMap((e) => (e.type === 'epoch' ? [e.logs.loss!] : []));
    expect(losses.length).toBe(30);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 2);
  });
});
