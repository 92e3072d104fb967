import * as tf from '@tensorflow/tfjs';
import { formatShape } from '../layers/shape-utils';
import { sampleCount, shuffledIndices, splitIndices, type Dataset } from '../data/dataset';
import { stepsPerEpoch, type TrainingConfig } from '../graph/training-config';
import { trainingText } from './messages';
import { TrainingUserError } from './errors';
import {
  trainLoop,
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
): Promise<TrainingOutcome> {
  return trainLoop(model, tabularDataSource(model, data, config), config, options);
}

/**
 * A table of samples as the loop's data source. The whole dataset goes to the backend once;
 * batches are gathered there, never copied from JS.
 */
export function tabularDataSource(model: tf.LayersModel, data: Dataset, config: TrainingConfig): TrainingDataSource {
  const { outputUnits, sampleShape } = checkCompatibility(model, data, config);
  const count = sampleCount(data);
  const split = splitIndices(count, config.validationSplit, config.seed);
  const trainCount = split.train.length;
  const validationCount = split.validation.length;
  const inputDtype = model.inputs[0]!.dtype === 'int32' ? 'int32' : 'float32';
  const [xTrain, yTrain, xVal, yVal] = tf.tidy(() => {
    const x = tf.tensor(data.x, [count, ...sampleShape], 'float32').cast(inputDtype);
    const y = tf.tensor(data.y, data.yShape, 'float32');
    const train = tf.tensor1d(split.train, 'int32');
    const val = tf.tensor1d(split.validation, 'int32');
    return [tf.gather(x, train), tf.gather(y, train), tf.gather(x, val), tf.gather(y, val)];
  });
  const rowsOf = (x: tf.Tensor, y: tf.Tensor, start: number, size: number): TrainingBatch => ({ inputs: x.slice(start, size), targets: y.slice(start, size), rows: null, size });
  return {
    trainSamples: trainCount,
    stepsPerEpoch: stepsPerEpoch(trainCount, config.batchSize),
    outputUnits,
    epoch(epoch) {
      const order = config.shuffle ? tf.tensor1d(shuffledIndices(trainCount, config.seed + epoch), 'int32') : null;
      return {
        batch(index) {
          const start = index * config.batchSize;
          const size = Math.min(config.batchSize, trainCount - start);
          if (!order) return rowsOf(xTrain, yTrain, start, size);
          const rows = order.slice(start, size);
          return { inputs: tf.gather(xTrain, rows), targets: tf.gather(yTrain, rows), rows: null, size };
        },
        release: () => order?.dispose(),
      };
    },
    validation: validationCount
      ? {
          samples: validationCount,
          count: Math.ceil(validationCount / VALIDATION_CHUNK),
          batch: (index) => rowsOf(xVal, yVal, index * VALIDATION_CHUNK, Math.min(VALIDATION_CHUNK, validationCount - index * VALIDATION_CHUNK)),
        }
      : null,
    dispose: () => tf.dispose([xTrain, yTrain, xVal, yVal]),
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
