import * as tf from '@tensorflow/tfjs';
import { gatherRows } from '../layers/graph/segment-ops';
import { learningRateAt, stepsTaken, type LossName, type MetricName, type TrainingConfig } from '../graph/training-config';
import { TrainingControl, type StepRequest } from './control';
import { DivergenceWatch, divergenceText } from './divergence';
import { bestEpochKeeper } from './early-stopping';
import { TrainingUserError } from './errors';
import { lossFunction, metricDefinition, type Objective, type TargetInfo } from './objectives';
import { createOptimizer, setLearningRate } from './optimizers';
import {
  BATCH_EVENT_MIN_INTERVAL_MS,
  type BatchEvent,
  type DoneEvent,
  type EpochEvent,
  type GanAdviceEvent,
  type GanPlaneEvent,
  type GanPlayer,
  type GanSamplesEvent,
  type LogEvent,
  type MetricLogs,
  type PausedEvent,
  type ReadyEvent,
  metricKey,
} from './protocol';

export type ProgressEvent = ReadyEvent | BatchEvent | EpochEvent | PausedEvent | LogEvent | GanSamplesEvent | GanPlaneEvent | GanAdviceEvent;

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

/** What one optimizer step (or one evaluation chunk) feeds the model and compares it with. */
export interface TrainingBatch {
  /** The model's input, or its inputs in the model's order. */
  inputs: tf.Tensor | tf.Tensor[];
  /** The targets of each trained output (the source's `objectives`, in order), in its loss's encoding. */
  targets: tf.Tensor[];
  /** Which output rows those are (a node task's training nodes); null when every row counts. */
  rows: tf.Tensor1D | null;
  /** Samples the batch stands for in the averages of the epoch. */
  size: number;
}

/**
 * A split as batches. `batch` is called inside `tf.tidy`: tensors it makes are freed once the
 * step or chunk is done, tensors it hands out that were made before (a whole graph kept for
 * every step) stay.
 */
export interface SplitBatches {
  /** The samples of the split: what its averages divide by. */
  samples: number;
  count: number;
  batch(index: number): TrainingBatch;
}

/**
 * What a run trains on: the one part of the loop that differs between a table of samples
 * (batches of rows, shuffled every epoch) and a graph (the whole graph each step with the
 * training nodes picked out, or batches of small graphs). Everything else — events, pause and
 * stop, the learning-rate schedule, divergence checks, early stopping and restoring the best
 * epoch — is the loop's.
 */
export interface TrainingDataSource {
  trainSamples: number;
  /** Optimizer steps in one epoch. */
  stepsPerEpoch: number;
  /** The model outputs this source has targets for, with their losses and metrics. */
  objectives: OutputObjectiveResolved[];
  /** The training batches of epoch `epoch` (counting from 1), `stepsPerEpoch` of them; `release` frees what the epoch held. */
  epoch(epoch: number): { batch(index: number): TrainingBatch; release(): void };
  /** Scored after every epoch as `val_…`; null without a validation split. */
  validation: SplitBatches | null;
  /** Frees the source's tensors; the loop calls it when the run ends. */
  dispose(): void;
}

/** One model output as a run trains it: its loss, weight and metrics, and what its target marks as padding. */
export interface OutputObjectiveResolved {
  /** Index into `model.outputs`. */
  output: number;
  /** The output's node name: several outputs report `<name>_loss`, `<name>_acc`, … */
  name: string;
  loss: LossName;
  weight: number;
  metrics: MetricName[];
  target: TargetInfo;
}

/** The objective of a one-output run from the training settings' loss and metrics. */
export function singleOutputObjective(config: Pick<TrainingConfig, 'loss' | 'metrics'>, name = 'output', target: TargetInfo = {}): OutputObjectiveResolved {
  return { output: 0, name, loss: config.loss, weight: 1, metrics: [...new Set(config.metrics)], target };
}

/** A value a step reports besides its loss, under its log key; `finalize` turns the epoch's mean into what is logged. */
export interface ReportedValue {
  key: string;
  finalize?: (mean: number) => number;
}

/** A value reported besides the total loss: a metric of one output, or (with several outputs) its own loss. */
interface Score extends ReportedValue {
  /** Index into the objectives (and the batch's targets). */
  objective: number;
  fn: Objective;
}

/** The loss of a run (the weighted sum of its outputs' losses) and what it reports, with their log keys. */
export interface RunObjective {
  outputs: { output: number; loss: Objective; weight: number }[];
  scores: Score[];
}

