import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../shared/data/dataset';
import { GCNConv } from '../../../shared/layers/kinds/graph/layer-classes';
import { gcnPropagate } from '../../../shared/layers/graph/gcn-propagate';
import { inputTimesKernel, isConstantUnderTape, TransposedInputCache } from '../../../shared/layers/graph/input-matmul';
import { withSeededRandom } from '../../../shared/layers/seed';
import { selectBackend } from '../backend';
import { registerFastPath } from '../fast-path';

/**
 * The GCN's two replaced steps on wasm against stock tfjs ops on the cpu backend: x · W with W's
 * gradient from a cached xᵀ (shared/layers/graph/input-matmul.ts), and the one-pass
 * neighbourhood average Â · h (gcn-propagate.ts) against tf.gather + tf.unsortedSegmentSum;
 * then a GCNConv network trained on wasm against the same network written in stock ops on cpu.
 */
beforeAll(async () => {
  await registerFastPath();
  expect(await selectBackend('wasm')).toBe('wasm');
});

function randomArray(size: number, seed: number, density = 1): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: size }, () => (random() < density ? random() * 2 - 1 : 0));
}

function relativeError(actual: Float32Array, expected: Float32Array): number {
  let worst = 0;
  const scale = Math.max(...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / scale);
  return worst;
}

describe('inputTimesKernel', () => {
  it('knows a constant leaf from a variable and from a tensor computed on the tape', () => {
    const x = tf.ones([2, 2]);
    const w = tf.variable(tf.ones([2, 2]));
    const seen: boolean[] = [];
    expect(isConstantUnderTape(x)).toBe(false); // no tape: nothing to save
    tf.variableGrads(() => {
      const computed = tf.add(x, 1);
      seen.push(isConstantUnderTape(x), isConstantUnderTape(w), isConstantUnderTape(computed));
      return tf.sum(tf.matMul(computed, w));
    });
    expect(seen).toEqual([true, false, false]);
    tf.dispose([x, w]);
  });

  it('gives the values and kernel gradient of tf.matMul on the cpu backend (relative error ≤ 1e-4)', () => {
    const [rows, features, units] = [300, 211, 16];
    const xs = randomArray(rows * features, 1, 0.05);
    const ws = randomArray(features * units, 2);
    const dys = randomArray(rows * units, 3);
    const run = (fast: boolean) => {
      const x = tf.tensor2d(xs, [rows, features]);
      const w = tf.variable(tf.tensor2d(ws, [features, units]));
      const dy = tf.tensor2d(dys, [rows, units]);
      const cache = new TransposedInputCache();
      let value: Float32Array | null = null;
      const { grads } = tf.variableGrads(() => {
        const out = fast ? inputTimesKernel(x, w, cache) : tf.matMul(x, w);
        value = out.dataSync() as Float32Array;
        return tf.sum(tf.mul(out, dy));
      });
      const gradient = grads[w.name]!.dataSync() as Float32Array;
      tf.dispose([x, w, dy, ...Object.values(grads)]);
      cache.dispose();
      return { value: value!, gradient };
    };
    tf.setBackend('cpu');
    const reference = run(false);
    tf.setBackend('wasm');
    const fast = run(true);
    expect(relativeError(fast.value, reference.value)).toBeLessThanOrEqual(1e-4);
    expect(relativeError(fast.gradient, reference.gradient)).toBeLessThanOrEqual(1e-4);
  });

});

/** Â's weights as GCNConv computes them: 1/√(d_s d_t) per edge, 1/d_i per self-loop, d = in-degree + 1. */
function normalisation(sources: Int32Array, targets: Int32Array, nodes: number) {
  const degree = new Float32Array(nodes).fill(1);
  for (const t of targets) degree[t]! += 1;
  const edgeWeights = Float32Array.from(sources, (s, e) => 1 / Math.sqrt(degree[s]! * degree[targets[e]!]!));
  const selfWeights = degree.map((d) => 1 / d);
  return { edgeWeights, selfWeights };
}

/** Â · h in stock tfjs ops: gather along the edges, weigh, segment-sum into the targets, add the self-loops. */
function stockPropagate(h: tf.Tensor2D, sources: Int32Array, targets: Int32Array, edgeWeights: Float32Array, selfWeights: Float32Array): tf.Tensor2D {
  const messages = tf.mul(tf.gather(h, tf.tensor1d(sources, 'int32')), tf.tensor2d(edgeWeights, [edgeWeights.length, 1]));
  const summed = tf.unsortedSegmentSum(messages, tf.tensor1d(targets, 'int32'), h.shape[0]);
  return tf.add(summed, tf.mul(h, tf.tensor2d(selfWeights, [selfWeights.length, 1])));
}

