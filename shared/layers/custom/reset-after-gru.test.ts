import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ResetAfterGRU } from '.';
import { registerLayerClasses } from './register';

beforeAll(() => registerLayerClasses());

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * Keras's GRU with reset_after=True, step by step on plain numbers (keras/layers/rnn/gru.py):
 * z = σ(x·Wz + bz + h·Uz + b'z), r = σ(x·Wr + br + h·Ur + b'r),
 * ĥ = tanh(x·Wh + bh + r ⊙ (h·Uh + b'h)), h' = z ⊙ h + (1 − z) ⊙ ĥ.
 */
function kerasResetAfterGru(
  sequence: number[][],
  kernel: number[][],
  recurrentKernel: number[][],
  bias: number[][],
  units: number,
  goBackwards: boolean,
): number[][] {
  const steps = goBackwards ? [...sequence].reverse() : sequence;
  let h = new Array<number>(units).fill(0);
  const outputs: number[][] = [];
  const dot = (v: number[], m: number[][], column: number) => v.reduce((sum, vi, i) => sum + vi * m[i]![column]!, 0);
  for (const x of steps) {
    const next: number[] = [];
    for (let j = 0; j < units; j++) {
      const [z, r, c] = [j, units + j, 2 * units + j];
      const update = sigmoid(dot(x, kernel, z) + bias[0]![z]! + dot(h, recurrentKernel, z) + bias[1]![z]!);
      const reset = sigmoid(dot(x, kernel, r) + bias[0]![r]! + dot(h, recurrentKernel, r) + bias[1]![r]!);
      const candidate = Math.tanh(dot(x, kernel, c) + bias[0]![c]! + reset * (dot(h, recurrentKernel, c) + bias[1]![c]!));
      next.push(update * h[j]! + (1 - update) * candidate);
    }
    h = next;
    outputs.push(h);
  }
  return outputs;
}

function randomMatrix(rows: number, columns: number, seed: number): number[][] {
  return tf.randomNormal([rows, columns], 0, 0.6, 'float32', seed).arraySync() as number[][];
}

describe('ResetAfterGRU computes Keras GRU(reset_after=True)', () => {
  for (const goBackwards of [false, true]) {
    it(`step by step${goBackwards ? ', reading backwards' : ''}`, () => {
      const [batch, steps, features, units] = [3, 5, 4, 6];
      const layer = new ResetAfterGRU({ units, returnSequences: true, goBackwards });
      const input = tf.randomNormal([batch, steps, features], 0, 1, 'float32', 21);
      layer.apply(tf.input({ shape: [steps, features] }));
      const kernel = randomMatrix(features, 3 * units, 1);
      const recurrentKernel = randomMatrix(units, 3 * units, 2);
      const bias = randomMatrix(2, 3 * units, 3);
      layer.setWeights([tf.tensor2d(kernel), tf.tensor2d(recurrentKernel), tf.tensor2d(bias)]);

      const ours = (layer.apply(input) as tf.Tensor).arraySync() as number[][][];
      const sequences = input.arraySync() as number[][][];
      let maxDiff = 0;
      sequences.forEach((sequence, b) => {
        const expected = kerasResetAfterGru(sequence, kernel, recurrentKernel, bias, units, goBackwards);
        expected.forEach((h, t) => h.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - ours[b]![t]![j]!)))));
      });
      expect(maxDiff).toBeLessThanOrEqual(1e-5);
    });
  }

  it('stores its weights as Keras does', () => {
    const layer = new ResetAfterGRU({ units: 3, name: 'keras_like_gru' });
    layer.apply(tf.input({ shape: [4, 2] }));
    expect(layer.weights.map((w) => [w.name, w.shape])).toEqual([
      ['keras_like_gru/kernel', [2, 9]],
      ['keras_like_gru/recurrent_kernel', [3, 9]],
      ['keras_like_gru/bias', [2, 9]],
    ]);
  });

  it('differs from tfjs’s reset-before GRU with the same weights (the variants are not interchangeable)', () => {
    const ours = new ResetAfterGRU({ units: 2, useBias: false, recurrentActivation: 'sigmoid' });
    const before = tf.layers.gru({ units: 2, useBias: false, recurrentActivation: 'sigmoid' });
    const input = tf.input({ shape: [6, 3] });
    ours.apply(input);
    before.apply(input);
    const weights = [tf.tensor2d(randomMatrix(3, 6, 4)), tf.tensor2d(randomMatrix(2, 6, 5))];
    ours.setWeights(weights);
    before.setWeights(weights);
    const x = tf.randomNormal([2, 6, 3], 0, 1, 'float32', 6);
    const diff = tf.max(tf.abs(tf.sub(ours.apply(x) as tf.Tensor, before.apply(x) as tf.Tensor))).dataSync()[0]!;
    expect(diff).toBeGreaterThan(1e-3);
  });
});

describe('a model with ResetAfterGRU', () => {
  it('saves and loads back with equal predictions, inside a Bidirectional too', async () => {
    const input = tf.input({ shape: [5, 3] });
    const sequence = new ResetAfterGRU({ units: 4, returnSequences: true, name: 'gru_after' }).apply(input) as tf.SymbolicTensor;
    const wrapped = tf.layers
      .bidirectional({ layer: new ResetAfterGRU({ units: 2, name: 'inner_gru_after' }) as unknown as tf.RNN, name: 'bi_gru_after' })
      .apply(sequence) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: wrapped });

    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const topology = JSON.stringify(saved!.modelTopology);
    expect(topology).toContain('"class_name":"NndResetAfterGRU"');
    expect(topology).toContain('"reset_after":true');

    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.randomNormal([3, 5, 3], 0, 1, 'float32', 8);
    const diff = tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor))).dataSync()[0]!;
    expect(diff).toBeLessThanOrEqual(1e-6);
  });

  it('trains with dropout and a padding mask', async () => {
    const ids = tf.input({ shape: [6], dtype: 'int32' });
    const embedded = tf.layers.embedding({ inputDim: 10, outputDim: 4, maskZero: true }).apply(ids) as tf.SymbolicTensor;
    const state = new ResetAfterGRU({ units: 5, dropout: 0.2, recurrentDropout: 0.2 }).apply(embedded) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(state) as tf.SymbolicTensor;
    const model = tf.model({ inputs: ids, outputs: output });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy' });
    // Label: does the (zero-padded) sequence contain a 9?
    const rows = [
      [1, 9, 3, 0, 0, 0],
      [2, 4, 0, 0, 0, 0],
      [9, 1, 1, 1, 0, 0],
      [5, 6, 7, 8, 1, 2],
      [3, 3, 9, 0, 0, 0],
      [4, 4, 4, 4, 0, 0],
      [7, 9, 0, 0, 0, 0],
      [1, 2, 3, 0, 0, 0],
    ];
    const labels = rows.map((r) => (r.includes(9) ? 1 : 0));
    const history = await model.fit(tf.tensor2d(rows, undefined, 'int32'), tf.tensor2d(labels, [8, 1]), { epochs: 30, batchSize: 8, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.5);
  });
});
