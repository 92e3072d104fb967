import * as tf from '@tensorflow/tfjs';
import { shuffledIndices } from '../data/dataset';
import { graphBatch, graphRanges, type GraphDataset, type GraphRanges } from '../data/graph';
import type { GraphInputRole } from '../layers/graph/roles';
import { gatherRows } from '../layers/graph/segment-ops';
import { formatShape } from '../layers/shape-utils';
import { learningRateAt, type TrainingConfig } from '../graph/training-config';
import { TrainingControl } from './control';
import { DivergenceWatch, divergenceText } from './divergence';
import { TrainingUserError } from './errors';
import { trainingText } from './messages';
import { lossFunction, metricFunctions, type Objective } from './objectives';
import { createOptimizer, setLearningRate } from './optimizers';
import type { Evaluation, MetricLogs } from './protocol';
import { BATCH_EVENT_MIN_INTERVAL_MS, type DoneEvent } from './protocol';
import { bestEpochKeeper, type TrainingOutcome, type TrainOptions } from './train';

export type { GraphInputRole };

/** One graph, or one batch of small graphs, as the model's inputs take it. */
interface GraphTensors {
  inputs: tf.Tensor[];
  /** Targets of the rows the loss looks at, in the loss's encoding. */
  targets: tf.Tensor;
  /** Which output rows those are (node tasks); null when every row counts (graph tasks). */
  rows: tf.Tensor1D | null;
}

export interface GraphTrainOptions extends TrainOptions {
  /** Model input name → role; inputs not listed are recognised by dtype and shape. */
  inputRoles?: Record<string, GraphInputRole>;
}

export interface GraphTrainingOutcome extends TrainingOutcome {
  /** Test-split accuracy / loss of the final weights: `test_loss`, `test_acc`, … */
  test: MetricLogs;
  evaluation: Evaluation;
}

/**
 * Which model input takes which graph array. Declared roles win; otherwise an int32
 * [?, 2] input is the edge index, int32 [?, 1] the graph ids, the first float input the
 * node features and a second float input the edge features.
 */
export function graphInputRoles(model: tf.LayersModel, declared: Record<string, GraphInputRole> = {}): GraphInputRole[] {
  const roles = model.inputs.map((input, i): GraphInputRole | null => {
    const name = model.inputNames[i]!;
    if (declared[name]) return declared[name]!;
    if (input.dtype === 'int32' && input.shape[1] === 2) return 'edgeIndex';
    if (input.dtype === 'int32' && input.shape[1] === 1) return 'graphIds';
    return null;
  });
  let floats = 0;
  const resolved = roles.map((role) => role ?? (floats++ === 0 ? 'nodeFeatures' : 'edgeFeatures'));
  for (const needed of ['nodeFeatures', 'edgeIndex'] as const)
    if (!resolved.includes(needed))
      throw new TrainingUserError(trainingText(needed === 'nodeFeatures' ? 'graphNeedsNodeInput' : 'graphNeedsEdgeInput'));
  return resolved;
}

function checkGraphCompatibility(model: tf.LayersModel, data: GraphDataset, roles: GraphInputRole[], config: TrainingConfig): number {
  if (model.outputs.length !== 1) throw new TrainingUserError(trainingText('graphOneOutput', { outputs: model.outputs.length }));
  roles.forEach((role, i) => {
    const shape = model.inputs[i]!.shape;
    const width = shape[shape.length - 1];
    const expected =
      role === 'nodeFeatures' ? data.featureNames.length : role === 'edgeFeatures' ? (data.edgeFeatureNames?.length ?? 0) : role === 'edgeIndex' ? 2 : 1;
    if (role === 'edgeFeatures' && !data.edgeFeatureNames?.length)
      throw new TrainingUserError(trainingText('graphNoEdgeFeatures', { input: model.inputNames[i]! }));
    if (role === 'graphIds' && data.task !== 'graph')
      throw new TrainingUserError(trainingText('graphIdsOneGraph', { input: model.inputNames[i]! }));
    if (width !== expected)
      throw new TrainingUserError(
        role === 'nodeFeatures'
          ? trainingText('graphInputNodeFeatures', {
              input: model.inputNames[i]!,
              role,
              expected: formatShape(shape),
              width: expected,
              names: `${data.featureNames.slice(0, 5).join(', ')}${data.featureNames.length > 5 ? ', …' : ''}`,
            })
          : trainingText('graphInputValues', { input: model.inputNames[i]!, role, expected: formatShape(shape), width: expected }),
      );
  });
  const outputShape = model.outputs[0]!.shape;
  const units = outputShape[outputShape.length - 1];
  if (outputShape.length !== 2 || typeof units !== 'number')
    throw new TrainingUserError(trainingText('graphOutputShape', { shape: formatShape(outputShape) }));
  const classes = data.classNames.length;
  if (config.loss !== 'binaryCrossentropy' && config.loss !== 'sparseCategoricalCrossentropy' && units !== classes)
    throw new TrainingUserError(trainingText(data.task === 'node' ? 'graphNodeClasses' : 'graphGraphClasses', { units, classes }));
  if (config.loss === 'binaryCrossentropy' && units !== 1)
    throw new TrainingUserError(trainingText('graphBinaryUnits', { units }));
  if (!['categoricalCrossentropy', 'sparseCategoricalCrossentropy', 'binaryCrossentropy'].includes(config.loss))
    throw new TrainingUserError(trainingText('graphLoss', { loss: config.loss }));
  return units;
}

