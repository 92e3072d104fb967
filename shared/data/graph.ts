import { shuffledIndices } from './dataset';

/**
 * A graph dataset in memory: one big graph whose nodes are classified, or many small
 * graphs (nodes numbered consecutively, each node tagged with its graph) that are
 * classified as wholes. Plain typed arrays, like Dataset, so it is built and tested
 * without tfjs; the training loop makes the tensors.
 */
export interface GraphDataset {
  task: 'node' | 'graph';
  /** [nodes, features], row-major. */
  nodeFeatures: Float32Array;
  nodeCount: number;
  featureNames: string[];
  /** (source, target) per edge, flattened: [e0 source, e0 target, e1 source, …]. */
  edges: Int32Array;
  edgeCount: number;
  /** [edges, edgeFeatureNames.length] when the edges carry features. */
  edgeFeatures?: Float32Array;
  edgeFeatureNames?: string[];
  /** Graph tasks: each node's graph, ascending (a graph's nodes are consecutive). */
  graphIds?: Int32Array;
  graphCount: number;
  /** Class index per node (node task) or per graph (graph task). */
  labels: Int32Array;
  classNames: string[];
  /** Node names, when the source has them (embedding plots label points with them). */
  nodeNames?: string[];
  /** Node indices (node task) or graph indices (graph task) of each split; disjoint. */
  split: GraphSplit;
}

export interface GraphSplit {
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export function isGraphDataset(data: object): data is GraphDataset {
  return 'edges' in data && 'nodeFeatures' in data;
}

/** A seeded shuffle cut into train / validation / test: the masks of a node task, the graph lists of a graph task. */
export function splitGraphItems(count: number, trainFraction: number, validationFraction: number, seed: number): GraphSplit {
  const order = shuffledIndices(count, seed);
  const train = Math.max(1, Math.round(count * trainFraction));
  const validation = Math.min(count - train, Math.round(count * validationFraction));
  const sorted = (a: Int32Array) => a.sort();
  return {
    train: sorted(order.slice(0, train)),
    validation: sorted(order.slice(train, train + validation)),
    test: sorted(order.slice(train + validation)),
  };
}

/** Every edge also the other way round, for an undirected graph given as one row per pair. */
export function bothDirections(edges: Int32Array): Int32Array {
  const out = new Int32Array(edges.length * 2);
  out.set(edges);
  for (let e = 0; e < edges.length / 2; e++) {
    out[edges.length + 2 * e] = edges[2 * e + 1]!;
    out[edges.length + 2 * e + 1] = edges[2 * e]!;
  }
  return out;
}

/** One-hot node identities: the features of a graph that has none (each node learns its own embedding). */
export function identityFeatures(nodes: number): Float32Array {
  const out = new Float32Array(nodes * nodes);
  for (let i = 0; i < nodes; i++) out[i * nodes + i] = 1;
  return out;
}

/**
 * The graphs listed in `graphs`, cut out of a many-graph dataset and renumbered as one
 * batch: node features, edges with node ids shifted to the batch, graph ids 0 … B−1 and
 * the graphs' labels. Nodes of a graph are consecutive, so each graph is one slice.
 */
export function graphBatch(data: GraphDataset, graphs: ArrayLike<number>, ranges: GraphRanges) {
  const width = data.featureNames.length;
  const edgeWidth = data.edgeFeatureNames?.length ?? 0;
  let nodes = 0;
  let edges = 0;
  for (let i = 0; i < graphs.length; i++) {
    const g = graphs[i]!;
    nodes += ranges.nodeEnd[g]! - ranges.nodeStart[g]!;
    edges += ranges.edgeEnd[g]! - ranges.edgeStart[g]!;
  }
  const features = new Float32Array(nodes * width);
  const edgeIndex = new Int32Array(edges * 2);
  const edgeFeatures = edgeWidth ? new Float32Array(edges * edgeWidth) : undefined;
  const graphIds = new Int32Array(nodes);
  const labels = new Int32Array(graphs.length);
  let nodeAt = 0;
  let edgeAt = 0;
  for (let i = 0; i < graphs.length; i++) {
    const g = graphs[i]!;
    const [n0, n1, e0, e1] = [ranges.nodeStart[g]!, ranges.nodeEnd[g]!, ranges.edgeStart[g]!, ranges.edgeEnd[g]!];
    features.set(data.nodeFeatures.subarray(n0 * width, n1 * width), nodeAt * width);
    graphIds.fill(i, nodeAt, nodeAt + n1 - n0);
    for (let e = e0; e < e1; e++) {
      edgeIndex[2 * (edgeAt + e - e0)] = data.edges[2 * e]! - n0 + nodeAt;
      edgeIndex[2 * (edgeAt + e - e0) + 1] = data.edges[2 * e + 1]! - n0 + nodeAt;
    }
    if (edgeFeatures) edgeFeatures.set(data.edgeFeatures!.subarray(e0 * edgeWidth, e1 * edgeWidth), edgeAt * edgeWidth);
    labels[i] = data.labels[g]!;
    nodeAt += n1 - n0;
    edgeAt += e1 - e0;
  }
  return { features, nodeCount: nodes, edgeIndex, edgeCount: edges, edgeFeatures, graphIds, labels };
}

/** Where each graph's nodes and edges sit in a many-graph dataset. */
export interface GraphRanges {
  nodeStart: Int32Array;
  nodeEnd: Int32Array;
  edgeStart: Int32Array;
  edgeEnd: Int32Array;
}

/**
 * Finds each graph's node slice (from the ascending graph ids) and edge slice (edges are
 * sorted by their source's graph). Throws when the data breaks either order or an edge
 * joins two graphs.
 */
export function graphRanges(data: GraphDataset): GraphRanges {
  const ids = data.graphIds;
  if (!ids) throw new Error('a graph-classification dataset needs a graph id for every node');
  const g = data.graphCount;
  const nodeStart = new Int32Array(g).fill(-1);
  const nodeEnd = new Int32Array(g);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (i > 0 && id < ids[i - 1]!) throw new Error(`graph ids must ascend node by node, but node ${i} has graph ${id} after graph ${ids[i - 1]}`);
    if (nodeStart[id] === -1) nodeStart[id] = i;
    nodeEnd[id] = i + 1;
  }
  const edgeStart = new Int32Array(g).fill(-1);
  const edgeEnd = new Int32Array(g);
  let previous = 0;
  for (let e = 0; e < data.edgeCount; e++) {
    const graph = ids[data.edges[2 * e]!]!;
    if (graph !== ids[data.edges[2 * e + 1]!]) throw new Error(`edge ${e} joins two different graphs`);
    if (graph < previous) throw new Error(`edges must be listed graph by graph, but edge ${e} goes back to graph ${graph}`);
    previous = graph;
    if (edgeStart[graph] === -1) edgeStart[graph] = e;
    edgeEnd[graph] = e + 1;
  }
  for (let i = 0; i < g; i++) {
    if (nodeStart[i] === -1) throw new Error(`graph ${i} has no nodes`);
    if (edgeStart[i] === -1) edgeStart[i] = edgeEnd[i] = i > 0 ? edgeEnd[i - 1]! : 0;
  }
  return { nodeStart, nodeEnd, edgeStart, edgeEnd };
}
