import { GRAPH_FORMAT, GRAPH_VERSION, parseDocument, type GraphDocument } from '../graph/document';

/**
 * Small graphs that together use every layer kind the exporters write, with settings away
 * from the defaults (strides, 'same' padding with odd totals, dilation, gates, states…):
 * the exporters' tests run each through tfjs and the exported code and compare.
 */
type From = string | { node: string; port?: string; into?: string };
type NodeSpec = [name: string, type: string, params?: Record<string, unknown>, from?: From[]];

export function graph(name: string, specs: NodeSpec[]): GraphDocument {
  const edges: Record<string, unknown>[] = [];
  for (const [target, , , from = []] of specs)
    for (const f of from) {
      const source = typeof f === 'string' ? { node: f } : f;
      edges.push({ id: `${source.node}_${source.port ?? 'out'}_${target}_${edges.length}`, source: source.node, sourceHandle: source.port ?? 'out', target, targetHandle: source.into ?? 'in' });
    }
  return parseDocument({
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    name,
    nodes: specs.map(([id, type, params = {}], i) => ({ id, type, name: id, params, position: { x: i * 300, y: 0 } })),
    edges,
  });
}

/** Kinds only the PyTorch exporter writes so far (the Keras tests leave graphs with them out). */
export const TORCH_ONLY_KINDS = new Set<string>();

