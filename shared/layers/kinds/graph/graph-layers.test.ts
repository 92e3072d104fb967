import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom, gaussian } from '../../../data/dataset';
import { withSeededRandom } from '../../seed';
import { registerLayerClasses } from '../../custom';
import { GATConv, GCNConv, GraphReadout, MessagePassing, SAGEConv } from './layer-classes';

beforeAll(() => registerLayerClasses());

/**
 * Each graph layer against an independent dense computation on a small graph: the
 * adjacency as an N×N matrix, loops over nodes, no segment ops. Only tests build the
 * dense matrix; the layers never do.
 */
const N = 7;
const F = 3;
const EDGES: [number, number][] = [
  [0, 1], [1, 0], [1, 2], [2, 1], [2, 3], [3, 4], [4, 3], [5, 3], [0, 3], [6, 0], [0, 1],
];
type Matrix = number[][];

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const random = createRandom(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => gaussian(random)));
}
const matmul = (a: Matrix, b: Matrix): Matrix => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const add = (a: Matrix, bias: number[]): Matrix => a.map((row) => row.map((v, j) => v + bias[j]!));
/** A[target][source] = number of edges source → target. */
function adjacency(): Matrix {
  const a = Array.from({ length: N }, () => new Array<number>(N).fill(0));
  for (const [s, t] of EDGES) a[t]![s]! += 1;
  return a;
}

function closeTo(actual: tf.Tensor, expected: Matrix, tolerance = 1e-4) {
  const got = actual.arraySync() as Matrix;
  expect(got.length).toBe(expected.length);
  let worst = 0;
  got.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - expected[i]![j]!)))));
  expect(worst).toBeLessThan(tolerance);
}

const X = randomMatrix(N, F, 1);
const inputs = () => [tf.tensor2d(X), tf.tensor2d(EDGES, [EDGES.length, 2], 'int32')];

describe('GCNConv', () => {
  it('equals D^-1/2 (A + I) D^-1/2 X W + b computed densely', () => {
    const layer = new GCNConv({ units: 4 });
    layer.apply(inputs());
    const W = randomMatrix(F, 4, 2);
    const b = [0.1, -0.2, 0.3, 0];
    layer.setWeights([tf.tensor2d(W), tf.tensor1d(b)]);
    const a = adjacency().map((row, i) => row.map((v, j) => v + (i === j ? 1 : 0)));
    const d = a.map((row) => row.reduce((s, v) => s + v, 0));
    const normalized = a.map((row, i) => row.map((v, j) => v / Math.sqrt(d[i]! * d[j]!)));
    closeTo(layer.apply(inputs()) as tf.Tensor, add(matmul(matmul(normalized, X), W), b));
  });
});

describe('SAGEConv', () => {
  it('equals [x_i ‖ mean of in-neighbours] · W + b computed densely', () => {
    const layer = new SAGEConv({ units: 2 });
    layer.apply(inputs());
    const W = randomMatrix(2 * F, 2, 3);
    const b = [0.5, -1];
    layer.setWeights([tf.tensor2d(W), tf.tensor1d(b)]);
    const a = adjacency();
    const mean = a.map((row) => {
      const degree = row.reduce((s, v) => s + v, 0);
      return X[0]!.map((_, f) => (degree ? row.reduce((s, v, j) => s + v * X[j]![f]!, 0) / degree : 0));
    });
    closeTo(layer.apply(inputs()) as tf.Tensor, add(matmul(X.map((row, i) => [...row, ...mean[i]!]), W), b));
  });
});