/**
 * Keras's log keys: one output reports `acc`, `mae`, …; several report `<name>_loss` and
 * `<name>_acc` for each output beside the total `loss`.
 */
export function runObjective(objectives: readonly OutputObjectiveResolved[]): RunObjective {
  const several = objectives.length > 1;
  const scores: Score[] = [];
  objectives.forEach((o, index) => {
    const prefix = several ? `${o.name}_` : '';
    if (several) scores.push({ key: `${prefix}loss`, objective: index, fn: lossFunction(o.loss, o.target) });
    for (const metric of new Set(o.metrics)) scores.push({ key: prefix + metricKey(metric), objective: index, ...metricDefinition(metric, o.loss, o.target) });
  });
  return { outputs: objectives.map((o) => ({ output: o.output, loss: lossFunction(o.loss, o.target), weight: o.weight })), scores };
}

/** Means of the scores as the events report them (perplexity exponentiated). */
function reportScores(scores: readonly ReportedValue[], sums: Float64Array, seen: number, prefix = ''): MetricLogs {
  return Object.fromEntries(scores.map((m, i) => [prefix + m.key, (m.finalize ?? ((v: number) => v))(sums[i + 1]! / seen)]));
}

/** The model's outputs as a list, whatever `apply` returned. */
function asList(output: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(output) ? output : [output];
}

/** The weighted sum of the outputs' losses, before regularization. */
function totalLoss(objective: RunObjective, targets: tf.Tensor[], predictions: tf.Tensor[]): tf.Scalar {
  let total: tf.Scalar | null = null;
  objective.outputs.forEach((o, i) => {
    const term = o.loss(targets[i]!, predictions[i]!);
    const weighted = o.weight === 1 ? term : (tf.mul(term, o.weight) as tf.Scalar);
    total = total ? (tf.add(total, weighted) as tf.Scalar) : weighted;
  });
  return total!;
}

/**
 * What a run does with one batch of its source: the part of the loop that differs between an
 * objective run (one optimizer step on the weighted losses of its outputs) and a GAN (k_D
 * discriminator steps then k_G generator steps, each player with an optimizer of its own).
 * Batches, events, pause and stop, the NaN check, validation and early stopping stay the loop's.
 */
export interface TrainingStep {
  /** What `run` reports after the loss, in order. */
  values: readonly ReportedValue[];
  /** Sets the learning rate(s) for batch `batch` (from 0) of `epoch` and returns the one the events report. */
  learningRateAt(epoch: number, batch: number, stepsPerEpoch: number): number;
  /**
   * One step on the batch `makeBatch` makes (call it inside the step's tidy): [loss, ...values]
   * still on the backend, and the samples the batch stood for.
   */
  run(makeBatch: () => TrainingBatch): { values: tf.Tensor1D; size: number };
  /**
   * A GAN's step of one player alone in a batch's place (a paused run's `step` with a player),
   * reporting the same values as `run`. Absent: a player step runs the whole batch.
   */
  runPlayer?(player: GanPlayer, makeBatch: () => TrainingBatch): { values: tf.Tensor1D; size: number };
  /** Positions in [loss, ...values] whose NaN or infinity ends the run as diverged. */
  mustStayFinite: readonly number[];
  /** Whether a loss stuck far above its start ends the run (divergence.ts); a GAN's d_loss may climb as G improves. */
  stuckLossDiverges: boolean;
  /** Marks the `ready` event of a GAN run. */
  adversarial?: boolean;
  /** After `ready`, before the first batch. */
  started?(): void;
  /** After every batch, with the batches done in the run so far; `stepped`: a paused run's single step, which views show at once. */
  afterBatch?(epoch: number, batchesDone: number, stepped: boolean): void;
  /** Logs of an epoch beyond the means of the steps' values (a GAN's divergence), computed after its last batch. */
  epochLogs?(epoch: number): MetricLogs;
  /** After the epoch event, with the batches done in the run so far. */
  afterEpoch?(epoch: number, logs: MetricLogs, batchesDone: number): void;
  dispose(): void;
}

/** What a run's step is built from: the loop makes it at the start of the run and disposes it at the end. */
export interface StepContext {
  model: tf.LayersModel;
  source: TrainingDataSource;
  config: TrainingConfig;
  backend: string;
  emit: (event: ProgressEvent) => void;
}

