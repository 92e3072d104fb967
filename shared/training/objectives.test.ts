import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../data/dataset';
import { TrainingConfigSchema } from '../graph/training-config';
import { withSeededRandom } from '../layers/seed';
import { lossFunction, metricDefinition } from './objectives';
import { corrupt, trainModel } from './train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const value = (t: tf.Tensor) => t.dataSync()[0]!;

describe('losses and metrics on any output shape', () => {
  it('leaves padded positions out of a per-position crossentropy and its accuracy', () => {
    // Two sequences of three positions over three tokens; the second sequence's last target is padding (0).
    const p = tf.tensor3d([
      [[0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.5, 0.25, 0.25]],
      [[0.3, 0.3, 0.4], [0.1, 0.7, 0.2], [0.9, 0.05, 0.05]],
    ]);
    const t = tf.tensor2d([[1, 2, 1], [2, 1, 0]]);
    const loss = value(lossFunction('sparseCategoricalCrossentropy', { ignoreValue: 0 })(t, p));
    const counted = [0.8, 0.6, 0.25, 0.4, 0.7];
    expect(loss).toBeCloseTo(-counted.reduce((s, q) => s + Math.log(q), 0) / counted.length, 5);
    // Without the mask the padding's position (probability 0.9 of "class 0") would count as well.
    expect(value(lossFunction('sparseCategoricalCrossentropy')(t, p))).not.toBeCloseTo(loss, 3);
    // Wrong only at the first sequence's last position; the padding, "right" as class 0, is not counted.
    expect(value(metricDefinition('accuracy', 'sparseCategoricalCrossentropy', { ignoreValue: 0 }).fn(t, p))).toBeCloseTo(4 / 5, 6);
    expect(value(metricDefinition('accuracy', 'sparseCategoricalCrossentropy').fn(t, p))).toBeCloseTo(5 / 6, 6);
    const perplexity = metricDefinition('perplexity', 'sparseCategoricalCrossentropy', { ignoreValue: 0 });
    expect(perplexity.finalize!(value(perplexity.fn(t, p)))).toBeCloseTo(Math.exp(loss), 4);
  });

  it('scores a mask of class indices [h, w, 1] against a per-pixel softmax', () => {
    // One 2×2 image, two classes; the target mask has a trailing axis of 1.
    const p = tf.tensor4d([[[[0.9, 0.1], [0.2, 0.8]], [[0.6, 0.4], [0.3, 0.7]]]]);
    const t = tf.tensor4d([[[[0], [1]], [[1], [1]]]]);
    const loss = value(lossFunction('sparseCategoricalCrossentropy')(t, p));
    expect(loss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.7)) / 4, 5);
    // Predicted [0, 1, 0, 1] against [0, 1, 1, 1]: class 0 IoU 1/2, class 1 IoU 2/3; Dice 2/3 and 4/5.
    expect(value(metricDefinition('iou', 'sparseCategoricalCrossentropy').fn(t, p))).toBeCloseTo((1 / 2 + 2 / 3) / 2, 5);
    expect(value(metricDefinition('dice', 'sparseCategoricalCrossentropy').fn(t, p))).toBeCloseTo((2 / 3 + 4 / 5) / 2, 5);
    expect(value(metricDefinition('accuracy', 'sparseCategoricalCrossentropy').fn(t, p))).toBeCloseTo(3 / 4, 6);
  });

  it('scores a one-unit sigmoid mask by its foreground only', () => {
    const p = tf.tensor4d([[[[0.9], [0.2]], [[0.7], [0.1]]]]);
    const t = tf.tensor4d([[[[1], [1]], [[0], [0]]]]);
    // Foreground predicted at pixels 1 and 3, true at 1 and 2: intersection 1, union 3.
    expect(value(metricDefinition('iou', 'binaryCrossentropy').fn(t, p))).toBeCloseTo(1 / 3, 5);
    expect(value(metricDefinition('dice', 'binaryCrossentropy').fn(t, p))).toBeCloseTo(2 / 4, 5);
  });

  it('measures a reconstruction in decibels, pixel losses over every value', () => {
    const t = tf.zeros([2, 4, 4, 1]);
    const p = tf.fill([2, 4, 4, 1], 0.1);
    // mse 0.01 → 10·log10(1 / 0.01) = 20 dB
    expect(value(metricDefinition('psnr', 'mse').fn(t, p))).toBeCloseTo(20, 4);
    expect(value(lossFunction('mse')(t, p))).toBeCloseTo(0.01, 6);
    expect(value(lossFunction('mae')(t, p))).toBeCloseTo(0.1, 6);
  });

  it('corrupts inputs the same way for the same seed, and differently for another', () => {
    const x = tf.ones([4, 8]);
    const a = corrupt(x, { kind: 'mask', rate: 0.5 }, 7).dataSync();
    expect([...corrupt(x, { kind: 'mask', rate: 0.5 }, 7).dataSync()]).toEqual([...a]);
    expect([...corrupt(x, { kind: 'mask', rate: 0.5 }, 8).dataSync()]).not.toEqual([...a]);
    const zeros = [...a].filter((v) => v === 0).length;
    expect(zeros).toBeGreaterThan(4);
    expect(zeros).toBeLessThan(28);
    const noisy = corrupt(x, { kind: 'gaussian', std: 0.5 }, 3).dataSync();
    expect([...noisy].some((v) => Math.abs(v - 1) > 0.05)).toBe(true);
  });
});

