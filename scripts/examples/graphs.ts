/**
 * Graph neural networks of the course: a GCN and a GraphSAGE network classifying the
 * communities of a stochastic block model, a graph-attention network placing the
 * characters of Les Misérables in their groups, and a graph classifier telling rings from
 * trees through message passing and a readout. Each states the test accuracy it reaches;
 * electron/worker/graph/templates.test.ts trains each and holds it to that.
 */
import { addNode, connect } from '../../shared/graph/actions';
import { emptyDocument, type GraphDocument } from '../../shared/graph/document';
import type { TrainingConfigInput } from '../../shared/graph/training-config';
import { COLUMN, ROW, save } from './builder';

interface GraphStep {
  name: string;
  type: string;
  params?: Record<string, unknown>;
  at: [column: number, row: number];
  /** Wires into this node: `node` (its `out`) → this node's `port`. */
  from?: { node: string; port: string }[];
}

/** Like builder.build, but wires into named ports: graph layers take nodes, edges and graph ids apart. */
function buildGraph(name: string, description: string, steps: GraphStep[]): GraphDocument {
  let doc: GraphDocument = { ...emptyDocument(name), description };
  for (const step of steps) {
    doc = addNode(doc, { type: step.type, name: step.name, id: step.name, params: step.params ?? {}, position: { x: step.at[0] * COLUMN, y: step.at[1] * ROW } });
    for (const { node, port } of step.from ?? []) doc = connect(doc, { source: node, target: step.name, targetHandle: port, id: `${node}-${step.name}` });
  }
  return doc;
}

const nodesInput = (features: number): GraphStep => ({ name: 'nodes', type: 'Input', params: { shape: [features], role: 'nodeFeatures' }, at: [0, 0] });
const edgesInput: GraphStep = { name: 'edges', type: 'Input', params: { shape: [2], dtype: 'int32', role: 'edgeIndex' }, at: [0, 1] };
const graphLayer = (name: string, type: string, params: Record<string, unknown>, column: number, input: string): GraphStep => ({
  name,
  type,
  params,
  at: [column, 0],
  from: [
    { node: input, port: 'nodes' },
    { node: 'edges', port: 'edges' },
  ],
});

const sbm = { kind: 'graph', source: 'sbm', nodes: 600, communities: 3, degreeWithin: 10, degreeBetween: 1, features: 8, signal: 1, seed: 3 };
const nodeTraining: TrainingConfigInput = {
  optimizer: 'adam',
  learningRate: 0.01,
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 60,
  batchSize: 32,
  validationSplit: 0,
  seed: 7,
};

save(
  'gcn-sbm.nnd.json',
  buildGraph(
    'gcn-sbm',
    'A graph convolutional network (Kipf & Welling) classifying the communities of a 600-node stochastic block model. ' +
      'Each node’s 8 features sit only one noise-width from its community’s mean, so a node on its own is hard to place; ' +
      'averaging over its neighbours, most of whom share its community, makes it clear. Reaches ≥ 0.9 accuracy on the held-out test nodes.',
    [
      nodesInput(8),
      edgesInput,
      graphLayer('gcn_1', 'GCNConv', { units: 16, activation: 'relu' }, 1, 'nodes'),
      { name: 'dropout', type: 'Dropout', params: { rate: 0.3 }, at: [2, 0], from: [{ node: 'gcn_1', port: 'in' }] },
      graphLayer('gcn_2', 'GCNConv', { units: 3, activation: 'softmax' }, 3, 'dropout'),
    ],
  ),
  sbm,
  nodeTraining,
);

save(
  'graphsage-sbm.nnd.json',
  buildGraph(
    'graphsage-sbm',
    'GraphSAGE with the mean aggregator on a 4-community stochastic block model: each layer looks at a node’s own features beside the mean of its neighbours’. ' +
      'Two layers see two hops. Reaches ≥ 0.9 accuracy on the held-out test nodes.',
    [
      nodesInput(8),
      edgesInput,
      graphLayer('sage_1', 'SAGEConv', { units: 32, activation: 'relu' }, 1, 'nodes'),
      graphLayer('sage_2', 'SAGEConv', { units: 4, activation: 'softmax' }, 2, 'sage_1'),
    ],
  ),
  { ...sbm, communities: 4, seed: 5 },
  nodeTraining,
);

save(
  'gat-miserables.nnd.json',
  buildGraph(
    'gat-miserables',
    'A graph attention network on the Les Misérables co-occurrence graph: 77 characters, an edge where two appear in the same chapter, and the character groups as classes. ' +
      'Characters have no features of their own here (each is a one-hot identity), so the network places a held-out character by whom it appears with; ' +
      'four attention heads learn which of those neighbours to trust. Reaches ≥ 0.7 accuracy on the held-out test characters (16 of them; a guess by the largest group gets 0.2).',
    [
      nodesInput(77),
      edgesInput,
      graphLayer('gat_1', 'GATConv', { units: 8, heads: 4, activation: 'elu' }, 1, 'nodes'),
      graphLayer('gat_2', 'GATConv', { units: 11, heads: 1, concatHeads: false, activation: 'softmax' }, 2, 'gat_1'),
    ],
  ),
  { kind: 'graph', source: 'miserables', seed: 1 },
  { ...nodeTraining, learningRate: 0.01, epochs: 100 },
);

save(
  'gnn-cycles-trees.nnd.json',
  buildGraph(
    'gnn-cycles-trees',
    'Graph classification: 400 small graphs of 6–14 nodes, half of them rings and half random trees, every node with the same single feature. ' +
      'Two message-passing layers sum what each node hears from its neighbours (so a node learns its degree, then its neighbours’), a max readout pools each graph into one row, ' +
      'and a Dense layer decides. Trained in batches of 32 graphs; reaches ≥ 0.95 accuracy on the held-out test graphs.',
    [
      nodesInput(1),
      edgesInput,
      { name: 'graph', type: 'Input', params: { shape: [1], dtype: 'int32', role: 'graphIds' }, at: [0, 2] },
      graphLayer('message_1', 'MessagePassing', { units: 16, aggregate: 'sum', activation: 'relu' }, 1, 'nodes'),
      graphLayer('message_2', 'MessagePassing', { units: 16, aggregate: 'sum', activation: 'relu' }, 2, 'message_1'),
      {
        name: 'readout',
        type: 'GraphReadout',
        params: { mode: 'max' },
        at: [3, 0],
        from: [
          { node: 'message_2', port: 'nodes' },
          { node: 'graph', port: 'graph' },
        ],
      },
      { name: 'classifier', type: 'Dense', params: { units: 2, activation: 'softmax' }, at: [4, 0], from: [{ node: 'readout', port: 'in' }] },
    ],
  ),
  { kind: 'graph', source: 'motifs', graphs: 400, seed: 2 },
  { ...nodeTraining, learningRate: 0.01, epochs: 30, batchSize: 32 },
);
