import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitIndices, type Dataset } from '../data/dataset';
import { evaluateModel, imageInput, MAX_REGRESSION_POINTS, modelInputInfo } from './evaluate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const models: tf.LayersModel[] = [];
afterAll(() => models.forEach((m) => m.dispose()));

/** A one-layer model whose weights are set by hand, so every prediction is known. */
function linearModel(inputs: number, units: number, activation: 'linear' | 'softmax' | 'sigmoid', kernel: number[][], bias: number[]): tf.LayersModel {
  const input = tf.input({ shape: [inputs] });
  const dense = tf.layers.dense({ units, activation });
  const model = tf.model({ inputs: input, outputs: dense.apply(input) as tf.SymbolicTensor });
  dense.setWeights([tf.tensor2d(kernel), tf.tensor1d(bias)]);
  models.push(model);
  return model;
}

function dataset(x: number[][], y: number[][], classNames: string[] = []): Dataset {
  return {
    x: Float32Array.from(x.flat()),
    xShape: [x.length, x[0]!.length],
    y: Float32Array.from(y.flat()),
    yShape: [y.length, y[0]!.length],
    featureNames: x[0]!.map((_, i) => `f${i}`),
    classNames,
  };
}

describe('evaluateModel', () => {
  it('counts a confusion matrix over the validation rows only, with per-class precision and recall', () => {
    // Predicts class 1 when x > 0: right for every sample except those labelled against their sign.
    const model = linearModel(1, 2, 'softmax', [[-10, 10]], [0, 0]);
    const xs = [-3, -2, -1, 1, 2, 3, -0.5, 0.5, -4, 4];
    const labels = [0, 0, 1, 1, 1, 1, 0, 0, 0, 1];
    const data = dataset(
      xs.map((x) => [x]),
      labels.map((l) => (l ? [0, 1] : [1, 0])),
      ['negative', 'positive'],
    );
    const config = { loss: 'categoricalCrossentropy' as const, validationSplit: 0.5, seed: 7 };
    const evaluation = evaluateModel(model, data, config);
    const validation = [...splitIndices(xs.length, 0.5, 7).validation];
    const expected = [
      [0, 0],
      [0, 0],
    ];
    for (const i of validation) expected[labels[i]!]![xs[i]! > 0 ? 1 : 0]! += 1;
    expect(evaluation).toMatchObject({ kind: 'classification', split: 'validation', samples: 5, classNames: ['negative', 'positive'] });
    if (evaluation.kind !== 'classification') return;
    expect(evaluation.confusionMatrix).toEqual(expected);
    const [negative, positive] = evaluation.perClass;
    const column = (k: number) => expected[0]![k]! + expected[1]![k]!;
    expect(negative!.support).toBe(expected[0]![0]! + expected[0]![1]!);
    expect(negative!.recall).toBe(negative!.support ? expected[0]![0]! / negative!.support : null);
    expect(positive!.precision).toBe(column(1) ? expected[1]![1]! / column(1) : null);
    expect(evaluation.accuracy).toBe((expected[0]![0]! + expected[1]![1]!) / 5);
  });

  it('splits one sigmoid output at 0.5 and evaluates on the training data when there is no validation split', () => {
    const model = linearModel(1, 1, 'sigmoid', [[10]], [0]);
    const data = dataset([[-1], [1], [2], [-2]], [[0], [1], [0], [0]]);
    const evaluation = evaluateModel(model, data, { loss: 'binaryCrossentropy', validationSplit: 0, seed: 1 });
    expect(evaluation).toMatchObject({
      kind: 'classification',
      split: 'training',
      samples: 4,
      classNames: ['class 0', 'class 1'],
      // actual 0: predicted 0 twice, 1 once (x = 2); actual 1: predicted 1.
      confusionMatrix: [
        [2, 1],
        [0, 1],
      ],
      accuracy: 0.75,
    });
    if (evaluation.kind === 'classification') expect(evaluation.perClass[1]).toEqual({ className: 'class 1', precision: 0.5, recall: 1, support: 1 });
  });

  it('gives predicted against actual values for regression, capped and spread over the split, with mae, rmse and r²', () => {
    const model = linearModel(1, 1, 'linear', [[2]], [1]);
    const count = 3000;
    const xs = Array.from({ length: count }, (_, i) => [i / count]);
    // Targets off by +0.5 for every sample: mae 0.5, rmse 0.5.
    const data = dataset(xs, xs.map(([x]) => [2 * x! + 1.5]));
    const evaluation = evaluateModel(model, data, { loss: 'mse', validationSplit: 0.5, seed: 3 });
    expect(evaluation.kind).toBe('regression');
    if (evaluation.kind !== 'regression') return;
    expect(evaluation.samples).toBe(1500);
    expect(evaluation.points).toHaveLength(MAX_REGRESSION_POINTS);
    expect(evaluation.mae).toBeCloseTo(0.5, 4);
    expect(evaluation.rmse).toBeCloseTo(0.5, 4);
    // Variance of 2x + 1.5 for x uniform on [0, 1) is 4/12; a constant error of 0.5 leaves r² = 1 - 0.25 / (1/3).
    expect(evaluation.r2!).toBeCloseTo(0.25, 1);
    for (const p of evaluation.points) expect(p.actual - p.predicted).toBeCloseTo(0.5, 4);
    const actuals = evaluation.points.map((p) => p.actual);
    expect(Math.max(...actuals) - Math.min(...actuals)).toBeGreaterThan(1.8);
  });

  it('recognises a picture input, direct or reshaped from a flat row of pixels, and nothing else', () => {
    const built: tf.LayersModel[] = [];
    const make = (inputShape: number[], first?: tf.layers.Layer) => {
      const input = tf.input({ shape: inputShape });
      const hidden = first ? (first.apply(input) as tf.SymbolicTensor) : input;
      const flat = hidden.shape.length > 2 ? (tf.layers.flatten().apply(hidden) as tf.SymbolicTensor) : hidden;
      const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 2 }).apply(flat) as tf.SymbolicTensor });
      built.push(model);
      return model;
    };
    expect(imageInput(make([28, 28, 1]))).toEqual({ height: 28, width: 28, channels: 1 });
    expect(imageInput(make([64], tf.layers.reshape({ targetShape: [8, 8, 1] })))).toEqual({ height: 8, width: 8, channels: 1 });
    expect(imageInput(make([32, 32, 3]))).toEqual({ height: 32, width: 32, channels: 3 });
    // A sequence of 32 steps × 16 features, a plain row, a row reshaped into a sequence: no pad.
    expect(imageInput(make([32, 16]))).toBeNull();
    expect(imageInput(make([2]))).toBeNull();
    expect(imageInput(make([64], tf.layers.reshape({ targetShape: [16, 4] })))).toBeNull();
    expect(imageInput(make([10, 10, 7]))).toBeNull();
    built.forEach((m) => m.dispose());
  });

  it('describes the input a prediction needs', () => {
    const model = linearModel(2, 1, 'linear', [[1], [1]], [0]);
    const data = { ...dataset([[1, 2]], [[3]]), normalization: { mode: 'standardize' as const, offset: [1, 2], scale: [1, 1] } };
    expect(modelInputInfo(model, data)).toEqual({
      featureNames: ['f0', 'f1'],
      sampleShape: [2],
      normalization: { mode: 'standardize', offset: [1, 2], scale: [1, 1] },
      classNames: [],
    });
  });
});
