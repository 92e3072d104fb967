import * as tf from '@tensorflow/tfjs';
import { formatShape } from '../layers/shape-utils';
import { sampleCount, shuffledIndices, splitIndices, type Dataset } from '../data/dataset';
import { learningRateAt, stepsPerEpoch, type TrainingConfig } from '../graph/training-config';
import { TrainingControl } from './control';
import { DivergenceWatch, divergenceText } from './divergence';
import { trainingText } from './messages';
import { TrainingUserError } from './errors';
import { lossFunction, metricFunctions, type Objective } from './objectives';
import { createOptimizer, setLearningRate } from './optimizers';
import {
  BATCH_EVENT_MIN_INTERVAL_MS,
  normalizeMonitor,
  type BatchEvent,
  type DoneEvent,
  type EpochEvent,
  type LogEvent,
  type MetricLogs,
  type PausedEvent,
  type ReadyEvent,
} from './protocol';

export type ProgressEvent = ReadyEvent | BatchEvent | EpochEvent | PausedEvent | LogEvent;

export interface TrainOptions {
  /** Reported in every event. */
  backend: string;
  control?: TrainingControl;
  onEvent?: (event: ProgressEvent) => void;
  /** Minimum spacing of batch events; the last batch of each epoch is always reported. */
  batchEventIntervalMs?: number;
  /** The loop hands the event loop a turn at least this often, so stop / pause arrive. */
  yieldIntervalMs?: number;
  /**
   * Called when early stopping is about to restore the best epoch's weights, with the model
   * still holding the last epoch's: the one moment those can be saved.
   */
  beforeRestoringBest?: (model: tf.LayersModel) => Promise<void>;
}

export type TrainingOutcome = Omit<DoneEvent, 'type' | 'savedTo' | 'savedBestTo'>;

const VALIDATION_CHUNK = 1024;

export interface SpeedMeasurement {
  /** Training samples a second over the timed batches. */
  samplesPerSecond: number;
  /** Batches timed (the first is not among them). */
  batches: number;
  /** The first batch: kernel compilation, shader compilation and uploads, which a long run pays once. */
  warmupMs: number;
}

/**
 * Times optimizer steps of `model` on the first samples of `data` with the run's batch size,
 * loss and optimizer: one untimed batch, then batches until `budgetMs` has passed or
 * `maxBatches` were timed. The losses are read back as often as the run reads them, and the
 * time runs to the last read, so a GPU backend cannot look fast by queueing work it has not done. The model's weights change: calibrate on a throwaway copy.
 */
export async function measureTrainingSpeed(
  model: tf.LayersModel,
  data: Dataset,
  config: TrainingConfig,
  limits: { budgetMs: number; maxBatches: number },
): Promise<SpeedMeasurement> {
  const { outputUnits, sampleShape } = checkCompatibility(model, data, config);
  const lossFn = lossFunction(config.loss);
  const metrics = metricFunctions(config, outputUnits);
  const count = sampleCount(data);
  const size = Math.min(config.batchSize, count);
  const batchesInData = Math.max(1, Math.floor(count / size));
  const inputDtype = model.inputs[0]!.dtype === 'int32' ? 'int32' : 'float32';
  const [x, y] = tf.tidy(() => [tf.tensor(data.x, [count, ...sampleShape], 'float32').cast(inputDtype), tf.tensor(data.y, data.yShape, 'float32')]);
  const optimizer = createOptimizer(config);
  // Read back as trainModel does — when a batch event is due or 16 batches wait — so a GPU
  // backend may queue work as it would in the run, and is timed to the end of that work.
  let pending: tf.Tensor1D[] = [];
  let lastRead = performance.now();
  // The run's own read (readAll), so the timing pays exactly the sync points a run pays.
  const read = () => {
    if (!pending.length) return;
    const values = pending;
    pending = [];
    readAll(values);
    tf.dispose(values);
    lastRead = performance.now();
  };
  const step = (index: number) => pending.push(trainStep(model, optimizer, lossFn, metrics, x, y, null, (index % batchesInData) * size, size));
  try {
    let began = performance.now();
    step(0);
    read();
    const warmupMs = performance.now() - began;
    began = performance.now();
    let lastYield = began;
    let batches = 0;
    while (batches < limits.maxBatches && performance.now() - began < limits.budgetMs) {
      step(++batches);
      if (pending.length >= MAX_UNREAD_BATCHES || performance.now() - lastRead >= BATCH_EVENT_MIN_INTERVAL_MS) read();
      // Lets the host's messages through every 20 ms, as the run's loop does.
      if (performance.now() - lastYield >= 20) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        lastYield = performance.now();
      }
    }
    read();
    const seconds = Math.max(performance.now() - began, 1e-3) / 1000;
    return { samplesPerSecond: batches ? (batches * size) / seconds : 0, batches, warmupMs };
  } finally {
    tf.dispose([x, y, ...pending]);
    optimizer.dispose();
  }
}