/** Class indices → what the loss compares with: one-hot rows, index columns or 0/1 columns. */
function encodeTargets(labels: Int32Array, classes: number, loss: TrainingConfig['loss']): tf.Tensor {
  return tf.tidy(() => {
    const indices = tf.tensor1d(labels, 'int32');
    if (loss === 'categoricalCrossentropy') return tf.oneHot(indices, classes).cast('float32');
    return indices.cast('float32').reshape([-1, 1]);
  });
}

/**
 * Trains a graph model: node classification full-batch (the whole graph goes through the
 * model each step, the loss looks at the training nodes only; validation and test nodes
 * are scored on the same forward pass without dropout), or graph classification in batches
 * of `batchSize` graphs. Events, early stopping, stop/pause and divergence checks work as
 * in trainModel. Validation uses the dataset's own split, not `validationSplit`.
 */
export async function trainGraphModel(
  model: tf.LayersModel,
  data: GraphDataset,
  config: TrainingConfig,
  options: GraphTrainOptions,
): Promise<GraphTrainingOutcome> {
  const { backend } = options;
  const control = options.control ?? new TrainingControl();
  const emit = options.onEvent ?? (() => {});
  const batchInterval = options.batchEventIntervalMs ?? BATCH_EVENT_MIN_INTERVAL_MS;
  const startedAt = Date.now();
  const roles = graphInputRoles(model, options.inputRoles);
  const units = checkGraphCompatibility(model, data, roles, config);
  const lossFn = lossFunction(config.loss);
  const metrics = metricFunctions(config, units);
  const classes = data.classNames.length;

  const nodeTask = data.task === 'node';
  const ranges = nodeTask ? null : graphRanges(data);
  const whole = nodeTask ? wholeGraph(data, roles) : null;
  const splitTensors = (items: Int32Array): GraphTensors | null => {
    if (!whole || !items.length) return null;
    return { inputs: whole, rows: tf.tensor1d(items, 'int32'), targets: encodeTargets(items.map((i) => data.labels[i]!), classes, config.loss) };
  };
  const train = splitTensors(data.split.train);
  const trainCount = data.split.train.length;
  const validationCount = data.split.validation.length;
  const steps = nodeTask ? 1 : Math.ceil(trainCount / config.batchSize);

  const optimizer = createOptimizer(config);
  const best = bestEpochKeeper(model, config, validationCount > 0, (message) => emit({ type: 'log', backend, level: 'warn', message }));
  const divergence = new DivergenceWatch();
  let lastLogs: MetricLogs = {};
  let epochsDone = 0;
  let reason: DoneEvent['reason'] = 'completed';

  emit({ type: 'ready', backend, trainSamples: trainCount, validationSamples: validationCount, batchesPerEpoch: steps, epochs: config.epochs });

  const scoreItems = (items: Int32Array, prefix: string): MetricLogs =>
    nodeTask ? score(model, splitTensors(items), lossFn, metrics, prefix) : scoreGraphs(model, data, ranges!, roles, items, config, classes, lossFn, metrics, prefix);

  try {
    epochs: for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const order = nodeTask ? null : config.shuffle ? shuffledIndices(trainCount, config.seed + epoch).map((i) => data.split.train[i]!) : data.split.train;
      const sums = new Float64Array(1 + metrics.length);
      let seen = 0;
      let learningRate = config.learningRate;
      let lastEmitAt = Date.now();
      let samplesSinceEmit = 0;
      for (let batch = 0; batch < steps; batch++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        await control.untilResumed();
        if (control.stopping) {
          reason = 'stopped';
          break epochs;
        }
        learningRate = learningRateAt(config, (epoch - 1) * steps + batch, steps);
        setLearningRate(optimizer, learningRate);
        let tensors: GraphTensors;
        let size: number;
        if (nodeTask) {
          tensors = train!;
          size = trainCount;
        } else {
          const graphs = order!.subarray(batch * config.batchSize, (batch + 1) * config.batchSize);
          tensors = batchTensors(data, ranges!, roles, graphs, classes, config.loss);
          size = graphs.length;
        }
        const values = step(model, optimizer, lossFn, metrics, tensors);
        if (!nodeTask) disposeTensors(tensors);
        const loss = values[0]!;
        const verdict = divergence.observe(loss);
        if (verdict.diverged) throw new TrainingUserError(divergenceText(verdict, { epoch, batch: batch + 1, learningRate }));
        for (let i = 0; i < values.length; i++) sums[i]! += values[i]! * size;
        seen += size;
        samplesSinceEmit += size;
        const now = Date.now();
        if (batch === steps - 1 || now - lastEmitAt >= batchInterval) {
          emit({
            type: 'batch',
            backend,
            epoch,
            batch: batch + 1,
            batchesPerEpoch: steps,
            loss: sums[0]! / seen,
            metrics: Object.fromEntries(metrics.map((m, i) => [m.key, sums[i + 1]! / seen])),
            learningRate,
            samplesPerSecond: samplesSinceEmit / (Math.max(now - lastEmitAt, 1) / 1000),
          });
          lastEmitAt = now;
          samplesSinceEmit = 0;
        }
      }
      const logs: MetricLogs = { loss: sums[0]! / seen };
      metrics.forEach((m, i) => (logs[m.key] = sums[i + 1]! / seen));
      if (validationCount > 0) Object.assign(logs, scoreItems(data.split.validation, 'val_'));
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
    const evaluated = validationCount ? data.split.validation : data.split.train;
    const test = epochsDone > 0 && data.split.test.length ? scoreItems(data.split.test, 'test_') : {};
    return {
      backend,
      reason,
      epochs: epochsDone,
      metrics: { ...metricsOut, ...test },
      ...(bestEpoch !== undefined ? { bestEpoch } : {}),
      elapsedMs: Date.now() - startedAt,
      test,
      evaluation: confusion(predictClasses(model, data, roles, ranges, evaluated), data, evaluated, validationCount ? 'validation' : 'training'),
    };
  } finally {
    best?.dispose();
    optimizer.dispose();
    tf.dispose([...(whole ?? []), train?.rows, train?.targets].filter((t): t is tf.Tensor => !!t));
  }
}

