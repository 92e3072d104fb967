import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../data/generated';
import { GeneratedDatasetSchema } from '../data/reference';
import type { Dataset } from '../data/dataset';
import { TrainingConfigSchema, learningRateAt, type TrainingConfigInput } from '../graph/training-config';
import { TrainingControl } from './control';
import { OPTIMIZERS } from '../graph/training-config';
import { createOptimizer, setLearningRate } from './optimizers';
import { accuracyFunction, lossFunction } from './objectives';
import { trainModel, type ProgressEvent } from './train';
import { withSeededRandom } from '../layers/seed';
import type { BatchEvent, EpochEvent } from './protocol';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function mlp(inputs: number, hidden: number, outputs: number, outputActivation: 'softmax' | 'sigmoid' | 'linear') {
  return withSeededRandom(1, () =>
    tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [inputs], units: hidden, activation: 'tanh' }),
        tf.layers.dense({ units: outputs, activation: outputActivation }),
      ],
    }),
  );
}

const xor = (over: Record<string, unknown> = {}) =>
  generateDataset(GeneratedDatasetSchema.parse({ kind: 'generated', name: 'xor', samples: 200, ...over }));
const config = (over: TrainingConfigInput) => TrainingConfigSchema.parse(over);

async function run(model: tf.LayersModel, data: Dataset, over: TrainingConfigInput, extra: { control?: TrainingControl; batchEventIntervalMs?: number } = {}) {
  const events: ProgressEvent[] = [];
  const outcome = await trainModel(model, data, config(over), { backend: 'cpu', onEvent: (e) => events.push(e), ...extra });
  return { outcome, events };
}