/**
 * Trains `model` on `data` with a hand-written loop rather than `model.fit`: one
 * `optimizer.minimize` per batch lets us set the learning rate for every step, stop
 * between any two batches and report exactly what we want. The model's weights are
 * trained in place. Throws TrainingUserError for a mismatch between data and model or a
 * run that diverged (a NaN loss, or one stuck far above where it started: see divergence.ts).
 */
export async function trainModel(
  model: tf.LayersModel,
  data: Dataset,
  config: TrainingConfig,
  options: TrainOptions,
): Promise<TrainingOutcome> {
  const { backend } = options;
  const control = options.control ?? new TrainingControl();
  const emit = options.onEvent ?? (() => {});
  const batchInterval = options.batchEventIntervalMs ?? BATCH_EVENT_MIN_INTERVAL_MS;
  const yieldInterval = options.yieldIntervalMs ?? 20;
  const startedAt = Date.now();

  const { outputUnits, sampleShape } = checkCompatibility(model, data, config);
  const lossFn = lossFunction(config.loss);
  const metrics = metricFunctions(config, outputUnits);

  const count = sampleCount(data);
  const split = splitIndices(count, config.validationSplit, config.seed);
  const trainCount = split.train.length;
  const validationCount = split.validation.length;
  const inputDtype = model.inputs[0]!.dtype === 'int32' ? 'int32' : 'float32';
  // The whole dataset goes to the backend once; batches are gathered there, never copied from JS.
  const [xTrain, yTrain, xVal, yVal] = tf.tidy(() => {
    const x = tf.tensor(data.x, [count, ...sampleShape], 'float32').cast(inputDtype);
    const y = tf.tensor(data.y, data.yShape, 'float32');
    const train = tf.tensor1d(split.train, 'int32');
    const val = tf.tensor1d(split.validation, 'int32');
    return [tf.gather(x, train), tf.gather(y, train), tf.gather(x, val), tf.gather(y, val)];
  });

  const optimizer = createOptimizer(config);
  const steps = stepsPerEpoch(trainCount, config.batchSize);
  const best = bestEpochKeeper(model, config, validationCount > 0, (message) => emit({ type: 'log', backend, level: 'warn', message }));
  let lastLogs: MetricLogs = {};
  let epochsDone = 0;
  let reason: DoneEvent['reason'] = 'completed';
  let lastYield = Date.now();
  const divergence = new DivergenceWatch();

  emit({ type: 'ready', backend, trainSamples: trainCount, validationSamples: validationCount, batchesPerEpoch: steps, epochs: config.epochs });

  try {
    epochs: for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const order = config.shuffle ? tf.tensor1d(shuffledIndices(trainCount, config.seed + epoch), 'int32') : null;
      const sums = new Float64Array(1 + metrics.length);
      // Each batch's [loss, ...metrics] stays on the backend until the next batch event
      // needs it: one read per event rather than one per batch, each a full sync point.
      const pending: PendingBatch[] = [];
      const settle = () => {
        if (!pending.length) return;
        const width = 1 + metrics.length;
        const batches = pending.splice(0);
        const tensors = batches.map((p) => p.values);
        const values = readAll(tensors);
        tf.dispose(tensors);
        for (let j = 0; j < batches.length; j++) {
          const { size, batch, learningRate: rate } = batches[j]!;
          const verdict = divergence.observe(values[j * width]!);
          if (verdict.diverged) throw new TrainingUserError(divergenceText(verdict, { epoch, batch: batch + 1, learningRate: rate }));
          for (let i = 0; i < width; i++) sums[i]! += values[j * width + i]! * size;
        }
      };
      let seen = 0;
      let learningRate = config.learningRate;
      let lastEmitAt = Date.now();
      let samplesSinceEmit = 0;
      try {
        for (let batch = 0; batch < steps; batch++) {
          if (Date.now() - lastYield >= yieldInterval) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            lastYield = Date.now();
          }
          if (control.isPaused) {
            emit({ type: 'paused', backend, epoch, batch });
            await control.untilResumed();
          }
          if (control.stopping) {
            reason = 'stopped';
            break epochs;
          }

          learningRate = learningRateAt(config, (epoch - 1) * steps + batch, steps);
          setLearningRate(optimizer, learningRate);
          const start = batch * config.batchSize;
          const size = Math.min(config.batchSize, trainCount - start);
          const values = trainStep(model, optimizer, lossFn, metrics, xTrain, yTrain, order, start, size);
          pending.push({ values, size, batch, learningRate });
          seen += size;
          samplesSinceEmit += size;

          const now = Date.now();
          const lastOfEpoch = batch === steps - 1;
          const eventDue = lastOfEpoch || now - lastEmitAt >= batchInterval;
          // A diverged run is still caught within a few batches when events are rare.
          if (eventDue || pending.length >= MAX_UNREAD_BATCHES) settle();
          if (eventDue) {
            const seconds = Math.max(now - lastEmitAt, 1) / 1000;
            emit({
              type: 'batch',
              backend,
              epoch,
              batch: batch + 1,
              batchesPerEpoch: steps,
              loss: sums[0]! / seen,
              metrics: Object.fromEntries(metrics.map((m, i) => [m.key, sums[i + 1]! / seen])),
              learningRate,
              samplesPerSecond: samplesSinceEmit / seconds,
            });
            lastEmitAt = now;
            samplesSinceEmit = 0;
          }
        }
      } finally {
        order?.dispose();
        tf.dispose(pending.map((p) => p.values));
      }

      const logs: MetricLogs = { loss: sums[0]! / seen };
      metrics.forEach((m, i) => (logs[m.key] = sums[i + 1]! / seen));
      if (validationCount > 0) {
        const validation = await evaluate(model, lossFn, metrics, xVal, yVal, control, yieldInterval);
        if (!validation) {
          reason = 'stopped';
          break;
        }
        Object.assign(logs, validation);
      }
      lastLogs = logs;
      epochsDone = epoch;
      emit({ type: 'epoch', backend, epoch, epochs: config.epochs, logs, learningRate, elapsedMs: Date.now() - startedAt });

      if (best?.shouldStop(epoch, logs)) {
        reason = 'early-stopped';
        break;
      }
    }

    let metricsOut = lastLogs;
    let bestEpoch: number | undefined;
    const restored = reason === 'early-stopped' ? await best?.restoreBest(options.beforeRestoringBest) : null;
    if (restored) {
      metricsOut = restored.logs;
      bestEpoch = restored.epoch;
      emit({ type: 'log', backend, level: 'info', message: `early stopping restored the weights of epoch ${bestEpoch}` });
    }
    return {
      backend,
      reason,
      epochs: epochsDone,
      metrics: metricsOut,
      ...(bestEpoch !== undefined ? { bestEpoch } : {}),
      elapsedMs: Date.now() - startedAt,
    };
  } finally {
    best?.dispose();
    tf.dispose([xTrain, yTrain, xVal, yVal]);
    optimizer.dispose();
  }
}

