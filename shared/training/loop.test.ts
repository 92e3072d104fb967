import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cyclesAndTrees, stochasticBlockModel } from '../data/graph-generated';
import { GraphDatasetSchema } from '../data/graph-reference';
import { generateDataset } from '../data/generated';
import { GeneratedDatasetSchema } from '../data/reference';
import { GCNConv, GraphReadout, MessagePassing } from '../layers/kinds/graph/layer-classes';
import { learningRateAt, stepsTaken, TrainingConfigSchema, type TrainingConfigInput } from '../graph/training-config';
import { TrainingControl } from './control';
import type { ProgressEvent, TrainingOutcome, TrainOptions } from './loop';
import type { BatchEvent, EpochEvent } from './protocol';
import { withSeededRandom } from '../layers/seed';
import { trainModel } from './train';
import { trainGraphModel } from './train-graph';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const graphDefaults = GraphDatasetSchema.parse({ kind: 'graph', source: 'sbm' });

/**
 * One small run of each data source the loop trains on, each with a fresh model (same seed,
 * same weights every time): a table of samples, a graph with its nodes as samples, and a
 * set of small graphs.
 */
type Source = (
  config: TrainingConfigInput,
  options: Omit<TrainOptions, 'backend'>,
  features?: 'NaN',
) => { model: tf.LayersModel; train: () => Promise<TrainingOutcome> };

const sources: Record<string, Source> = {
  table(config, options, features) {
    const data = generateDataset(GeneratedDatasetSchema.parse({ kind: 'generated', name: 'xor', samples: 120 }));
    if (features) data.x.fill(NaN);
    const model = withSeededRandom(1, () =>
      tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 6, activation: 'tanh' }), tf.layers.dense({ units: 2, activation: 'softmax' })] }),
    );
    return { model, train: () => trainModel(model, data, TrainingConfigSchema.parse(config), { backend: 'cpu', ...options }) };
  },
  'graph nodes'(config, options, features) {
    const data = stochasticBlockModel({ ...graphDefaults, nodes: 90, seed: 4 });
    if (features) data.nodeFeatures.fill(NaN);
    const model = withSeededRandom(1, () => {
      const nodes = tf.input({ shape: [8] });
      const edges = tf.input({ shape: [2], dtype: 'int32' });
      const h = new GCNConv({ units: 8, activation: 'relu' }).apply([nodes, edges]) as tf.SymbolicTensor;
      const out = new GCNConv({ units: 3, activation: 'softmax' }).apply([h, edges]) as tf.SymbolicTensor;
      return tf.model({ inputs: [nodes, edges], outputs: out });
    });
    return { model, train: () => trainGraphModel(model, data, TrainingConfigSchema.parse(config), { backend: 'cpu', ...options }) };
  },
  'small graphs'(config, options, features) {
    const data = cyclesAndTrees({ ...graphDefaults, graphs: 60, seed: 2 });
    if (features) data.nodeFeatures.fill(NaN);
    const model = withSeededRandom(2, () => {
      const nodes = tf.input({ shape: [1] });
      const edges = tf.input({ shape: [2], dtype: 'int32' });
      const graph = tf.input({ shape: [1], dtype: 'int32' });
      const h = new MessagePassing({ units: 8, aggregate: 'sum', activation: 'relu' }).apply([nodes, edges]) as tf.SymbolicTensor;
      const pooled = new GraphReadout({ mode: 'sum' }).apply([h, graph]) as tf.SymbolicTensor;
      const out = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(pooled) as tf.SymbolicTensor;
      return tf.model({ inputs: [nodes, edges, graph], outputs: out });
    });
    return { model, train: () => trainGraphModel(model, data, TrainingConfigSchema.parse(config), { backend: 'cpu', ...options }) };
  },
};

/** The event types in order, each run of batch events counted as one. */
const story = (events: ProgressEvent[]) => events.map((e) => e.type).filter((type, i, all) => type !== 'batch' || all[i - 1] !== 'batch');