/** The arrays of one whole graph as tensors, in the model's input order. */
export function wholeGraph(data: GraphDataset, roles: GraphInputRole[]): tf.Tensor[] {
  return roles.map((role) => {
    switch (role) {
      case 'nodeFeatures':
        return tf.tensor2d(data.nodeFeatures, [data.nodeCount, data.featureNames.length]);
      case 'edgeIndex':
        return tf.tensor2d(data.edges, [data.edgeCount, 2], 'int32');
      case 'edgeFeatures':
        return tf.tensor2d(data.edgeFeatures!, [data.edgeCount, data.edgeFeatureNames!.length]);
      case 'graphIds':
        return tf.tensor2d(data.graphIds ?? new Int32Array(data.nodeCount), [data.nodeCount, 1], 'int32');
    }
  });
}

function batchTensors(data: GraphDataset, ranges: GraphRanges, roles: GraphInputRole[], graphs: ArrayLike<number>, classes: number, loss: TrainingConfig['loss']): GraphTensors {
  const b = graphBatch(data, graphs, ranges);
  const inputs = roles.map((role) => {
    switch (role) {
      case 'nodeFeatures':
        return tf.tensor2d(b.features, [b.nodeCount, data.featureNames.length]);
      case 'edgeIndex':
        return tf.tensor2d(b.edgeIndex, [b.edgeCount, 2], 'int32');
      case 'edgeFeatures':
        return tf.tensor2d(b.edgeFeatures!, [b.edgeCount, data.edgeFeatureNames!.length]);
      case 'graphIds':
        return tf.tensor2d(b.graphIds, [b.nodeCount, 1], 'int32');
    }
  });
  return { inputs, targets: encodeTargets(b.labels, classes, loss), rows: null };
}

function disposeTensors(t: GraphTensors) {
  tf.dispose([...t.inputs, t.targets, ...(t.rows ? [t.rows] : [])]);
}

type NamedObjective = { key: string; fn: Objective };