type NamedObjective = { key: string; fn: Objective };

/** Batches whose loss may go unread before it is checked for divergence. */
const MAX_UNREAD_BATCHES = 16;

interface PendingBatch {
  values: tf.Tensor1D;
  size: number;
  batch: number;
  learningRate: number;
}

/** The values of several small tensors with a single read from the backend. */
function readAll(tensors: tf.Tensor[]): Float32Array {
  if (tensors.length === 1) return tensors[0]!.dataSync() as Float32Array;
  return tf.tidy(() => tf.concat(tensors).dataSync() as Float32Array);
}

/** One optimizer step on one batch; returns [loss, ...metrics] of that batch, still on the backend. */
function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  lossFn: Objective,
  metrics: NamedObjective[],
  x: tf.Tensor,
  y: tf.Tensor,
  order: tf.Tensor1D | null,
  start: number,
  size: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    let xb: tf.Tensor;
    let yb: tf.Tensor;
    if (order) {
      const rows = order.slice(start, size);
      xb = tf.gather(x, rows);
      yb = tf.gather(y, rows);
    } else {
      xb = x.slice(start, size);
      yb = y.slice(start, size);
    }
    let prediction: tf.Tensor | null = null;
    const loss = optimizer.minimize(() => {
      // Kept past the gradient scope so the metrics are computed outside the tape.
      prediction = tf.keep(model.apply(xb, { training: true }) as tf.Tensor);
      let total = lossFn(yb, prediction);
      // Weight regularizers of the layers add their penalties, as model.fit does.
      for (const penalty of model.calculateLosses()) total = tf.add(total, penalty);
      return total as tf.Scalar;
    }, true)!;
    const predicted = prediction as unknown as tf.Tensor;
    const packed = tf.concat([loss.reshape([1]), ...metrics.map((m) => m.fn(yb, predicted).reshape([1]))]) as tf.Tensor1D;
    predicted.dispose();
    return packed;
  });
}

