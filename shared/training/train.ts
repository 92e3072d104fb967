import * as tf from '@tensorflow/tfjs';
import { formatShape } from '../layers/shape-utils';
import { sampleCount, shuffledIndices, splitIndices, type Dataset } from '../data/dataset';
import { stepsPerEpoch, type TrainingConfig } from '../graph/training-config';
import { trainingText } from './messages';
import { TrainingUserError } from './errors';
import { datasetFields, fieldSampleSize, INPUT_FIELD, TARGET_FIELD, type DatasetField } from '../data/fields';
import type { InputNoise } from '../graph/training-config';
import { isClassicRun } from '../graph/objectives';
import {
  singleOutputObjective,
  trainLoop,
  type OutputObjectiveResolved,
  type TrainingBatch,
  type TrainingDataSource,
  type TrainingOutcome,
  type TrainOptions,
} from './loop';

export type { ProgressEvent, TrainingOutcome, TrainOptions } from './loop';

/** Validation samples scored in one forward pass. */
const VALIDATION_CHUNK = 1024;

/**
 * Trains `model` on the table of samples `data` (see trainLoop): batches of rows from the
 * training split, shuffled every epoch, and the validation split scored after each epoch.
 * Throws TrainingUserError for a mismatch between data and model or a run that diverged.
 */
export async function trainModel(
  model: tf.LayersModel,
  data: Dataset,
  config: TrainingConfig,
  options: TrainOptions,
  bindings?: TableBindings,
): Promise<TrainingOutcome> {
  return trainLoop(model, tabularDataSource(model, data, config, bindings), config, options);
}

/** A model Input fed from a field of the dataset, optionally corrupted on the way in. */
export interface TableInput {
  /** Position among the model's inputs. */
  index: number;
  field: string;
  noise?: InputNoise;
}

/** A model output trained against a field of the dataset. */
export interface TableOutput extends OutputObjectiveResolved {
  field: string;
}

export interface TableBindings {
  inputs: TableInput[];
  outputs: TableOutput[];
}

/** What a one-input, one-output model learns without objectives in its document: `x` → `y` with the settings' loss. */
export function classicBindings(model: tf.LayersModel, config: Pick<TrainingConfig, 'loss' | 'metrics'>): TableBindings {
  return { inputs: [{ index: 0, field: INPUT_FIELD }], outputs: [{ ...singleOutputObjective(config, model.outputs[0]?.name ?? 'output'), field: TARGET_FIELD }] };
}

/** The shape one sample of `field` takes in `input`: a flat row whose size matches a fixed input shape becomes that shape. */
export function inputSampleShape(input: tf.SymbolicTensor, field: DatasetField): number[] {
  const declared = input.shape.slice(1);
  const sample = field.shape.slice(1);
  if (declared.every((d): d is number => d !== null) && declared.join() !== sample.join() && declared.reduce((a, b) => a * b, 1) === fieldSampleSize(field)) return declared;
  return sample;
}

/**
 * Corrupts a batch of inputs (a denoising autoencoder's): Gaussian noise, or values set to 0
 * at random. Seeded, so a run repeats exactly.
 */
export function corrupt(x: tf.Tensor, noise: InputNoise, seed: number): tf.Tensor {
  if (noise.kind === 'gaussian') return tf.add(x, tf.randomNormal(x.shape, 0, noise.std, 'float32', seed));
  return tf.mul(x, tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), noise.rate), x.dtype));
}

/**
 * A table of samples as the loop's data source: each bound Input reads its field, each
 * trained output its target field. The whole dataset goes to the backend once; batches are
 * gathered there, never copied from JS.
 */
