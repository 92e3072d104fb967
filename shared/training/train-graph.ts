import * as tf from '@tensorflow/tfjs';
import { shuffledIndices } from '../data/dataset';
import { graphBatch, graphRanges, type GraphDataset, type GraphRanges } from '../data/graph';
import type { GraphInputRole } from '../layers/graph/roles';
import { formatShape } from '../layers/shape-utils';
import { stepsPerEpoch, type TrainingConfig } from '../graph/training-config';
import { TrainingUserError } from './errors';
import { trainingText } from './messages';
import type { Evaluation, MetricLogs } from './protocol';
import {
  evaluateSplit,
  runObjective,
  singleOutputObjective,
  trainLoop,
  type SplitBatches,
  type TrainingBatch,
  type TrainingDataSource,
  type TrainingOutcome,
  type TrainOptions,
} from './loop';

export type { GraphInputRole };

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
 * Trains a graph model (see trainLoop): node classification full-batch (the whole graph goes
 * through the model each step, the loss looks at the training nodes only; validation and test
 * nodes are scored on the same graph without dropout), or graph classification in batches of
 * `batchSize` graphs. Validation uses the dataset's own split, not `validationSplit`; the test
 * split is scored once on the final weights.
 */
export async function trainGraphModel(
  model: tf.LayersModel,
  data: GraphDataset,
  config: TrainingConfig,
  options: GraphTrainOptions,
): Promise<GraphTrainingOutcome> {
  const roles = graphInputRoles(model, options.inputRoles);
  checkGraphCompatibility(model, data, roles, config);
  const outcome = await trainLoop(model, graphDataSource(data, roles, config), config, options);
  const ranges = data.task === 'node' ? null : graphRanges(data);
  const test = outcome.epochs > 0 && data.split.test.length ? await scoreTestSplit(model, data, roles, ranges, config) : {};
  const validationCount = data.split.validation.length;
  const evaluated = validationCount ? data.split.validation : data.split.train;
  return {
    ...outcome,
    metrics: { ...outcome.metrics, ...test },
    test,
    evaluation: confusion(predictClasses(model, data, roles, ranges, evaluated), data, evaluated, validationCount ? 'validation' : 'training'),
  };
}

async function scoreTestSplit(model: tf.LayersModel, data: GraphDataset, roles: GraphInputRole[], ranges: GraphRanges | null, config: TrainingConfig): Promise<MetricLogs> {
  const whole = ranges ? null : wholeGraph(data, roles);
  try {
    const split = whole ? nodeSplit(data, whole, data.split.test, config.loss) : graphSplit(data, ranges!, roles, data.split.test, config);
    return (await evaluateSplit(model, runObjective([singleOutputObjective(config)]), split, 'test_')) ?? {};
  } finally {
    if (whole) tf.dispose(whole);
  }
}

/**
 * A graph dataset as the loop's data source: for a node task one step per epoch on the whole
 * graph (kept on the backend for the run) with the training nodes picked out; for a graph
 * task batches of small graphs, shuffled every epoch.
 */
export function graphDataSource(data: GraphDataset, roles: GraphInputRole[], config: TrainingConfig): TrainingDataSource {
  const trainCount = data.split.train.length;
  const validationItems = data.split.validation;
  if (data.task === 'node') {
    const whole = wholeGraph(data, roles);
    const train = nodeTensors(data, whole, data.split.train, config.loss);
    return {
      trainSamples: trainCount,
      stepsPerEpoch: 1,
      objectives: [singleOutputObjective(config)],
      epoch: () => ({ batch: () => ({ ...train, size: trainCount }), release: () => {} }),
      validation: validationItems.length ? nodeSplit(data, whole, validationItems, config.loss) : null,
      dispose: () => tf.dispose([...whole, train.rows!, ...train.targets]),
    };
  }
  const ranges = graphRanges(data);
  return {
    trainSamples: trainCount,
    stepsPerEpoch: stepsPerEpoch(trainCount, config.batchSize),
    objectives: [singleOutputObjective(config)],
    epoch(epoch) {
      const order = config.shuffle ? shuffledIndices(trainCount, config.seed + epoch).map((i) => data.split.train[i]!) : data.split.train;
      const graphs = (index: number) => order.subarray(index * config.batchSize, (index + 1) * config.batchSize);
      return { batch: (index) => batchTensors(data, ranges, roles, graphs(index), data.classNames.length, config.loss), release: () => {} };
    },
    validation: validationItems.length ? graphSplit(data, ranges, roles, validationItems, config) : null,
    dispose: () => {},
  };
}

/** A node task's split, scored in one pass over the whole graph with its nodes picked out. */
function nodeSplit(data: GraphDataset, whole: tf.Tensor[], items: Int32Array, loss: TrainingConfig['loss']): SplitBatches {
  return { samples: items.length, count: 1, batch: () => ({ ...nodeTensors(data, whole, items, loss), size: items.length }) };
}

/** A graph task's split, scored in chunks of at least 256 graphs. */
function graphSplit(data: GraphDataset, ranges: GraphRanges, roles: GraphInputRole[], items: Int32Array, config: TrainingConfig): SplitBatches {
  const chunk = Math.max(config.batchSize, 256);
  return {
    samples: items.length,
    count: Math.ceil(items.length / chunk),
    batch: (index) => batchTensors(data, ranges, roles, items.subarray(index * chunk, (index + 1) * chunk), data.classNames.length, config.loss),
  };
}

/** The whole graph's inputs with the rows of `items` and their targets. */
function nodeTensors(data: GraphDataset, whole: tf.Tensor[], items: Int32Array, loss: TrainingConfig['loss']): Omit<TrainingBatch, 'size'> {
  return { inputs: whole, rows: tf.tensor1d(items, 'int32'), targets: [encodeTargets(items.map((i) => data.labels[i]!), data.classNames.length, loss)] };
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

/** A batch of whole small graphs as one disjoint graph, with a target per graph. */
function batchTensors(data: GraphDataset, ranges: GraphRanges, roles: GraphInputRole[], graphs: ArrayLike<number>, classes: number, loss: TrainingConfig['loss']): TrainingBatch {
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
  return { inputs, targets: [encodeTargets(b.labels, classes, loss)], rows: null, size: graphs.length };
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
  return tf.tidy(() => {
    const batch = batchTensors(data, ranges!, roles, items, data.classNames.length, 'sparseCategoricalCrossentropy');
    return argmax(model.apply(batch.inputs, { training: false }) as tf.Tensor).dataSync() as Int32Array;
  });
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