describe('trainModel', () => {
  it('learns XOR with a small MLP and reports tfjs-style metric names', async () => {
    const model = mlp(2, 8, 2, 'softmax');
    const { outcome, events } = await run(model, xor(), { epochs: 40, learningRate: 0.05, batchSize: 16, validationSplit: 0.25 });
    expect(outcome.reason).toBe('completed');
    expect(outcome.epochs).toBe(40);
    expect(Object.keys(outcome.metrics).sort()).toEqual(['acc', 'loss', 'val_acc', 'val_loss']);
    expect(outcome.metrics.acc).toBe(1);
    expect(outcome.metrics.val_acc).toBe(1);
    const ready = events.find((e) => e.type === 'ready');
    expect(ready).toMatchObject({ trainSamples: 150, validationSamples: 50, batchesPerEpoch: 10 });
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(40);
    model.dispose();
  });

  it('sets the scheduled learning rate on every step', async () => {
    const schedules: TrainingConfigInput['schedule'][] = [
      { kind: 'step', factor: 0.5, everyEpochs: 1 },
      { kind: 'exponential', rate: 0.5, decaySteps: 3 },
      { kind: 'cosine', minFactor: 0.1 },
    ];
    for (const schedule of schedules) {
      const model = mlp(2, 4, 2, 'softmax');
      const over = { epochs: 3, batchSize: 50, validationSplit: 0, optimizer: 'sgd', learningRate: 0.2, schedule } as const;
      const { events } = await run(model, xor(), over, { batchEventIntervalMs: 0 });
      const batches = events.filter((e): e is BatchEvent => e.type === 'batch');
      expect(batches).toHaveLength(12);
      const resolved = config(over);
      batches.forEach((b, step) => expect(b.learningRate).toBeCloseTo(learningRateAt(resolved, step, 4), 12));
      expect(batches[4]!.learningRate).not.toBeCloseTo(batches[0]!.learningRate, 6);
      model.dispose();
    }
  });

  it('stops early after `patience` epochs without improvement and restores the best weights', async () => {
    const model = mlp(2, 4, 2, 'softmax');
    let weightsAfterFirstEpoch: Float32Array[] = [];
    const events: ProgressEvent[] = [];
    // A min delta no loss change can beat: only the first epoch counts as an improvement.
    const outcome = await trainModel(
      model,
      xor(),
      config({
        epochs: 20,
        learningRate: 0.05,
        validationSplit: 0.2,
        earlyStopping: { enabled: true, monitor: 'val_loss', patience: 2, minDelta: 100, restoreBest: true },
      }),
      {
        backend: 'cpu',
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'epoch' && e.epoch === 1) weightsAfterFirstEpoch = model.getWeights().map((w) => w.dataSync() as Float32Array);
        },
      },
    );
    expect(outcome.reason).toBe('early-stopped');
    expect(outcome.epochs).toBe(3);
    expect(outcome.bestEpoch).toBe(1);
    const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
    expect(outcome.metrics).toEqual(epochs[0]!.logs);
    expect(epochs[2]!.logs.loss).not.toBe(epochs[0]!.logs.loss);
    const restored = model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(restored).toEqual(weightsAfterFirstEpoch.map((w) => Array.from(w)));
    model.dispose();
  });

  it('watches accuracy upwards, under the name a person may write', async () => {
    const model = mlp(2, 8, 2, 'softmax');
    const { outcome } = await run(model, xor(), {
      epochs: 200,
      learningRate: 0.05,
      earlyStopping: { enabled: true, monitor: 'val_accuracy', patience: 3, minDelta: 0, restoreBest: true },
    });
    // Accuracy reaches 1 and cannot rise further, so the run ends long before 200 epochs.
    expect(outcome.reason).toBe('early-stopped');
    expect(outcome.metrics.val_acc).toBe(1);
    expect(outcome.epochs).toBeLessThan(100);
    model.dispose();
  });

  it('keeps the number of tensors constant from epoch to epoch and frees its own', async () => {
    const model = mlp(2, 8, 2, 'softmax');
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    await trainModel(model, xor(), config({ epochs: 6, validationSplit: 0.2, metrics: ['accuracy', 'mse', 'mae'] }), {
      backend: 'cpu',
      onEvent: (e) => e.type === 'epoch' && counts.push(tf.memory().numTensors),
    });
    expect(new Set(counts.slice(1)).size).toBe(1);
    // The optimizer's slot variables are disposed with it; only the model's weights remain.
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('coalesces hundreds of tiny batches into a bounded number of batch events', async () => {
    const model = mlp(2, 4, 2, 'softmax');
    const started = Date.now();
    const { events } = await run(model, xor({ samples: 300 }), { epochs: 2, batchSize: 1, validationSplit: 0 });
    const seconds = (Date.now() - started) / 1000;
    const batches = events.filter((e): e is BatchEvent => e.type === 'batch');
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(seconds * 20) + 2);
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(2);
    for (const epoch of [1, 2]) expect(batches.some((b) => b.epoch === epoch && b.batch === 300)).toBe(true);
    model.dispose();
  });

  it('reports only the last batch of each epoch when batch events may not come more often than the run lasts', async () => {
    const model = mlp(2, 4, 2, 'softmax');
    const { events } = await run(model, xor({ samples: 100 }), { epochs: 3, batchSize: 2, validationSplit: 0 }, { batchEventIntervalMs: Infinity });
    const batches = events.filter((e): e is BatchEvent => e.type === 'batch');
    expect(batches.map((b) => [b.epoch, b.batch])).toEqual([[1, 50], [2, 50], [3, 50]]);
    expect(batches[2]!.loss).toBeCloseTo((events.filter((e) => e.type === 'epoch')[2] as EpochEvent).logs.loss!, 6);
    model.dispose();
  });

  it('ends at the next batch when stopped, with the metrics of the last full epoch', async () => {
    const model = mlp(2, 4, 2, 'softmax');
    const control = new TrainingControl();
    const events: ProgressEvent[] = [];
    const outcome = await trainModel(model, xor({ samples: 400 }), config({ epochs: 1000, batchSize: 4 }), {
      backend: 'cpu',
      control,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'epoch' && e.epoch === 2) control.stop();
      },
    });
    expect(outcome.reason).toBe('stopped');
    expect(outcome.epochs).toBe(2);
    expect(outcome.metrics).toEqual((events.filter((e) => e.type === 'epoch')[1] as EpochEvent).logs);
    model.dispose();
  });

  it('stops in the middle of a long validation pass', async () => {
    const model = mlp(2, 4, 2, 'softmax');
    const control = new TrainingControl();
    const events: ProgressEvent[] = [];
    const outcome = await trainModel(model, xor({ samples: 3000 }), config({ epochs: 5, batchSize: 100, validationSplit: 0.9 }), {
      backend: 'cpu',
      control,
      yieldIntervalMs: 0,
      onEvent: (e) => {
        events.push(e);
        // The last batch of the epoch: what follows is validation, in chunks of 1024 samples.
        if (e.type === 'batch' && e.batch === e.batchesPerEpoch) control.stop();
      },
    });
    expect(outcome).toMatchObject({ reason: 'stopped', epochs: 0, metrics: {} });
    expect(events.some((e) => e.type === 'epoch')).toBe(false);
    model.dispose();
  });

  it('waits while paused and carries on after resume', async () => {
    const model = mlp(2, 4, 2, 'softmax');
    const control = new TrainingControl();
    control.pause();
    const epochs: number[] = [];
    const running = trainModel(model, xor(), config({ epochs: 2 }), {
      backend: 'cpu',
      control,
      onEvent: (e) => e.type === 'epoch' && epochs.push(e.epoch),
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(epochs).toEqual([]);
    control.resume();
    expect((await running).reason).toBe('completed');
    expect(epochs).toEqual([1, 2]);
    model.dispose();
  });

  it('says when it has halted mid-epoch, and sends nothing more until resumed', async () => {
    const model = mlp(2, 4, 2, 'softmax');
    const control = new TrainingControl();
    const seen: string[] = [];
    let pausedAt = -1;
    const running = trainModel(model, xor(), config({ epochs: 3, batchSize: 8, validationSplit: 0 }), {
      backend: 'cpu',
      control,
      batchEventIntervalMs: 0,
      yieldIntervalMs: 0,
      onEvent: (e) => {
        seen.push(e.type);
        if (e.type === 'batch' && e.epoch === 1 && e.batch === 5) control.pause();
        if (e.type === 'paused') pausedAt = seen.length;
      },
    });
    await expect.poll(() => pausedAt, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(seen.at(-1)).toBe('paused');
    const halted = seen.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.length).toBe(halted);
    control.resume();
    expect((await running).reason).toBe('completed');
    expect(seen.slice(halted)).toContain('batch');
    expect(seen.filter((t) => t === 'paused')).toHaveLength(1);
    model.dispose();
  });

  it('ends with a clear error when the loss becomes NaN', async () => {
    const model = mlp(2, 4, 1, 'linear');
    const data = xor({ labels: 'index' });
    data.x[3] = NaN;
    await expect(run(model, data, { loss: 'mse', metrics: [], validationSplit: 0, shuffle: false, batchSize: 400 })).rejects.toThrow(
      /the loss became NaN at epoch 1, batch 1 — training diverged; lower the learning rate/,
    );
    model.dispose();
  });

  it('ends a run whose loss is clipped but stuck far above its start (softmax + Adam at learning rate 100)', async () => {
    // No NaN ever appears here: crossentropy clips probabilities, so the blown-up network
    // just answers one class for everything. The run must still end with the advice.
    const model = withSeededRandom(2, () =>
      tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [2], units: 32, activation: 'relu' }),
          tf.layers.dense({ units: 32, activation: 'relu' }),
          tf.layers.dense({ units: 2, activation: 'softmax' }),
        ],
      }),
    );
    const spirals = generateDataset(GeneratedDatasetSchema.parse({ kind: 'generated', name: 'spirals', samples: 600, noise: 0.05, seed: 3 }));
    const started = Date.now();
    await expect(run(model, spirals, { optimizer: 'adam', learningRate: 100, epochs: 200, batchSize: 32, validationSplit: 0.2 })).rejects.toThrow(
      /the loss rose from 0\.\d+ to about \d+(\.\d+)? and stayed there for 30 batches .* training diverged; lower the learning rate \(now 100\)/,
    );
    // Within a few epochs, not after all 200.
    expect(Date.now() - started).toBeLessThan(20_000);
    model.dispose();
  });

  it('explains a mismatch between the labels and the output layer', async () => {
    const model = mlp(2, 4, 1, 'sigmoid');
    await expect(run(model, xor(), { loss: 'binaryCrossentropy' })).rejects.toThrow(
      /the model outputs 1 value per sample but the dataset's targets have 2 — the labels are one-hot over 2 classes/,
    );
    const wide = mlp(3, 4, 2, 'softmax');
    await expect(run(wide, xor(), {})).rejects.toThrow(/input expects \[batch, 3\] .* set the Input shape to \[2\]/);
    model.dispose();
    wide.dispose();
  });

  it('runs layers in training mode: batch normalization updates its moving statistics', async () => {
    const model = withSeededRandom(6, () =>
      tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [2], units: 3 }),
          tf.layers.batchNormalization({ momentum: 0.5 }),
          tf.layers.dropout({ rate: 0.3 }),
          tf.layers.dense({ units: 2, activation: 'softmax' }),
        ],
      }),
    );
    const movingMean = () => Array.from(model.layers[1]!.getWeights()[2]!.dataSync());
    expect(movingMean()).toEqual([0, 0, 0]);
    await run(model, xor(), { epochs: 2, validationSplit: 0.2 });
    expect(movingMean().some((v) => Math.abs(v) > 1e-3)).toBe(true);
    model.dispose();
  });

  it('shapes flat CSV rows to an image input of the same size', async () => {
    const model = withSeededRandom(3, () =>
      tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [2, 2, 1], filters: 2, kernelSize: 2 }), tf.layers.flatten(), tf.layers.dense({ units: 2, activation: 'softmax' })] }),
    );
    const flat: Dataset = { x: new Float32Array(8 * 4).map((_, i) => (i % 5) / 5), xShape: [8, 4], y: new Float32Array(16).map((_, i) => i % 2), yShape: [8, 2], featureNames: [], classNames: [] };
    const { outcome } = await run(model, flat, { epochs: 1, validationSplit: 0 });
    expect(outcome.epochs).toBe(1);
    model.dispose();
  });

  it('trains a single sigmoid unit with binary crossentropy on index labels', async () => {
    const model = withSeededRandom(2, () => tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1, activation: 'sigmoid' })] }));
    const { outcome } = await run(model, xor({ labels: 'index' }), { loss: 'binaryCrossentropy', epochs: 30, learningRate: 0.1 });
    // A line cannot separate XOR.
    expect(outcome.metrics.acc).toBeLessThanOrEqual(0.75);
    model.dispose();
  });
});