describe('GATConv', () => {
  for (const concatHeads of [true, false])
    it(`equals per-head softmax attention over incoming edges plus a self-loop (${concatHeads ? 'concat' : 'mean'} heads)`, () => {
      const heads = 2;
      const units = 3;
      const layer = new GATConv({ units, heads, concatHeads, activation: 'elu' });
      layer.apply(inputs());
      const W = randomMatrix(F, heads * units, 4);
      const aSrc = randomMatrix(heads, units, 5);
      const aDst = randomMatrix(heads, units, 6);
      const width = concatHeads ? heads * units : units;
      const b = Array.from({ length: width }, (_, i) => i / 10);
      layer.setWeights([tf.tensor2d(W), tf.tensor2d(aSrc), tf.tensor2d(aDst), tf.tensor1d(b)]);
      const z = matmul(X, W);
      const a = adjacency().map((row, i) => row.map((v, j) => v + (i === j ? 1 : 0)));
      const expected = X.map((_, i) => {
        const perHead = Array.from({ length: heads }, (_, h) => {
          const zh = (n: number) => z[n]!.slice(h * units, (h + 1) * units);
          const score = (j: number) => {
            const s = zh(j).reduce((acc, v, k) => acc + v * aSrc[h]![k]!, 0) + zh(i).reduce((acc, v, k) => acc + v * aDst[h]![k]!, 0);
            return s > 0 ? s : 0.2 * s;
          };
          let total = 0;
          const out = new Array<number>(units).fill(0);
          a[i]!.forEach((count, j) => {
            const w = count * Math.exp(score(j));
            total += w;
            zh(j).forEach((v, k) => (out[k]! += w * v));
          });
          return out.map((v) => v / total);
        });
        const merged = concatHeads ? perHead.flat() : perHead[0]!.map((_, k) => perHead.reduce((s, p) => s + p[k]!, 0) / heads);
        return merged.map((v, k) => v + b[k]!);
      });
      closeTo(layer.apply(inputs()) as tf.Tensor, expected.map((row) => row.map((v) => (v > 0 ? v : Math.exp(v) - 1))));
    });
});

describe('MessagePassing', () => {
  for (const aggregate of ['sum', 'mean', 'max'] as const)
    it(`identity messages, ${aggregate} aggregation, linear update equal the loop over neighbours`, () => {
      const layer = new MessagePassing({ units: 2, message: 'identity', aggregate, activation: 'linear' });
      layer.apply(inputs());
      const W = randomMatrix(2 * F, 2, 7);
      layer.setWeights([tf.tensor2d(W), tf.tensor1d([0, 1])]);
      const aggregated = X.map((_, i) => {
        const incoming = EDGES.filter(([, t]) => t === i).map(([s]) => X[s]!);
        if (!incoming.length) return new Array<number>(F).fill(0);
        return X[0]!.map((_, f) => {
          const column = incoming.map((row) => row[f]!);
          if (aggregate === 'max') return Math.max(...column);
          const sum = column.reduce((s, v) => s + v, 0);
          return aggregate === 'sum' ? sum : sum / column.length;
        });
      });
      closeTo(layer.apply(inputs()) as tf.Tensor, add(matmul(X.map((row, i) => [...row, ...aggregated[i]!]), W), [0, 1]));
    });

  it('a linear message of source and edge features, with self-loops, equals the loop', () => {
    const edgeFeatures = randomMatrix(EDGES.length, 2, 8);
    const layer = new MessagePassing({ units: 2, message: 'linear', messageUnits: 3, aggregate: 'sum', selfLoops: true, activation: 'tanh' });
    const withEdges = () => [...inputs(), tf.tensor2d(edgeFeatures)];
    layer.apply(withEdges());
    const Wm = randomMatrix(F + 2, 3, 9);
    const bm = [0.1, 0.2, 0.3];
    const Wu = randomMatrix(F + 3, 2, 10);
    layer.setWeights([tf.tensor2d(Wm), tf.tensor1d(bm), tf.tensor2d(Wu), tf.tensor1d([0, 0])]);
    const message = (source: number, features: number[]) => add(matmul([[...X[source]!, ...features]], Wm), bm)[0]!;
    const aggregated = X.map((_, i) => {
      const messages = [message(i, [0, 0]), ...EDGES.flatMap(([s, t], e) => (t === i ? [message(s, edgeFeatures[e]!)] : []))];
      return [0, 1, 2].map((k) => messages.reduce((sum, m) => sum + m[k]!, 0));
    });
    closeTo(layer.apply(withEdges()) as tf.Tensor, matmul(X.map((row, i) => [...row, ...aggregated[i]!]), Wu).map((row) => row.map(Math.tanh)));
  });
});

describe('GraphReadout', () => {
  it('pools each graph’s nodes by sum, mean and max', () => {
    const x = tf.tensor2d([[1, 2], [3, -4], [5, 6], [-7, 8]]);
    const graphs = tf.tensor2d([[0], [0], [1], [1]], [4, 1], 'int32');
    const pool = (mode: 'sum' | 'mean' | 'max') => new GraphReadout({ mode }).apply([x, graphs]) as tf.Tensor;
    expect(pool('sum').arraySync()).toEqual([[4, -2], [-2, 14]]);
    expect(pool('mean').arraySync()).toEqual([[2, -1], [-1, 7]]);
    expect(pool('max').arraySync()).toEqual([[3, 2], [5, 8]]);
    expect((new GraphReadout({ mode: 'sum' }).apply(x) as tf.Tensor).arraySync()).toEqual([[2, 12]]);
  });
});