export const EXPORT_TEST_GRAPHS: GraphDocument[] = [
  graph('dense and activations', [
    ['x', 'Input', { shape: [7] }],
    ['d1', 'Dense', { units: 6, activation: 'elu' }, ['x']],
    ['a1', 'Activation', { activation: 'hardSigmoid' }, ['d1']],
    ['d2', 'Dense', { units: 6, activation: 'gelu', useBias: false }, ['a1']],
    ['a2', 'Activation', { activation: 'mish' }, ['d2']],
    ['d3', 'Dense', { units: 6, activation: 'swish' }, ['a2']],
    ['a3', 'Activation', { activation: 'softsign' }, ['d3']],
    ['d4', 'Dense', { units: 6, activation: 'softplus' }, ['a3']],
    ['a4', 'Activation', { activation: 'elu', alpha: 0.5 }, ['d4']],
    ['d5', 'Dense', { units: 5, activation: 'relu6' }, ['a4']],
    ['a5', 'Activation', { activation: 'leakyRelu', alpha: 0.2 }, ['d5']],
    ['drop', 'Dropout', { rate: 0.3 }, ['a5']],
    ['d6', 'Dense', { units: 5, activation: 'selu' }, ['drop']],
    ['a6', 'Activation', { activation: 'tanh' }, ['d6']],
    ['d7', 'Dense', { units: 4, activation: 'sigmoid' }, ['a6']],
    ['out', 'Dense', { units: 3, activation: 'softmax' }, ['d7']],
  ]),
  graph('convolutions', [
    ['image', 'Input', { shape: [9, 9, 2] }],
    ['c1', 'Conv2D', { filters: 4, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, ['image']],
    ['dw', 'DepthwiseConv2D', { kernelSize: [3, 3], strides: [2, 2], padding: 'same', depthMultiplier: 2 }, ['c1']],
    ['sep', 'SeparableConv2D', { filters: 5, kernelSize: [2, 2], padding: 'same', depthMultiplier: 2, activation: 'tanh' }, ['dw']],
    ['bn', 'BatchNormalization', {}, ['sep']],
    ['mp', 'MaxPooling2D', { poolSize: [2, 2], padding: 'same' }, ['bn']],
    ['zp', 'ZeroPadding2D', { padding: [[1, 0], [0, 2]] }, ['mp']],
    ['ct', 'Conv2DTranspose', { filters: 3, kernelSize: [3, 3], strides: [2, 2], padding: 'same' }, ['zp']],
    ['up', 'UpSampling2D', { size: [2, 2], interpolation: 'bilinear' }, ['ct']],
    ['ap', 'AveragePooling2D', { poolSize: [3, 3], strides: [2, 2], padding: 'same' }, ['up']],
    ['ln', 'LayerNormalization', {}, ['ap']],
    ['soft', 'Activation', { activation: 'softmax' }, ['ln']],
    ['gap', 'GlobalAveragePooling2D', {}, ['soft']],
    ['out', 'Dense', { units: 2 }, ['gap']],
  ]),
  graph('merges and reshapes', [
    ['flat', 'Input', { shape: [48] }],
    ['img', 'Reshape', { targetShape: [4, 4, 3] }, ['flat']],
    ['c1', 'Conv2D', { filters: 3, kernelSize: [2, 3], strides: [1, 1], padding: 'same', dilationRate: [2, 1] }, ['img']],
    ['c2', 'Conv2D', { filters: 3, kernelSize: [3, 3], padding: 'same', useBias: false }, ['img']],
    ['add', 'Add', {}, ['c1', 'c2', 'img']],
    ['mul', 'Multiply', {}, ['c1', 'c2']],
    ['avg', 'Average', {}, ['add', 'mul']],
    ['max', 'Maximum', {}, ['avg', 'c1']],
    ['min', 'Minimum', {}, ['max', 'c2']],
    ['cat', 'Concatenate', { axis: -1 }, ['min', 'img']],
    ['cat2', 'Concatenate', { axis: 1 }, ['cat', 'cat']],
    ['perm', 'Permute', { dims: [2, 1, 3] }, ['cat2']],
    ['ct', 'Conv2DTranspose', { filters: 2, kernelSize: [2, 2], strides: [3, 3], padding: 'valid' }, ['perm']],
    ['gmp', 'GlobalMaxPooling2D', { keepDims: true }, ['ct']],
    ['ln', 'LayerNormalization', { center: false }, ['gmp']],
    ['f', 'Flatten', {}, ['ln']],
    ['seq', 'Reshape', { targetShape: [-1, 1] }, ['f']],
    ['f2', 'Flatten', {}, ['seq']],
    ['out', 'Dense', { units: 3, activation: 'softmax' }, ['f2']],
  ]),
  graph('sequences', [
    ['steps', 'Input', { shape: [12, 4] }],
    ['c1', 'Conv1D', { filters: 6, kernelSize: 3, padding: 'causal', dilationRate: 2, activation: 'relu' }, ['steps']],
    ['c2', 'Conv1D', { filters: 5, kernelSize: 4, strides: 2, padding: 'same' }, ['c1']],
    ['mp', 'MaxPooling1D', { poolSize: 2, padding: 'same', strides: 1 }, ['c2']],
    ['ap', 'AveragePooling1D', { poolSize: 2, padding: 'same' }, ['mp']],
    ['bn', 'BatchNormalization', {}, ['ap']],
    ['lstm', 'LSTM', { units: 6, returnSequences: true }, ['bn']],
    ['gru', 'GRU', { units: 5, returnSequences: true }, ['lstm']],
    ['gru2', 'GRU', { units: 4, resetAfter: true, returnSequences: true }, ['gru']],
    ['rnn', 'SimpleRNN', { units: 3, returnSequences: true, activation: 'relu' }, ['gru2']],
    ['slow', 'LSTM', { units: 3, returnSequences: true, goBackwards: true, recurrentActivation: 'hardSigmoid' }, ['rnn']],
    ['bi', 'Bidirectional', { layer: { type: 'LSTM', params: { units: 3, returnSequences: true } } }, ['slow']],
    ['bi2', 'Bidirectional', { layer: { type: 'GRU', params: { units: 2, returnSequences: true, resetAfter: true } }, mergeMode: 'ave' }, ['bi']],
    ['td', 'TimeDistributed', { layer: { type: 'Dense', params: { units: 4, activation: 'tanh' } } }, ['bi2']],
    ['ln', 'LayerNormalization', {}, ['td']],
    ['att', 'Attention', { useScale: true, causal: true }, [{ node: 'ln', into: 'query' }, { node: 'td', into: 'value' }]],
    ['att2', 'Attention', {}, [{ node: 'att', into: 'query' }, { node: 'td', into: 'value' }, { node: 'ln', into: 'key' }]],
    ['gap', 'GlobalAveragePooling1D', {}, ['att2']],
    ['gmp', 'GlobalMaxPooling1D', { keepDims: true }, ['att2']],
    ['f', 'Flatten', {}, ['gmp']],
    ['cat', 'Concatenate', {}, ['gap', 'f']],
    ['srnn', 'SimpleRNN', { units: 2 }, ['rnn']],
    ['cat2', 'Concatenate', {}, ['cat', 'srnn']],
    ['out', 'Dense', { units: 2, activation: 'softmax' }, ['cat2']],
  ]),
  graph('embedding and states', [
    ['ids', 'Input', { shape: [6], dtype: 'int32' }],
    ['other', 'Input', { shape: [3] }],
    ['emb', 'Embedding', { inputDim: 20, outputDim: 4 }, ['ids']],
    ['perm', 'Permute', { dims: [2, 1] }, ['emb']],
    ['f', 'Flatten', {}, ['perm']],
    ['rep', 'RepeatVector', { n: 3 }, ['f']],
    ['lstm', 'LSTM', { units: 5, returnState: true }, ['rep']],
    ['gru', 'GRU', { units: 3, returnState: true, returnSequences: true, activation: 'relu' }, ['rep']],
    ['bi', 'Bidirectional', { layer: { type: 'SimpleRNN', params: { units: 2, returnState: true } }, mergeMode: 'sum' }, ['rep']],
    ['cat', 'Concatenate', {}, [{ node: 'lstm', port: 'cellState' }, { node: 'lstm', port: 'hiddenState' }, 'other', { node: 'gru', port: 'hiddenState' }, 'bi', { node: 'bi', port: 'state2' }]],
    ['td', 'TimeDistributed', { layer: { type: 'Dense', params: { units: 2 } } }, ['gru']],
    ['out', 'Dense', { units: 2, activation: 'sigmoid' }, ['cat']],
    ['seq_out', 'Flatten', {}, ['td']],
  ]),
  graph('time distributed images', [
    ['clips', 'Input', { shape: [3, 6, 6, 2] }],
    ['tdc', 'TimeDistributed', { layer: { type: 'Conv2D', params: { filters: 3, kernelSize: [3, 3], strides: [2, 2], padding: 'same', activation: 'relu' } } }, ['clips']],
    ['tdp', 'TimeDistributed', { layer: { type: 'MaxPooling2D', params: { poolSize: [3, 3] } } }, ['tdc']],
    ['tdf', 'TimeDistributed', { layer: { type: 'Flatten', params: {} } }, ['tdp']],
    ['gru', 'GRU', { units: 3 }, ['tdf']],
    ['up', 'UpSampling2D', { size: [2, 3] }, ['frame']],
    ['frame', 'Input', { shape: [2, 2, 1] }],
    ['f', 'Flatten', {}, ['up']],
    ['cat', 'Concatenate', {}, ['gru', 'f']],
  ]),
  graph('transformer', [
    ['tokens', 'Input', { shape: [7], dtype: 'int32' }],
    ['emb', 'Embedding', { inputDim: 20, outputDim: 8 }, ['tokens']],
    ['pos', 'PositionalEmbedding', { maxLength: 10 }, ['emb']],
    ['sin', 'SinusoidalPositionalEncoding', { base: 100 }, ['pos']],
    ['mha', 'MultiHeadAttention', { numHeads: 2, keyDim: 3, valueDim: 5, causal: true, returnAttentionScores: true }, [{ node: 'sin', into: 'query' }, { node: 'sin', into: 'value' }]],
    ['mha2', 'MultiHeadAttention', { numHeads: 3, keyDim: 2, useBias: false, outputDim: 6 }, [{ node: 'mha', into: 'query' }, { node: 'emb', into: 'value' }, { node: 'sin', into: 'key' }]],
    ['first', 'TakeStep', { index: 0 }, ['mha2']],
    ['last', 'TakeStep', { index: -1 }, ['mha']],
    ['scores', 'Flatten', {}, [{ node: 'mha', port: 'weights' }]],
    ['cat', 'Concatenate', {}, ['first', 'last', 'scores']],
    ['out', 'Dense', { units: 2, activation: 'softmax' }, ['cat']],
  ]),
  graph('vision and additive attention', [
    ['image', 'Input', { shape: [8, 8, 3] }],
    ['patches', 'PatchEmbedding', { patchSize: 4, embedDim: 6, classToken: true }, ['image']],
    ['plain', 'PatchEmbedding', { patchSize: 2, embedDim: 6 }, ['image']],
    ['self_att', 'AdditiveAttention', { causal: true }, [{ node: 'patches', into: 'query' }, { node: 'patches', into: 'value' }]],
    ['keys', 'Dense', { units: 6, activation: 'tanh' }, ['plain']],
    ['cross_att', 'AdditiveAttention', { useScale: false }, [{ node: 'self_att', into: 'query' }, { node: 'plain', into: 'value' }, { node: 'keys', into: 'key' }]],
    ['cls', 'TakeStep', { index: 0 }, ['cross_att']],
    ['out', 'Dense', { units: 2, activation: 'softmax' }, ['cls']],
  ]),
  // Node features, an edge index, edge features and graph ids: N, E and G are the free first axes.
  graph('graph layers', [
    ['nodes', 'Input', { shape: [5], role: 'nodeFeatures' }],
    ['edges', 'Input', { shape: [2], dtype: 'int32', role: 'edgeIndex' }],
    ['edge_attr', 'Input', { shape: [3], role: 'edgeFeatures' }],
    ['graph', 'Input', { shape: [1], dtype: 'int32', role: 'graphIds' }],
    ['gcn', 'GCNConv', { units: 4, activation: 'tanh' }, [{ node: 'nodes', into: 'nodes' }, { node: 'edges', into: 'edges' }]],
    ['gcn2', 'GCNConv', { units: 3, activation: 'linear', selfLoops: false, useBias: false }, [{ node: 'gcn', into: 'nodes' }, { node: 'edges', into: 'edges' }]],
    ['sage', 'SAGEConv', { units: 4, activation: 'relu' }, [{ node: 'gcn2', into: 'nodes' }, { node: 'edges', into: 'edges' }]],
    ['gat', 'GATConv', { units: 3, heads: 2, activation: 'elu' }, [{ node: 'sage', into: 'nodes' }, { node: 'edges', into: 'edges' }]],
    ['gat2', 'GATConv', { units: 2, heads: 3, concatHeads: false, negativeSlope: 0.1, selfLoops: false, useBias: false, activation: 'linear' }, [{ node: 'gat', into: 'nodes' }, { node: 'edges', into: 'edges' }]],
    ['mp', 'MessagePassing', { units: 4, messageUnits: 3, aggregate: 'mean', selfLoops: true }, [{ node: 'gat2', into: 'nodes' }, { node: 'edges', into: 'edges' }, { node: 'edge_attr', into: 'edgeFeatures' }]],
    ['mp2', 'MessagePassing', { units: 3, message: 'identity', aggregate: 'max', activation: 'linear' }, [{ node: 'mp', into: 'nodes' }, { node: 'edges', into: 'edges' }]],
    ['mp3', 'MessagePassing', { units: 3, aggregate: 'sum', useBias: false, activation: 'sigmoid' }, [{ node: 'mp2', into: 'nodes' }, { node: 'edges', into: 'edges' }]],
    ['readout', 'GraphReadout', { mode: 'mean' }, [{ node: 'mp3', into: 'nodes' }, { node: 'graph', into: 'graph' }]],
    ['readout_max', 'GraphReadout', { mode: 'max' }, [{ node: 'mp2', into: 'nodes' }, { node: 'graph', into: 'graph' }]],
    ['readout_sum', 'GraphReadout', { mode: 'sum' }, [{ node: 'mp3', into: 'nodes' }]],
    ['cat', 'Concatenate', {}, ['readout', 'readout_max']],
    ['out', 'Dense', { units: 2, activation: 'softmax' }, ['cat']],
  ]),
];

/**
 * A small GAN (training.gan marking its two networks) for the exporters' and the engines'
 * tests: `points` makes 2-D samples with MLPs (D ends in a sigmoid), `images` makes 8×8×1
 * pictures with a transposed convolution against a convolutional D with batch normalization
 * that ends in a logit.
 */
export function ganTestGraph(kind: 'points' | 'images', gan: Record<string, unknown> = {}): GraphDocument {
  const doc =
    kind === 'points'
      ? graph('gan points', [
          ['noise', 'Input', { shape: [3] }],
          ['g_hidden', 'Dense', { units: 8, activation: 'tanh' }, ['noise']],
          ['g_out', 'Dense', { units: 2 }, ['g_hidden']],
          ['sample', 'Input', { shape: [2] }],
          ['d_hidden', 'Dense', { units: 8, activation: 'tanh' }, ['sample']],
          ['d_out', 'Dense', { units: 1, activation: 'sigmoid' }, ['d_hidden']],
        ])
      : graph('gan images', [
          ['noise', 'Input', { shape: [4] }],
          ['g_dense', 'Dense', { units: 32, activation: 'relu' }, ['noise']],
          ['g_grid', 'Reshape', { targetShape: [4, 4, 2] }, ['g_dense']],
          ['g_bn', 'BatchNormalization', {}, ['g_grid']],
          ['g_out', 'Conv2DTranspose', { filters: 1, kernelSize: [3, 3], strides: [2, 2], padding: 'same', activation: 'sigmoid' }, ['g_bn']],
          ['image', 'Input', { shape: [8, 8, 1] }],
          ['d_conv', 'Conv2D', { filters: 3, kernelSize: [3, 3], strides: [2, 2], padding: 'same' }, ['image']],
          ['d_bn', 'BatchNormalization', {}, ['d_conv']],
          ['d_act', 'Activation', { activation: 'leakyRelu', alpha: 0.2 }, ['d_bn']],
          ['d_flat', 'Flatten', {}, ['d_act']],
          ['d_out', 'Dense', { units: 1 }, ['d_flat']],
        ]);
  const [noise, sample] = kind === 'points' ? ['noise', 'sample'] : ['noise', 'image'];
  return parseDocument({
    ...doc,
    training: { ...doc.training, gan: { generator: { input: noise, output: 'g_out' }, discriminator: { input: sample, output: 'd_out' }, ...gan } },
  });
}