function step(model: tf.LayersModel, optimizer: tf.Optimizer, lossFn: Objective, metrics: NamedObjective[], t: GraphTensors): Float32Array {
  return tf.tidy(() => {
    let prediction: tf.Tensor | null = null;
    const loss = optimizer.minimize(() => {
      const out = model.apply(t.inputs, { training: true }) as tf.Tensor;
      // gatherRows, not tf.gather: tf.gather's gradient on cpu loops once per node over all rows.
      const rows = t.rows ? gatherRows(out, t.rows) : out;
      prediction = tf.keep(rows);
      let total = lossFn(t.targets, rows);
      for (const penalty of model.calculateLosses()) total = tf.add(total, penalty);
      return total as tf.Scalar;
    }, true)!;
    const predicted = prediction as unknown as tf.Tensor;
    const values = tf.concat([loss.reshape([1]), ...metrics.map((m) => m.fn(t.targets, predicted).reshape([1]))]).dataSync() as Float32Array;
    predicted.dispose();
    return values;
  });
}


function score(model: tf.LayersModel, t: GraphTensors | null, lossFn: Objective, metrics: NamedObjective[], prefix: string): MetricLogs {
  if (!t) return {};
  try {
    const values = tf.tidy(() => {
      const out = model.apply(t.inputs, { training: false }) as tf.Tensor;
      const rows = tf.gather(out, t.rows!);
      return tf.stack([lossFn(t.targets, rows), ...metrics.map((m) => m.fn(t.targets, rows))]).dataSync();
    });
    return Object.fromEntries([['loss', values[0]!], ...metrics.map((m, i) => [m.key, values[i + 1]!])].map(([k, v]) => [`${prefix}${k}`, v as number]));
  } finally {
    tf.dispose([t.rows!, t.targets]);
  }
}

function scoreGraphs(
  model: tf.LayersModel,
  data: GraphDataset,
  ranges: GraphRanges,
  roles: GraphInputRole[],
  graphs: Int32Array,
  config: TrainingConfig,
  classes: number,
  lossFn: Objective,
  metrics: NamedObjective[],
  prefix: string,
): MetricLogs {
  const sums = new Float64Array(1 + metrics.length);
  const chunk = Math.max(config.batchSize, 256);
  for (let start = 0; start < graphs.length; start += chunk) {
    const part = graphs.subarray(start, start + chunk);
    const t = batchTensors(data, ranges, roles, part, classes, config.loss);
    const values = tf.tidy(() => {
      const out = model.apply(t.inputs, { training: false }) as tf.Tensor;
      return tf.stack([lossFn(t.targets, out), ...metrics.map((m) => m.fn(t.targets, out))]).dataSync();
    });
    disposeTensors(t);
    for (let i = 0; i < values.length; i++) sums[i]! += values[i]! * part.length;
  }
  const logs: MetricLogs = { [`${prefix}loss`]: sums[0]! / graphs.length };
  metrics.forEach((m, i) => (logs[`${prefix}${m.key}`] = sums[i + 1]! / graphs.length));
  return logs;
}

/** Predicted class of each listed node (node task) or graph (graph task). */
export function predictClasses(model: tf.LayersModel, data: GraphDataset, roles: GraphInputRole[], ranges: GraphRanges | null, items: Int32Array): Int32Array {
  const argmax = (out: tf.Tensor) => (out.shape[1] === 1 ? tf.greaterEqual(out, 0.5).reshape([-1]).cast('int32') : tf.argMax(out, 1));
  if (data.task === 'node')
    return tf.tidy(() => {
      const inputs = wholeGraph(data, roles);
      const out = model.apply(inputs, { training: false }) as tf.Tensor;
      return argmax(tf.gather(out, tf.tensor1d(items, 'int32'))).dataSync() as Int32Array;
    });
  const t = batchTensors(data, ranges!, roles, items, data.classNames.length, 'sparseCategoricalCrossentropy');
  try {
    return tf.tidy(() => argmax(model.apply(t.inputs, { training: false }) as tf.Tensor).dataSync() as Int32Array);
  } finally {
    disposeTensors(t);
  }
}

function confusion(predicted: Int32Array, data: GraphDataset, items: Int32Array, split: 'validation' | 'training'): Evaluation {
  const classes = data.classNames.length;
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  items.forEach((item, i) => (matrix[data.labels[item]!]![predicted[i]!]! += 1));
  let correct = 0;
  const perClass = data.classNames.map((className, k) => {
    correct += matrix[k]![k]!;
    const support = matrix[k]!.reduce((a, b) => a + b, 0);
    const predictedAs = matrix.reduce((s, row) => s + row[k]!, 0);
    return { className, precision: predictedAs ? matrix[k]![k]! / predictedAs : null, recall: support ? matrix[k]![k]! / support : null, support };
  });
  return { kind: 'classification', split, samples: items.length, classNames: data.classNames, confusionMatrix: matrix, perClass, accuracy: items.length ? correct / items.length : 0 };
}
