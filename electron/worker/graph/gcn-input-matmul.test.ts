import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../shared/data/dataset';
import { GCNConv } from '../../../shared/layers/graph';
import { inputTimesKernel, isConstantUnderTape, TransposedInputCache } from '../../../shared/layers/graph/input-matmul';
import { withSeededRandom } from '../../../shared/training/seed';
import { selectBackend } from '../backend';

/**
 * The GCN's x · W with W's gradient from a cached xᵀ (shared/layers/graph/input-matmul.ts)
 * against plain tf.matMul on the cpu backend, and a GCN trained with it against the same GCN
 * trained on the plain path.
 */
beforeAll(async () => {
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

  it('trains a 2-layer GCN to the same loss as the plain path (within 1 %) and frees its cache', () => {
    const [nodes, features, classes] = [120, 90, 4];
    const random = createRandom(5);
    const edges = Int32Array.from({ length: 600 }, () => Math.floor(random() * nodes));
    const labels = Int32Array.from({ length: nodes }, () => Math.floor(random() * classes));
    const train = (fast: boolean) =>
      tf.tidy(() => {
        const nodesIn = tf.input({ shape: [features] });
        const edgesIn = tf.input({ shape: [2], dtype: 'int32' });
        const [first, second] = withSeededRandom(3, () => [new GCNConv({ units: 16, activation: 'relu' }), new GCNConv({ units: classes, activation: 'softmax' })]);
        const out = second!.apply([first!.apply([nodesIn, edgesIn]) as tf.SymbolicTensor, edgesIn]) as tf.SymbolicTensor;
        const model = tf.model({ inputs: [nodesIn, edgesIn], outputs: out });
        const x = tf.tensor2d(randomArray(nodes * features, 6, 0.1), [nodes, features]);
        const e = tf.tensor2d(edges, [edges.length / 2, 2], 'int32');
        const y = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
        const optimizer = tf.train.adam(0.01);
        let loss = 0;
        for (let step = 0; step < 25; step++)
          loss = optimizer
            .minimize(() => {
              // The plain path: the same features, but computed on the tape, so not a constant leaf.
              const features = fast ? x : tf.add(x, 0);
              return tf.losses.softmaxCrossEntropy(y, model.apply([features, e], { training: true }) as tf.Tensor) as tf.Scalar;
            }, true)!
            .dataSync()[0]!;
        const before = tf.memory().numTensors;
        model.dispose();
        optimizer.dispose();
        return { loss, freed: before - tf.memory().numTensors };
      });
    const plain = train(false);
    const fast = train(true);
    expect(Math.abs(fast.loss - plain.loss) / plain.loss).toBeLessThanOrEqual(0.01);
    expect(fast.loss).toBeLessThan(Math.log(classes));
    // Disposing the model releases the first layer's cached xᵀ besides the weights.
    expect(fast.freed).toBe(plain.freed + 1);
  });
});