/**
 * Loss and metrics over the whole validation split, in chunks, in inference mode. A large
 * split takes a while, so it yields between chunks too; null when stopped meanwhile.
 */
async function evaluate(
  model: tf.LayersModel,
  lossFn: Objective,
  metrics: NamedObjective[],
  x: tf.Tensor,
  y: tf.Tensor,
  control: TrainingControl,
  yieldInterval: number,
): Promise<MetricLogs | null> {
  const count = x.shape[0]!;
  const sums = new Float64Array(1 + metrics.length);
  let lastYield = Date.now();
  for (let start = 0; start < count; start += VALIDATION_CHUNK) {
    if (Date.now() - lastYield >= yieldInterval) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = Date.now();
      if (control.stopping) return null;
    }
    const size = Math.min(VALIDATION_CHUNK, count - start);
    const values = tf.tidy(() => {
      const xb = x.slice(start, size);
      const yb = y.slice(start, size);
      const prediction = model.apply(xb, { training: false }) as tf.Tensor;
      return tf.stack([lossFn(yb, prediction), ...metrics.map((m) => m.fn(yb, prediction))]).dataSync();
    });
    for (let i = 0; i < values.length; i++) sums[i]! += values[i]! * size;
  }
  const logs: MetricLogs = { val_loss: sums[0]! / count };
  metrics.forEach((m, i) => (logs[`val_${m.key}`] = sums[i + 1]! / count));
  return logs;
}

/**
 * Checks that the data fits the model before any tensor is made, and says how to fix it.
 * Returns the number of output units and the shape each sample takes: a flat row of a CSV
 * whose length matches the input's size becomes that shape (pixels of an image, say).
 */
export function checkCompatibility(
  model: tf.LayersModel,
  data: Dataset,
  config: TrainingConfig,
): { outputUnits: number; sampleShape: number[] } {
  if (model.inputs.length !== 1 || model.outputs.length !== 1)
    throw new TrainingUserError(trainingText('oneInputOneOutput', { inputs: model.inputs.length, outputs: model.outputs.length }));
  const count = sampleCount(data);
  if (count < 1) throw new TrainingUserError(trainingText('noSamples'));
  if (data.yShape[0] !== count) throw new TrainingUserError(trainingText('inputsTargets', { inputs: count, targets: data.yShape[0]! }));

  const inputShape = model.inputs[0]!.shape;
  let sampleShape = data.xShape.slice(1);
  const fits = (shape: number[]) => inputShape.length - 1 === shape.length && inputShape.slice(1).every((d, i) => d === null || d === shape[i]);
  const fixedInput = inputShape.slice(1);
  if (!fits(sampleShape) && sampleShape.length === 1 && fixedInput.every((d) => d !== null)) {
    const size = (fixedInput as number[]).reduce((a, b) => a * b, 1);
    if (size === sampleShape[0]) sampleShape = fixedInput as number[];
  }
  if (!fits(sampleShape)) {
    const features = data.featureNames.length ? trainingText('featureList', { names: data.featureNames.join(', ') }) : '';
    throw new TrainingUserError(trainingText('inputShape', { expected: formatShape(inputShape), shape: `[${sampleShape.join(', ')}]`, features }));
  }

  const outputShape = model.outputs[0]!.shape;
  const units = outputShape[outputShape.length - 1];
  const targetWidth = data.yShape.slice(1).reduce((a, b) => a * b, 1);
  if (outputShape.length !== 2 || units === null || units === undefined)
    throw new TrainingUserError(trainingText('outputRank', { shape: formatShape(outputShape) }));
  if (config.loss === 'sparseCategoricalCrossentropy') {
    if (targetWidth !== 1)
      throw new TrainingUserError(trainingText('sparseOneIndex', { width: targetWidth }));
    return { outputUnits: units, sampleShape };
  }
  if (targetWidth !== units) {
    const classes = data.classNames.length;
    const hint =
      targetWidth === 1 && classes > 1
        ? trainingText('hintIndexLabels')
        : classes > 1 && targetWidth === classes
          ? trainingText('hintOneHotLabels', { classes })
          : trainingText('hintUnits', { width: targetWidth });
    throw new TrainingUserError(trainingText('outputUnits', { count: units, units, width: targetWidth, hint }));
  }
  return { outputUnits: units, sampleShape };
}