/** 200 samples of 6 numbers: a class (the sign of the sum of the first three) and a number (their mean). */
function twoTargets(): Dataset {
  const n = 200;
  const x = new Float32Array(n * 6);
  const kind = new Float32Array(n * 2);
  const amount = new Float32Array(n);
  let s = 1;
  const random = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 6; j++) x[i * 6 + j] = random();
    const sum = x[i * 6]! + x[i * 6 + 1]! + x[i * 6 + 2]!;
    kind[i * 2 + (sum > 0 ? 1 : 0)] = 1;
    amount[i] = sum / 3;
  }
  return {
    x,
    xShape: [n, 6],
    y: kind,
    yShape: [n, 2],
    featureNames: ['a', 'b', 'c', 'd', 'e', 'f'],
    classNames: ['negative', 'positive'],
    fields: { amount: { values: amount, shape: [n, 1], kind: 'numbers' } },
  };
}

function twoHeads(): tf.LayersModel {
  return withSeededRandom(3, () => {
    const input = tf.input({ shape: [6] });
    const hidden = tf.layers.dense({ units: 12, activation: 'tanh' }).apply(input) as tf.SymbolicTensor;
    const kind = tf.layers.dense({ units: 2, activation: 'softmax', name: 'kind' }).apply(hidden) as tf.SymbolicTensor;
    const amount = tf.layers.dense({ units: 1, name: 'amount' }).apply(hidden) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: [kind, amount] });
  });
}

describe('one loop, any objective', () => {
  it('trains two outputs on two targets with their own losses and weights, reporting each as Keras does', async () => {
    const config = TrainingConfigSchema.parse({ epochs: 8, batchSize: 20, learningRate: 0.02, validationSplit: 0.2 });
    const model = twoHeads();
    const outcome = await trainModel(model, twoTargets(), config, { backend: 'cpu' }, {
      inputs: [{ index: 0, field: 'x' }],
      outputs: [
        { output: 0, name: 'kind', field: 'y', loss: 'categoricalCrossentropy', weight: 1, metrics: ['accuracy'], target: {} },
        { output: 1, name: 'amount', field: 'amount', loss: 'mse', weight: 0.5, metrics: ['mae'], target: {} },
      ],
    });
    const logs = outcome.metrics;
    expect(Object.keys(logs).sort()).toEqual(['amount_loss', 'amount_mae', 'kind_acc', 'kind_loss', 'loss', 'val_amount_loss', 'val_amount_mae', 'val_kind_acc', 'val_kind_loss', 'val_loss'].sort());
    // The total is the weighted sum of the outputs' losses (no regularizers here).
    expect(logs.val_loss).toBeCloseTo(logs.val_kind_loss! + 0.5 * logs.val_amount_loss!, 5);
    expect(logs.loss).toBeCloseTo(logs.kind_loss! + 0.5 * logs.amount_loss!, 4);
    expect(logs.val_kind_acc).toBeGreaterThan(0.8);
    expect(logs.val_amount_mae).toBeLessThan(0.2);
  });

  it('trains a denoising autoencoder: corrupted x in, the clean x as the target', async () => {
    const n = 160;
    const x = new Float32Array(n * 8);
    for (let i = 0; i < n; i++) for (let j = 0; j < 8; j++) x[i * 8 + j] = (i % 4 === j % 4 ? 1 : 0) * 0.8 + 0.1;
    const data: Dataset = { x, xShape: [n, 8], y: new Float32Array(n), yShape: [n, 1], featureNames: [], classNames: [] };
    const model = withSeededRandom(5, () =>
      tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 4, activation: 'relu' }), tf.layers.dense({ units: 8, activation: 'sigmoid' })] }),
    );
    const config = TrainingConfigSchema.parse({ epochs: 30, batchSize: 16, learningRate: 0.05, validationSplit: 0.25 });
    const epochs: number[] = [];
    const outcome = await trainModel(model, data, config, { backend: 'cpu', onEvent: (e) => e.type === 'epoch' && epochs.push(e.logs.val_loss!) }, {
      inputs: [{ index: 0, field: 'x', noise: { kind: 'gaussian', std: 0.2 } }],
      outputs: [{ output: 0, name: 'reconstruction', field: 'x', loss: 'mse', weight: 1, metrics: ['psnr'], target: {} }],
    });
    expect(epochs[epochs.length - 1]!).toBeLessThan(epochs[0]! / 3);
    expect(outcome.metrics.val_psnr).toBeGreaterThan(15);
  });
});