export type TrainingStepFactory = (context: StepContext) => TrainingStep;

/** The step of an objective run: one optimizer step on the weighted sum of the outputs' losses, at the schedule's rate. */
export const objectiveStep: TrainingStepFactory = ({ model, source, config }) => {
  const objective = runObjective(source.objectives);
  const optimizer = createOptimizer(config);
  return {
    values: objective.scores,
    learningRateAt(epoch, batch, steps) {
      const rate = learningRateAt(config, stepsTaken(epoch, batch, steps), steps);
      setLearningRate(optimizer, rate);
      return rate;
    },
    run: (makeBatch) => trainStep(model, optimizer, objective, makeBatch),
    mustStayFinite: [0],
    stuckLossDiverges: true,
    dispose: () => optimizer.dispose(),
  };
};

/** Batches whose loss may go unread before it is checked for divergence. */
const MAX_UNREAD_BATCHES = 16;

interface PendingBatch {
  values: tf.Tensor1D;
  size: number;
  batch: number;
  learningRate: number;
}

/**
 * Trains `model` on what `source` hands out with a hand-written loop rather than `model.fit`:
 * one `optimizer.minimize` per batch lets us set the learning rate for every step, stop
 * between any two batches and report exactly what we want. The model's weights are trained
 * in place; the source is disposed at the end. Throws TrainingUserError for a run that
 * diverged (a NaN loss, or one stuck far above where it started: see divergence.ts). What each
 * batch does is `makeStep`'s (an objective's optimizer step unless given).
 */
