import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../graph/analyze';
import { catalog } from '../../layers';
import { graph } from '../test-graphs';
import { kerasModelSource } from './model-py';

const source = (doc: ReturnType<typeof graph>) => {
  const analysis = analyzeGraph(doc, catalog);
  expect(analysis.problems).toEqual([]);
  return kerasModelSource(doc, analysis, catalog).code;
};

describe('Keras model.py', () => {
  it('defines the classes of our own a wrapped layer needs', () => {
    const code = source(
      graph('wrapped', [
        ['x', 'Input', { shape: [5, 3, 4] }],
        ['each', 'TimeDistributed', { layer: { type: 'PositionalEmbedding', params: { maxLength: 3 } } }, ['x']],
      ]),
    );
    expect(code).toContain('layers.TimeDistributed(PositionalEmbedding(3), name="each")');
    expect(code).toContain('class PositionalEmbedding(keras.layers.Layer):');
  });

  it('imports only the parts of keras it uses', () => {
    const plain = source(graph('plain', [['x', 'Input', { shape: [2] }], ['d', 'Dense', { units: 1 }, ['x']]]));
    expect(plain).toContain('\nfrom keras import layers\n');
    const graphOnly = source(
      graph('graph only', [
        ['nodes', 'Input', { shape: [3], role: 'nodeFeatures' }],
        ['edges', 'Input', { shape: [2], dtype: 'int32', role: 'edgeIndex' }],
        ['gcn', 'GCNConv', { units: 2 }, [{ node: 'nodes', into: 'nodes' }, { node: 'edges', into: 'edges' }]],
      ]),
    );
    expect(graphOnly).toContain('\nfrom keras import ops\n');
  });
});