describe.each(Object.keys(sources))('the training loop on %s', (name) => {
  const source = sources[name]!;

  it('stops early after `patience` epochs without improvement and restores the best epoch, with the same events', async () => {
    const events: ProgressEvent[] = [];
    let weightsAfterFirstEpoch: number[][] = [];
    let lastEpochWeights: number[][] = [];
    const { model, train } = source(
      // A min delta no loss change can beat: only the first epoch counts as an improvement.
      { epochs: 20, learningRate: 0.05, batchSize: 16, earlyStopping: { enabled: true, monitor: 'val_loss', patience: 2, minDelta: 100, restoreBest: true } },
      {
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'epoch' && e.epoch === 1) weightsAfterFirstEpoch = model.getWeights().map((w) => Array.from(w.dataSync()));
        },
        beforeRestoringBest: async (last) => void (lastEpochWeights = last.getWeights().map((w) => Array.from(w.dataSync()))),
      },
    );
    const outcome = await train();
    expect(outcome).toMatchObject({ reason: 'early-stopped', epochs: 3, bestEpoch: 1 });
    const epochs = events.filter((e): e is EpochEvent => e.type === 'epoch');
    expect(outcome.metrics).toMatchObject(epochs[0]!.logs);
    expect(Object.keys(epochs[0]!.logs).sort()).toEqual(['acc', 'loss', 'val_acc', 'val_loss']);
    expect(story(events)).toEqual(['ready', 'batch', 'epoch', 'batch', 'epoch', 'batch', 'epoch', 'log']);
    expect(events.at(-1)).toMatchObject({ type: 'log', level: 'info', message: 'early stopping restored the weights of epoch 1' });
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(weightsAfterFirstEpoch);
    expect(lastEpochWeights).not.toEqual(weightsAfterFirstEpoch);
    model.dispose();
  });

  it('reports every step with its scheduled learning rate, the last batch of each epoch always, and frees what it made', async () => {
    const events: ProgressEvent[] = [];
    const before = tf.memory().numTensors;
    const tensorsAtEpochEnd: number[] = [];
    const config = { epochs: 3, batchSize: 16, optimizer: 'sgd', learningRate: 0.1, schedule: { kind: 'step', factor: 0.5, everyEpochs: 1 } } as const;
    const { model, train } = source(config, {
      batchEventIntervalMs: 0,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'epoch') tensorsAtEpochEnd.push(tf.memory().numTensors);
      },
    });
    await train();
    const ready = events[0]!;
    if (ready.type !== 'ready') throw new Error('the first event is ready');
    const steps = ready.batchesPerEpoch;
    const batches = events.filter((e): e is BatchEvent => e.type === 'batch');
    expect(batches.map((b) => stepsTaken(b.epoch, b.batch, b.batchesPerEpoch))).toEqual(Array.from({ length: 3 * steps }, (_, i) => i + 1));
    const resolved = TrainingConfigSchema.parse(config);
    batches.forEach((b) => expect(b.learningRate).toBeCloseTo(learningRateAt(resolved, stepsTaken(b.epoch, b.batch - 1, steps), steps), 12));
    expect(new Set(tensorsAtEpochEnd.slice(1)).size).toBe(1);
    // The optimizer's slots and the source's tensors are gone; what the model holds goes with it.
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('says when it has halted, waits while paused, and ends at the next step when stopped', async () => {
    const control = new TrainingControl();
    const seen: string[] = [];
    const { model, train } = source(
      { epochs: 500, batchSize: 16 },
      {
        control,
        yieldIntervalMs: 0,
        onEvent: (e) => {
          seen.push(e.type);
          if (e.type === 'epoch' && e.epoch === 2) control.pause();
        },
      },
    );
    const running = train();
    await expect.poll(() => seen.at(-1), { timeout: 10_000 }).toBe('paused');
    const halted = seen.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.length).toBe(halted);
    control.resume();
    await expect.poll(() => seen.filter((t) => t === 'epoch').length, { timeout: 10_000 }).toBeGreaterThan(3);
    control.stop();
    const outcome = await running;
    expect(outcome.reason).toBe('stopped');
    expect(outcome.epochs).toBeGreaterThan(3);
    expect(seen.filter((t) => t === 'paused')).toHaveLength(1);
    model.dispose();
  });

  it('runs exactly one batch per step while paused and halts again; a halted run has reported every batch it did', async () => {
    const control = new TrainingControl();
    const events: ProgressEvent[] = [];
    const { model, train } = source(
      { epochs: 500, batchSize: 16 },
      {
        control,
        yieldIntervalMs: 0,
        // Only the last batch of an epoch would be reported: the pause must say where it halted.
        batchEventIntervalMs: 1e9,
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'epoch' && e.epoch === 1) control.pause();
        },
      },
    );
    const weights = () => model.getWeights().map((w) => Array.from(w.dataSync()));
    const paused = () => events.filter((e) => e.type === 'paused');
    let perEpoch = 0;
    /** Steps done where the loop halted: a run halted before its next epoch's first batch is at the previous epoch's end. */
    const position = (e: ProgressEvent) => (e.type === 'paused' || e.type === 'batch' ? stepsTaken(e.epoch, e.batch, perEpoch) : NaN);
    /** One step: exactly one batch event (the step's), perhaps its epoch's end, then halted one step further. */
    const stepOnce = async (request?: Parameters<TrainingControl['step']>[0]) => {
      const from = events.length;
      const halted = paused().length;
      expect(control.step(request)).toBe(true);
      await expect.poll(() => paused().length, { timeout: 10_000 }).toBe(halted + 1);
      const since = events.slice(from);
      const batches = since.filter((e): e is BatchEvent => e.type === 'batch');
      expect(batches).toHaveLength(1);
      expect(batches[0]!.stepped).toBe('batch');
      expect(Number.isFinite(batches[0]!.loss)).toBe(true);
      expect(since.map((e) => e.type).filter((t) => t !== 'epoch')).toEqual(['batch', 'paused']);
      expect(position(since.at(-1)!)).toBe(position(events[from - 1]!) + 1);
      expect(position(batches[0]!)).toBe(position(since.at(-1)!));
    };
    const running = train();
    await expect.poll(() => paused().length, { timeout: 10_000 }).toBe(1);
    perEpoch = (events.find((e) => e.type === 'ready') as { batchesPerEpoch: number }).batchesPerEpoch;
    expect(events.at(-1)).toMatchObject({ type: 'paused', epoch: 2, batch: 0 });
    const before = weights();

    await stepOnce();
    const afterStep = weights();
    expect(afterStep).not.toEqual(before);

    // Halted again: nothing more arrives and nothing trains.
    const halted = events.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events.length).toBe(halted);
    expect(weights()).toEqual(afterStep);

    // A player's step in a run without players is the whole batch.
    await stepOnce({ player: 'generator' });
    expect(weights()).not.toEqual(afterStep);

    control.resume();
    await new Promise((resolve) => setTimeout(resolve, 0));
    control.pause();
    await expect.poll(() => paused().length, { timeout: 10_000 }).toBe(4);
    await stepOnce();
    control.stop();
    expect(control.step()).toBe(false);
    expect((await running).reason).toBe('stopped');

    const steps = events.filter((e): e is BatchEvent => e.type === 'batch').map((b) => stepsTaken(b.epoch, b.batch, b.batchesPerEpoch));
    // Every step reported once and in order, each stepped one right after the last.
    expect(new Set(steps).size).toBe(steps.length);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    events.forEach((e, i) => {
      if (e.type === 'paused' && e.batch > 0) expect(events.slice(0, i).findLast((b) => b.type === 'batch')).toMatchObject({ epoch: e.epoch, batch: e.batch });
    });
    expect(control.step()).toBe(false);
    model.dispose();
  });

  it('ends with the divergence advice when the loss becomes NaN', async () => {
    const { model, train } = source({ epochs: 3, batchSize: 16 }, {}, 'NaN');
    await expect(train()).rejects.toThrow(/the loss became NaN at epoch 1, batch 1 — training diverged; lower the learning rate/);
    model.dispose();
  });
});