export async function trainLoop(
  model: tf.LayersModel,
  source: TrainingDataSource,
  config: TrainingConfig,
  options: TrainOptions,
  makeStep: TrainingStepFactory = objectiveStep,
): Promise<TrainingOutcome> {
  const { backend } = options;
  const control = options.control ?? new TrainingControl();
  const emit = options.onEvent ?? (() => {});
  const batchInterval = options.batchEventIntervalMs ?? BATCH_EVENT_MIN_INTERVAL_MS;
  const yieldInterval = options.yieldIntervalMs ?? 20;
  const startedAt = Date.now();

  const trainCount = source.trainSamples;
  const validationCount = source.validation?.samples ?? 0;
  const steps = source.stepsPerEpoch;

  let step: TrainingStep;
  try {
    step = makeStep({ model, source, config, backend, emit });
  } catch (err) {
    source.dispose();
    throw err;
  }
  const metrics = step.values;
  const best = bestEpochKeeper(model, config, validationCount > 0, (message) => emit({ type: 'log', backend, level: 'warn', message }));
  let lastLogs: MetricLogs = {};
  let epochsDone = 0;
  let reason: DoneEvent['reason'] = 'completed';
  let lastYield = Date.now();
  const divergence = new DivergenceWatch({ stuckHigh: step.stuckLossDiverges });
  let batchesDone = 0;

  emit({
    type: 'ready',
    backend,
    trainSamples: trainCount,
    validationSamples: validationCount,
    batchesPerEpoch: steps,
    epochs: config.epochs,
    ...(step.adversarial ? { adversarial: true as const } : {}),
  });

  try {
    step.started?.();
    epochs: for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const batches = source.epoch(epoch);
      const sums = new Float64Array(1 + metrics.length);
      // Each batch's [loss, ...metrics] stays on the backend until the next batch event
      // needs it: one read per event rather than one per batch, each a full sync point.
      const pending: PendingBatch[] = [];
      const settle = () => {
        if (!pending.length) return;
        const width = 1 + metrics.length;
        const settled = pending.splice(0);
        const tensors = settled.map((p) => p.values);
        const values = readAll(tensors);
        tf.dispose(tensors);
        for (let j = 0; j < settled.length; j++) {
          const { size, batch, learningRate: rate } = settled[j]!;
          const verdict = divergence.observe(values[j * width]!, step.mustStayFinite.map((i) => values[j * width + i]!));
          if (verdict.diverged) throw new TrainingUserError(divergenceText(verdict, { epoch, batch: batch + 1, learningRate: rate }));
          for (let i = 0; i < width; i++) sums[i]! += values[j * width + i]! * size;
        }
      };
      let seen = 0;
      let learningRate = step.learningRateAt(epoch, 0, steps);
      let lastEmitAt = Date.now();
      let samplesSinceEmit = 0;
      let reportedBatches = 0;
      /** The batch event of the epoch's first `done` batches (settled first); `seconds`: the time they took. */
      const emitBatch = (done: number, seconds: number, stepped?: NonNullable<BatchEvent['stepped']>) => {
        settle();
        emit({
          type: 'batch',
          backend,
          epoch,
          batch: done,
          batchesPerEpoch: steps,
          loss: sums[0]! / seen,
          metrics: reportScores(metrics, sums, seen),
          learningRate,
          samplesPerSecond: samplesSinceEmit / Math.max(seconds, 1e-3),
          ...(stepped ? { stepped } : {}),
        });
        reportedBatches = done;
        samplesSinceEmit = 0;
      };
      try {
        for (let batch = 0; batch < steps; batch++) {
          if (Date.now() - lastYield >= yieldInterval) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            lastYield = Date.now();
          }
          let stepRequest: StepRequest | null = null;
          if (control.isPaused) {
            if (!control.stepPending) {
              // A halted run shows every batch it did, so the batch a step adds is the next one.
              if (reportedBatches < batch) emitBatch(batch, (Date.now() - lastEmitAt) / 1000);
              emit({ type: 'paused', backend, epoch, batch });
              await control.untilResumed();
            }
            stepRequest = control.takeStep();
          }
          if (control.stopping) {
            reason = 'stopped';
            break epochs;
          }

          const startedAt = Date.now();
          learningRate = step.learningRateAt(epoch, batch, steps);
          // A player's step only where the run has players; elsewhere a step is the whole batch.
          const player = step.runPlayer ? stepRequest?.player : undefined;
          const makeBatch = () => batches.batch(batch);
          const { values, size } = player ? step.runPlayer!(player, makeBatch) : step.run(makeBatch);
          pending.push({ values, size, batch, learningRate });
          batchesDone++;
          seen += size;
          samplesSinceEmit += size;

          const now = Date.now();
          const lastOfEpoch = batch === steps - 1;
          if (stepRequest) {
            emitBatch(batch + 1, (now - startedAt) / 1000, player ?? 'batch');
            lastEmitAt = now;
          } else if (lastOfEpoch || now - lastEmitAt >= batchInterval) {
            emitBatch(batch + 1, (now - lastEmitAt) / 1000);
            lastEmitAt = now;
          } else if (pending.length >= MAX_UNREAD_BATCHES) {
            // A diverged run is still caught within a few batches when events are rare.
            settle();
          }
          step.afterBatch?.(epoch, batchesDone, stepRequest !== null);
        }
      } finally {
        batches.release();
        tf.dispose(pending.map((p) => p.values));
      }

      const logs: MetricLogs = { loss: sums[0]! / seen, ...reportScores(metrics, sums, seen), ...step.epochLogs?.(epoch) };
      if (source.validation) {
        const validation = await evaluateSplit(model, runObjective(source.objectives), source.validation, 'val_', { control, yieldIntervalMs: yieldInterval });
        if (!validation) {
          reason = 'stopped';
          break;
        }
        Object.assign(logs, validation);
      }
      lastLogs = logs;
      epochsDone = epoch;
      emit({ type: 'epoch', backend, epoch, epochs: config.epochs, logs, learningRate, elapsedMs: Date.now() - startedAt });
      step.afterEpoch?.(epoch, logs, batchesDone);

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
    step.dispose();
    source.dispose();
  }
}

export interface SpeedMeasurement {
  /** Training samples a second over the timed batches. */
  samplesPerSecond: number;
  /** Batches timed (the first is not among them). */
  batches: number;
  /** The first batch: kernel compilation, shader compilation and uploads, which a long run pays once. */
  warmupMs: number;
}

/**
 * Times optimizer steps of `model` on the first epoch's batches of `source` with the run's
 * loss and optimizer: one untimed batch, then batches (round the epoch again if need be) until
 * `budgetMs` has passed or `maxBatches` were timed. The losses are read back as often as the
 * run reads them, and the time runs to the last read, so a GPU backend cannot look fast by
 * queueing work it has not done. The model's weights change: calibrate on a throwaway copy.
 * The source is disposed at the end.
 */