describe('gcnPropagate', () => {
  it('gives the values and gradient of gather + unsortedSegmentSum on the cpu backend (relative error ≤ 1e-4)', () => {
    const [nodes, units] = [60, 16];
    const random = createRandom(11);
    // Duplicate edges, self edges and nodes without incoming edges included.
    const sources = Int32Array.from({ length: 400 }, () => Math.floor(random() * nodes));
    const targets = Int32Array.from({ length: 400 }, () => Math.floor(random() * (nodes - 5)));
    const { edgeWeights, selfWeights } = normalisation(sources, targets, nodes);
    const hs = randomArray(nodes * units, 12);
    const dys = randomArray(nodes * units, 13);
    const run = (fast: boolean) =>
      tf.tidy(() => {
        const h = tf.tensor2d(hs, [nodes, units]);
        const dy = tf.tensor2d(dys, [nodes, units]);
        const f = (x: tf.Tensor2D) => (fast ? gcnPropagate(x, sources, targets, edgeWeights, selfWeights) : stockPropagate(x, sources, targets, edgeWeights, selfWeights));
        const value = f(h).dataSync() as Float32Array;
        const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor2D), dy)))(h).dataSync() as Float32Array;
        return { value, gradient };
      });
    tf.setBackend('cpu');
    const reference = run(false);
    tf.setBackend('wasm');
    const fast = run(true);
    expect(relativeError(fast.value, reference.value)).toBeLessThanOrEqual(1e-4);
    expect(relativeError(fast.gradient, reference.gradient)).toBeLessThanOrEqual(1e-4);
  });
});

describe('a GCNConv network', () => {
  it('trains on wasm to the loss of the same GCN in stock ops on cpu (within 1 %), and frees its cache when disposed', () => {
    const [nodes, features, hidden, classes, steps] = [80, 60, 16, 4, 20];
    const random = createRandom(5);
    const edgeList = Int32Array.from({ length: 400 }, () => Math.floor(random() * nodes));
    const sources = edgeList.filter((_, i) => i % 2 === 0);
    const targets = edgeList.filter((_, i) => i % 2 === 1);
    const labels = Int32Array.from({ length: nodes }, () => Math.floor(random() * classes));
    const xs = randomArray(nodes * features, 6, 0.1);

    // Ours: the layers as the app builds them, on wasm.
    tf.setBackend('wasm');
    const nodesIn = tf.input({ shape: [features] });
    const edgesIn = tf.input({ shape: [2], dtype: 'int32' });
    const [first, second] = withSeededRandom(3, () => [new GCNConv({ units: hidden, activation: 'relu' }), new GCNConv({ units: classes, activation: 'softmax' })]);
    const model = tf.model({ inputs: [nodesIn, edgesIn], outputs: second!.apply([first!.apply([nodesIn, edgesIn]) as tf.SymbolicTensor, edgesIn]) as tf.SymbolicTensor });
    const initial = model.getWeights().map((w) => ({ values: w.dataSync().slice(), shape: w.shape }));
    const x = tf.tensor2d(xs, [nodes, features]);
    const e = tf.tensor2d(edgeList, [sources.length, 2], 'int32');
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
    const optimizer = tf.train.adam(0.01);
    let ours = 0;
    for (let step = 0; step < steps; step++)
      ours = tf.tidy(() => optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply([x, e], { training: true }) as tf.Tensor) as tf.Scalar, true)!.dataSync()[0]!);
    const before = tf.memory().numTensors;
    const weightCount = model.getWeights().length;
    model.dispose();
    // The weights and the first layer's cached xᵀ (the second layer's input is computed, so it has none).
    expect(before - tf.memory().numTensors).toBe(weightCount + 1);
    tf.dispose([x, e, y]);
    optimizer.dispose();

    // Stock: the same GCN and starting weights in plain tfjs ops on cpu.
    tf.setBackend('cpu');
    const [w1, b1, w2, b2] = initial.map((w) => tf.variable(tf.tensor(w.values, w.shape)));
    const { edgeWeights, selfWeights } = normalisation(sources, targets, nodes);
    const cx = tf.tensor2d(xs, [nodes, features]);
    const cy = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
    const stockOptimizer = tf.train.adam(0.01);
    let stock = 0;
    for (let step = 0; step < steps; step++)
      stock = tf.tidy(() =>
        stockOptimizer
          .minimize(() => {
            const h = tf.relu(tf.add(stockPropagate(tf.matMul(cx, w1!), sources, targets, edgeWeights, selfWeights), b1!)) as tf.Tensor2D;
            const out = tf.softmax(tf.add(stockPropagate(tf.matMul(h, w2!), sources, targets, edgeWeights, selfWeights), b2!));
            return tf.losses.softmaxCrossEntropy(cy, out) as tf.Scalar;
          }, true)!
          .dataSync()[0]!,
      );
    tf.dispose([w1!, b1!, w2!, b2!, cx, cy]);
    stockOptimizer.dispose();
    tf.setBackend('wasm');

    expect(Math.abs(ours - stock) / stock).toBeLessThanOrEqual(0.01);
    expect(ours).toBeLessThan(Math.log(classes) - 0.05);
  });
});