interface EarlyStopping {
  readonly restoreBest: boolean;
  readonly bestEpoch: number;
  update(epoch: number, logs: MetricLogs): 'improved' | 'waiting' | 'stop';
}

/**
 * Keras's EarlyStopping: stop after `patience` epochs in a row without an improvement of
 * more than `minDelta` in the monitored value (up for accuracy, down for everything else).
 */
function earlyStopping(config: TrainingConfig, hasValidation: boolean, warn: (message: string) => void): EarlyStopping | null {
  const settings = config.earlyStopping;
  if (!settings.enabled) return null;
  let monitor = normalizeMonitor(settings.monitor);
  if (monitor.startsWith('val_') && !hasValidation) {
    warn(`early stopping watches ${settings.monitor}, but there is no validation split — watching ${monitor.slice(4)} instead`);
    monitor = monitor.slice(4);
  }
  const higherIsBetter = /acc/.test(monitor);
  let best = higherIsBetter ? -Infinity : Infinity;
  let bestEpoch = 0;
  let wait = 0;
  let warned = false;
  return {
    restoreBest: settings.restoreBest,
    get bestEpoch() {
      return bestEpoch;
    },
    update(epoch, logs) {
      const value = logs[monitor];
      if (value === undefined) {
        if (!warned)
          warn(`early stopping watches "${settings.monitor}", which this run does not report (it reports ${Object.keys(logs).join(', ')}) — it is off`);
        warned = true;
        return 'waiting';
      }
      const improved = higherIsBetter ? value > best + settings.minDelta : value < best - settings.minDelta;
      if (improved) {
        best = value;
        bestEpoch = epoch;
        wait = 0;
        return 'improved';
      }
      wait++;
      return wait >= Math.max(1, settings.patience) ? 'stop' : 'waiting';
    },
  };
}

/**
 * Early stopping with the best epoch's weights and logs kept beside it, as both training
 * loops (this one and train-graph.ts) need it. `null` when early stopping is off.
 */
export function bestEpochKeeper(
  model: tf.LayersModel,
  config: TrainingConfig,
  hasValidation: boolean,
  warn: (message: string) => void,
): BestEpochKeeper | null {
  const early = earlyStopping(config, hasValidation, warn);
  if (!early) return null;
  let weights: tf.Tensor[] | null = null;
  let logs: MetricLogs | null = null;
  const forgetWeights = () => {
    weights?.forEach((w) => w.dispose());
    weights = null;
  };
  return {
    shouldStop(epoch, epochLogs) {
      const verdict = early.update(epoch, epochLogs);
      if (verdict === 'improved') {
        logs = epochLogs;
        if (early.restoreBest) {
          forgetWeights();
          weights = model.getWeights().map((w) => tf.clone(w));
        }
      }
      return verdict === 'stop';
    },
    async restoreBest(beforeRestoring) {
      if (!weights || !logs) return null;
      await beforeRestoring?.(model);
      model.setWeights(weights);
      return { epoch: early.bestEpoch, logs };
    },
    dispose: forgetWeights,
  };
}

export interface BestEpochKeeper {
  /** After each epoch: keeps the weights when it improved; true when training should stop. */
  shouldStop(epoch: number, logs: MetricLogs): boolean;
  /** Puts the best epoch's weights back (when kept), after `beforeRestoring` saw the last ones. */
  restoreBest(beforeRestoring?: (model: tf.LayersModel) => Promise<void>): Promise<{ epoch: number; logs: MetricLogs } | null>;
  dispose(): void;
}