export async function measureTrainingSpeed(
  model: tf.LayersModel,
  source: TrainingDataSource,
  config: TrainingConfig,
  limits: { budgetMs: number; maxBatches: number },
  makeStep: TrainingStepFactory = objectiveStep,
): Promise<SpeedMeasurement> {
  const trainingStep = makeStep({ model, source, config, backend: tf.getBackend(), emit: () => {} });
  trainingStep.learningRateAt(1, 0, source.stepsPerEpoch);
  const epoch = source.epoch(1);
  // Read back as trainLoop does — when a batch event is due or 16 batches wait — so a GPU
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
  let samples = 0;
  const step = (index: number) => {
    const { values, size } = trainingStep.run(() => epoch.batch(index % source.stepsPerEpoch));
    pending.push(values);
    samples += size;
  };
  try {
    let began = performance.now();
    step(0);
    read();
    const warmupMs = performance.now() - began;
    samples = 0;
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
    return { samplesPerSecond: samples / seconds, batches, warmupMs };
  } finally {
    tf.dispose(pending);
    epoch.release();
    trainingStep.dispose();
    source.dispose();
  }
}

/** The values of several small tensors with a single read from the backend. */
function readAll(tensors: tf.Tensor[]): Float32Array {
  if (tensors.length === 1) return tensors[0]!.dataSync() as Float32Array;
  return tf.tidy(() => tf.concat(tensors).dataSync() as Float32Array);
}

/**
 * One optimizer step on the batch `makeBatch` makes (inside this step's tidy); returns
 * [loss, ...metrics] of that batch, still on the backend, and the samples it stood for.
 */
function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  objective: RunObjective,
  makeBatch: () => TrainingBatch,
): { values: tf.Tensor1D; size: number } {
  let size = 0;
  const values = tf.tidy(() => {
    const batch = makeBatch();
    size = batch.size;
    let predictions: tf.Tensor[] = [];
    const loss = optimizer.minimize(() => {
      const outputs = asList(model.apply(batch.inputs, { training: true }) as tf.Tensor | tf.Tensor[]);
      // gatherRows, not tf.gather: tf.gather's gradient on cpu loops once per row over all rows.
      const scored = objective.outputs.map((o) => (batch.rows ? gatherRows(outputs[o.output]!, batch.rows) : outputs[o.output]!));
      // Kept past the gradient scope so the metrics are computed outside the tape.
      predictions = scored.map((p) => tf.keep(p));
      let total: tf.Tensor = totalLoss(objective, batch.targets, scored);
      // Weight regularizers of the layers add their penalties, as model.fit does.
      for (const penalty of model.calculateLosses()) total = tf.add(total, penalty);
      return total as tf.Scalar;
    }, true)!;
    const packed = tf.concat([loss.reshape([1]), ...objective.scores.map((m) => m.fn(batch.targets[m.objective]!, predictions[m.objective]!).reshape([1]))]) as tf.Tensor1D;
    tf.dispose(predictions);
    return packed;
  });
  return { values, size };
}

/**
 * Loss and metrics over a whole split, batch by batch, in inference mode, keyed
 * `<prefix>loss`, `<prefix>acc`, … A large split takes a while, so it yields between batches
 * too; null when `control` was stopped meanwhile.
 */
export async function evaluateSplit(
  model: tf.LayersModel,
  objective: RunObjective,
  split: SplitBatches,
  prefix: string,
  { control, yieldIntervalMs = 20 }: { control?: TrainingControl; yieldIntervalMs?: number } = {},
): Promise<MetricLogs | null> {
  const metrics = objective.scores;
  const sums = new Float64Array(1 + metrics.length);
  let lastYield = Date.now();
  for (let index = 0; index < split.count; index++) {
    if (Date.now() - lastYield >= yieldIntervalMs) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = Date.now();
      if (control?.stopping) return null;
    }
    let size = 0;
    const values = tf.tidy(() => {
      const batch = split.batch(index);
      size = batch.size;
      const outputs = asList(model.apply(batch.inputs, { training: false }) as tf.Tensor | tf.Tensor[]);
      const scored = objective.outputs.map((o) => (batch.rows ? tf.gather(outputs[o.output]!, batch.rows) : outputs[o.output]!));
      return tf.stack([totalLoss(objective, batch.targets, scored), ...metrics.map((m) => m.fn(batch.targets[m.objective]!, scored[m.objective]!))]).dataSync();
    });
    for (let i = 0; i < values.length; i++) sums[i]! += values[i]! * size;
  }
  return { [`${prefix}loss`]: sums[0]! / split.samples, ...reportScores(metrics, sums, split.samples, prefix) };
}
