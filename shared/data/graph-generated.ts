import { createRandom, gaussian } from './dataset';
import { bothDirections, splitGraphItems, type GraphDataset } from './graph';
import type { GraphDatasetReference } from './graph-reference';

type SbmSettings = Pick<
  GraphDatasetReference,
  'nodes' | 'communities' | 'degreeWithin' | 'degreeBetween' | 'features' | 'signal' | 'seed' | 'trainFraction' | 'validationFraction'
>;

/**
 * A stochastic block model: nodes fall into communities (the labels); each node has on
 * average `degreeWithin` neighbours in its own community and `degreeBetween` outside it.
 * Edges are drawn as that many random pairs (linear in the edge count, so a million-edge
 * graph takes a moment, not N²). Features are noise around a per-community mean only
 * `signal` noise-widths away, so a node alone is hard to place and its neighbourhood
 * tells: the task a graph layer is for.
 */
export function stochasticBlockModel(s: SbmSettings): GraphDataset {
  const random = createRandom(s.seed);
  const n = s.nodes;
  const k = s.communities;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = i % k;
  const members: number[][] = Array.from({ length: k }, () => []);
  labels.forEach((c, i) => members[c]!.push(i));
  const pick = (list: number[]) => list[Math.floor(random() * list.length)]!;

  const within = Math.round((n * s.degreeWithin) / 2);
  const between = Math.round((n * s.degreeBetween) / 2);
  const pairs = new Int32Array((within + between) * 2);
  let at = 0;
  while (at < within) {
    const a = Math.floor(random() * n);
    const b = pick(members[labels[a]!]!);
    if (a === b) continue;
    pairs[2 * at] = a;
    pairs[2 * at + 1] = b;
    at++;
  }
  while (at < within + between) {
    const a = Math.floor(random() * n);
    const b = Math.floor(random() * n);
    if (labels[a] === labels[b]) continue;
    pairs[2 * at] = a;
    pairs[2 * at + 1] = b;
    at++;
  }
  const edges = bothDirections(pairs);

  const means = Array.from({ length: k }, () => {
    const v = Array.from({ length: s.features }, () => gaussian(random));
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => (x / norm) * s.signal);
  });
  const nodeFeatures = new Float32Array(n * s.features);
  for (let i = 0; i < n; i++)
    for (let f = 0; f < s.features; f++) nodeFeatures[i * s.features + f] = means[labels[i]!]![f]! + gaussian(random);

  return {
    task: 'node',
    nodeFeatures,
    nodeCount: n,
    featureNames: Array.from({ length: s.features }, (_, f) => `x${f}`),
    edges,
    edgeCount: edges.length / 2,
    graphCount: 1,
    labels,
    classNames: Array.from({ length: k }, (_, c) => `community ${c}`),
    split: splitGraphItems(n, s.trainFraction, s.validationFraction, s.seed + 1),
  };
}

type MotifSettings = Pick<GraphDatasetReference, 'graphs' | 'minNodes' | 'maxNodes' | 'seed' | 'trainFraction' | 'validationFraction'>;

/**
 * Small graphs for graph classification: rings (class "cycle") and random trees (class
 * "tree") of the same sizes. Every node has the same single feature, so only the structure
 * — what message passing sees — separates the classes.
 */
export function cyclesAndTrees(s: MotifSettings): GraphDataset {
  const random = createRandom(s.seed);
  const low = Math.min(s.minNodes, s.maxNodes);
  const high = Math.max(s.minNodes, s.maxNodes);
  const graphIds: number[] = [];
  const pairs: number[] = [];
  const labels = new Int32Array(s.graphs);
  let offset = 0;
  for (let g = 0; g < s.graphs; g++) {
    const size = low + Math.floor(random() * (high - low + 1));
    const isTree = g % 2 === 1;
    labels[g] = isTree ? 1 : 0;
    for (let i = 0; i < size; i++) graphIds.push(g);
    for (let i = 1; i < size; i++) {
      const other = isTree ? Math.floor(random() * i) : i - 1;
      pairs.push(offset + other, offset + i, offset + i, offset + other);
    }
    if (!isTree) pairs.push(offset + size - 1, offset, offset, offset + size - 1);
    offset += size;
  }
  return {
    task: 'graph',
    nodeFeatures: new Float32Array(offset).fill(1),
    nodeCount: offset,
    featureNames: ['one'],
    edges: Int32Array.from(pairs),
    edgeCount: pairs.length / 2,
    graphIds: Int32Array.from(graphIds),
    graphCount: s.graphs,
    labels,
    classNames: ['cycle', 'tree'],
    split: splitGraphItems(s.graphs, s.trainFraction, s.validationFraction, s.seed + 1),
  };
}