export function tabularDataSource(model: tf.LayersModel, data: Dataset, config: TrainingConfig, bindings: TableBindings = classicBindings(model, config)): TrainingDataSource {
  const fields = datasetFields(data);
  const classic = isClassicRun(model, bindings) ? checkCompatibility(model, data, config) : null;
  const count = sampleCount(data);
  if (count < 1) throw new TrainingUserError(trainingText('noSamples'));
  for (const { field } of [...bindings.inputs, ...bindings.outputs]) {
    const values = fields[field];
    if (!values) throw new TrainingUserError(trainingText('fieldMissing', { field, fields: Object.keys(fields).join(', ') }));
    if (values.shape[0] !== count) throw new TrainingUserError(trainingText('inputsTargets', { inputs: count, targets: values.shape[0]! }));
  }
  const split = splitIndices(count, config.validationSplit, config.seed);
  const trainCount = split.train.length;
  const validationCount = split.validation.length;
  const objectives = bindings.outputs.map((o) => ({ ...o, target: { ...o.target, ...(fields[o.field]!.ignoreValue !== undefined ? { ignoreValue: fields[o.field]!.ignoreValue } : {}) } }));
  // Every field is uploaded once, split into its training and validation rows.
  const uploaded = new Map<string, { train: tf.Tensor; validation: tf.Tensor }>();
  const upload = (name: string, shape: number[], dtype: 'float32' | 'int32') => {
    const key = `${name}:${shape.join('x')}:${dtype}`;
    if (!uploaded.has(key))
      uploaded.set(
        key,
        tf.tidy(() => {
          const all = tf.tensor(fields[name]!.values, [count, ...shape], 'float32').cast(dtype);
          return { train: tf.gather(all, tf.tensor1d(split.train, 'int32')), validation: tf.gather(all, tf.tensor1d(split.validation, 'int32')) };
        }),
      );
    return uploaded.get(key)!;
  };
  const inputs = bindings.inputs.map((b) => {
    const input = model.inputs[b.index]!;
    const shape = classic ? classic.sampleShape : inputSampleShape(input, fields[b.field]!);
    return { ...b, tensors: upload(b.field, shape, input.dtype === 'int32' ? 'int32' : 'float32') };
  });
  const targets = bindings.outputs.map((b) => upload(b.field, fields[b.field]!.shape.slice(1), 'float32'));
  const noisy = (x: tf.Tensor, b: TableInput, seed: number) => (b.noise ? corrupt(x, b.noise, seed) : x);
  const oneOrMany = (xs: tf.Tensor[]) => (xs.length === 1 ? xs[0]! : xs);
  const rowsOf = (part: 'train' | 'validation', start: number, size: number, seed: number): TrainingBatch => ({
    inputs: oneOrMany(inputs.map((b) => noisy(b.tensors[part].slice(start, size), b, seed))),
    targets: targets.map((t) => t[part].slice(start, size)),
    rows: null,
    size,
  });
  return {
    trainSamples: trainCount,
    stepsPerEpoch: stepsPerEpoch(trainCount, config.batchSize),
    objectives,
    epoch(epoch) {
      const order = config.shuffle ? tf.tensor1d(shuffledIndices(trainCount, config.seed + epoch), 'int32') : null;
      return {
        batch(index) {
          const start = index * config.batchSize;
          const size = Math.min(config.batchSize, trainCount - start);
          const seed = config.seed * 7919 + epoch * 100_003 + index;
          if (!order) return rowsOf('train', start, size, seed);
          const rows = order.slice(start, size);
          return {
            inputs: oneOrMany(inputs.map((b) => noisy(tf.gather(b.tensors.train, rows), b, seed))),
            targets: targets.map((t) => tf.gather(t.train, rows)),
            rows: null,
            size,
          };
        },
        release: () => order?.dispose(),
      };
    },
    validation: validationCount
      ? {
          samples: validationCount,
          count: Math.ceil(validationCount / VALIDATION_CHUNK),
          // The same corruption every epoch, so validation losses compare.
          batch: (index) => rowsOf('validation', index * VALIDATION_CHUNK, Math.min(VALIDATION_CHUNK, validationCount - index * VALIDATION_CHUNK), config.seed + index),
        }
      : null,
    dispose: () => tf.dispose([...uploaded.values()].flatMap((t) => [t.train, t.validation])),
  };
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