describe('setLearningRate', () => {
  it('is honoured by every optimizer', () => {
    for (const name of OPTIMIZERS) {
      const weight = tf.variable(tf.tensor1d([1, -2]));
      const optimizer = createOptimizer({ optimizer: name, learningRate: 0.1, momentum: 0.9 });
      const step = () => optimizer.minimize(() => tf.sum(tf.square(weight)) as tf.Scalar);
      setLearningRate(optimizer, 0);
      step();
      expect(Array.from(weight.dataSync()), name).toEqual([1, -2]);
      setLearningRate(optimizer, 0.1);
      step();
      step();
      expect(weight.dataSync()[0], name).toBeLessThan(1);
      optimizer.dispose();
      weight.dispose();
    }
  });
});

describe('objectives', () => {
  it('picks the accuracy that fits the loss', () => {
    const value = (t: tf.Scalar) => t.dataSync()[0];
    const probs = tf.tensor2d([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]);
    expect(value(accuracyFunction('categoricalCrossentropy')(tf.tensor2d([[1, 0], [0, 1], [0, 1]]), probs))).toBeCloseTo(2 / 3);
    expect(value(accuracyFunction('sparseCategoricalCrossentropy')(tf.tensor2d([[0], [1], [1]]), probs))).toBeCloseTo(2 / 3);
    expect(value(accuracyFunction('binaryCrossentropy')(tf.tensor2d([[1], [0], [0]]), tf.tensor2d([[0.7], [0.4], [0.6]])))).toBeCloseTo(2 / 3);
    const sparse = value(lossFunction('sparseCategoricalCrossentropy')(tf.tensor2d([[0], [1], [1]]), probs));
    const dense = value(lossFunction('categoricalCrossentropy')(tf.tensor2d([[1, 0], [0, 1], [0, 1]]), probs));
    expect(sparse).toBeCloseTo(dense!, 6);
    expect(dense).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4)) / 3, 5);
    expect(value(lossFunction('huber')(tf.tensor1d([0, 0]), tf.tensor1d([0.5, 3])))).toBeCloseTo((0.125 + 2.5) / 2, 6);
  });
});