describe('graph layers in a model', () => {
  function twoLayerModel() {
    const nodes = tf.input({ shape: [F], name: 'nodes' });
    const edges = tf.input({ shape: [2], dtype: 'int32', name: 'edges' });
    const graph = tf.input({ shape: [1], dtype: 'int32', name: 'graph' });
    const h1 = new GATConv({ units: 2, heads: 2, name: 'gat' }).apply([nodes, edges]) as tf.SymbolicTensor;
    const h2 = new MessagePassing({ units: 4, aggregate: 'max', selfLoops: true, name: 'mp' }).apply([h1, edges]) as tf.SymbolicTensor;
    const h3 = new SAGEConv({ units: 4, name: 'sage' }).apply([h2, edges]) as tf.SymbolicTensor;
    const h4 = new GCNConv({ units: 4, name: 'gcn' }).apply([h3, edges]) as tf.SymbolicTensor;
    const pooled = new GraphReadout({ mode: 'mean', name: 'readout' }).apply([h4, graph]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(pooled) as tf.SymbolicTensor;
    return tf.model({ inputs: [nodes, edges, graph], outputs: out });
  }
  const graphIds = () => tf.tensor2d([0, 0, 0, 0, 1, 1, 1], [N, 1], 'int32');

  it('survive model.json and weights and compute the same', async () => {
    const model = twoLayerModel();
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const topology = JSON.parse(JSON.stringify(saved!.modelTopology)) as object;
    const loaded = await tf.loadLayersModel(tf.io.fromMemory({ ...saved!, modelTopology: topology }));
    const before = (model.apply([...inputs(), graphIds()]) as tf.Tensor).arraySync() as Matrix;
    closeTo(loaded.apply([...inputs(), graphIds()]) as tf.Tensor, before, 1e-6);
    expect(before.length).toBe(2);
  });

  it('let gradients reach every weight: the loss falls when graphs are told apart', () => {
    // Seeded initial weights: a test that passes for some draws only would prove nothing.
    const model = withSeededRandom(3, twoLayerModel);
    const optimizer = tf.train.adam(0.05);
    const labels = tf.tensor2d([[1, 0], [0, 1]]);
    const lossOf = () => tf.losses.softmaxCrossEntropy(labels, model.apply([...inputs(), graphIds()]) as tf.Tensor) as tf.Scalar;
    const first = lossOf().dataSync()[0]!;
    const grads = tf.variableGrads(lossOf);
    for (const [name, grad] of Object.entries(grads.grads)) expect(tf.sum(tf.abs(grad)).dataSync()[0], name).toBeGreaterThan(0);
    for (let step = 0; step < 30; step++) optimizer.minimize(lossOf);
    expect(lossOf().dataSync()[0]).toBeLessThan(first * 0.5);
  });

  it('refuses an edge that names a node that does not exist', () => {
    const layer = new GCNConv({ units: 2, name: 'gcn_bad' });
    expect(() => layer.apply([tf.tensor2d(X), tf.tensor2d([[0, 9]], [1, 2], 'int32')])).toThrow(/edge 0 goes 0 → 9, but node ids run from 0 to 6/);
  });
});

describe('graph Inputs', () => {
  it('an Input with a graph role must have that role’s shape and dtype', async () => {
    const { inferWith } = await import('../../test-helpers');
    expect(inferWith('Input', { shape: [2], dtype: 'int32', role: 'edgeIndex' }, [])).toEqual({ ok: true, shapes: [[null, 2]] });
    const wrong = inferWith('Input', { shape: [2], dtype: 'float32', role: 'edgeIndex' }, []);
    expect(wrong).toMatchObject({ ok: false, message: expect.stringMatching(/edgeIndex Input takes int32 rows of 2 values/) });
    expect(inferWith('Input', { shape: [5], role: 'nodeFeatures' }, [])).toEqual({ ok: true, shapes: [[null, 5]] });
  });
});
