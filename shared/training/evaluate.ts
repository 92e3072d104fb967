import * as tf from '@tensorflow/tfjs';
import { sampleCount, splitIndices, type Dataset } from '../data/dataset';
import type { TrainingConfig } from '../graph/training-config';
import type { Evaluation, ModelInputInfo } from './protocol';

/** A regression plot stays readable (and a run record small) with a few hundred points. */
export const MAX_REGRESSION_POINTS = 500;
const PREDICT_CHUNK = 1024;

/**
 * The per-sample input shape of `model`: its Input's shape without the batch axis when that
 * is fully known (a flat CSV row of 784 values feeds a [28, 28, 1] input), else the data's.
 */
export function modelSampleShape(model: tf.LayersModel, data: Pick<Dataset, 'xShape'>): number[] {
  const declared = model.inputs[0]!.shape.slice(1);
  return declared.every((d): d is number => d !== null) ? declared : data.xShape.slice(1);
}

/** What a prediction on new rows needs: the feature names, shape, normalization and class names. */
export function modelInputInfo(model: tf.LayersModel, data: Dataset): ModelInputInfo {
  const image = imageInput(model);
  return {
    featureNames: data.featureNames,
    sampleShape: modelSampleShape(model, data),
    ...(data.normalization ? { normalization: data.normalization } : {}),
    classNames: data.classNames,
    ...(image ? { image } : {}),
  };
}

type ImageShape = NonNullable<ModelInputInfo['image']>;

/** Grey, RGB or RGBA: the channel counts of a picture (a [steps, 5] sequence is not one). */
function asImage(shape: readonly (number | null)[]): ImageShape | null {
  const [height, width, channels] = shape;
  if (shape.length !== 3 || !height || !width || !channels || ![1, 3, 4].includes(channels) || height < 4 || width < 4) return null;
  return { height, width, channels };
}

/**
 * The picture a single-input model reads, if it reads one: its input is [h, w, c], or a
 * flat row of h·w·c values whose first layer lays it out as [h, w, c] (a Reshape, for a CSV
 * of pixels like examples/bars.csv). A layer without weights that turns h·w·c values into an
 * [h, w, c] picture can only have rearranged them.
 */
export function imageInput(model: tf.LayersModel): ImageShape | null {
  if (model.inputs.length !== 1) return null;
  const input = model.inputs[0]!;
  const direct = asImage(input.shape.slice(1));
  if (direct) return direct;
  if (input.shape.length !== 2) return null;
  const reader = model.layers.find((layer) => layer.getClassName() !== 'InputLayer' && layer.inboundNodes.some((node) => node.inputTensors.includes(input)));
  if (!reader || reader.countParams() > 0) return null;
  const reshaped = asImage((reader.outputShape as (number | null)[]).slice(1));
  return reshaped && reshaped.height * reshaped.width * reshaped.channels === input.shape[1] ? reshaped : null;
}

/** Whether the run trains a classifier, judged from the loss as Keras users set it. */
function isClassifier(loss: TrainingConfig['loss']): boolean {
  return loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy' || loss === 'binaryCrossentropy';
}

/**
 * How the trained model does on the validation split (the same rows training held out,
 * from the same seed), or on the training data when there is no validation split: a
 * confusion matrix with per-class precision and recall for a classifier, predicted against
 * actual values for regression.
 */
export function evaluateModel(
  model: tf.LayersModel,
  data: Dataset,
  config: Pick<TrainingConfig, 'loss' | 'validationSplit' | 'seed'>,
): Evaluation {
  const count = sampleCount(data);
  const split = splitIndices(count, config.validationSplit, config.seed);
  const useValidation = split.validation.length > 0;
  const rows = useValidation ? split.validation : split.train;
  const sampleShape = modelSampleShape(model, data);
  const inputDtype = model.inputs[0]!.dtype === 'int32' ? 'int32' : 'float32';
  const features = data.xShape.slice(1).reduce((a, b) => a * b, 1);
  const targetWidth = data.yShape.slice(1).reduce((a, b) => a * b, 1);

  const predictions: Float32Array[] = [];
  let outputWidth = 0;
  for (let start = 0; start < rows.length; start += PREDICT_CHUNK) {
    const chunk = rows.subarray(start, Math.min(rows.length, start + PREDICT_CHUNK));
    const x = new Float32Array(chunk.length * features);
    chunk.forEach((row, i) => x.set(data.x.subarray(row * features, (row + 1) * features), i * features));
    const output = tf.tidy(() => {
      const input = tf.tensor(x, [chunk.length, ...sampleShape], 'float32').cast(inputDtype);
      const predicted = model.apply(input, { training: false }) as tf.Tensor;
      outputWidth = predicted.shape.slice(1).reduce((a: number, b) => a * b!, 1);
      return predicted.dataSync() as Float32Array;
    });
    predictions.push(output);
  }
  const predicted = concat(predictions);
  const actual = new Float32Array(rows.length * targetWidth);
  rows.forEach((row, i) => actual.set(data.y.subarray(row * targetWidth, (row + 1) * targetWidth), i * targetWidth));
  const splitName = useValidation ? 'validation' : 'training';

  if (isClassifier(config.loss))
    return classification(actual, targetWidth, predicted, outputWidth, rows.length, data.classNames, config.loss, splitName);
  return regression(actual, predicted, outputWidth, rows.length, splitName);
}

export function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function argmax(values: Float32Array, from: number, width: number): number {
  let best = 0;
  for (let k = 1; k < width; k++) if (values[from + k]! > values[from + best]!) best = k;
  return best;
}

export function classification(
  actual: Float32Array,
  targetWidth: number,
  predicted: Float32Array,
  outputWidth: number,
  samples: number,
  datasetClassNames: string[],
  loss: TrainingConfig['loss'],
  split: 'validation' | 'training',
): Extract<Evaluation, { kind: 'classification' }> {
  // One sigmoid unit: two classes split at 0.5, as binary accuracy counts them.
  const singleUnit = outputWidth === 1;
  const classes = singleUnit ? 2 : outputWidth;
  const classNames =
    datasetClassNames.length === classes ? datasetClassNames : Array.from({ length: classes }, (_, k) => `class ${k}`);
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < samples; i++) {
    const predictedClass = singleUnit ? (predicted[i]! >= 0.5 ? 1 : 0) : argmax(predicted, i * outputWidth, outputWidth);
    const actualClass =
      loss === 'sparseCategoricalCrossentropy' || targetWidth === 1
        ? singleUnit
          ? actual[i * targetWidth]! >= 0.5
            ? 1
            : 0
          : Math.round(actual[i * targetWidth]!)
        : argmax(actual, i * targetWidth, targetWidth);
    if (actualClass >= 0 && actualClass < classes) matrix[actualClass]![predictedClass]! += 1;
  }
  let correct = 0;
  const perClass = classNames.map((className, k) => {
    const truePositives = matrix[k]![k]!;
    correct += truePositives;
    const support = matrix[k]!.reduce((a, b) => a + b, 0);
    const predictedAs = matrix.reduce((sum, row) => sum + row[k]!, 0);
    return {
      className,
      precision: predictedAs > 0 ? truePositives / predictedAs : null,
      recall: support > 0 ? truePositives / support : null,
      support,
    };
  });
  const counted = perClass.reduce((n, c) => n + c.support, 0);
  return { kind: 'classification', split, samples, classNames, confusionMatrix: matrix, perClass, accuracy: counted ? correct / counted : 0 };
}

export function regression(
  actual: Float32Array,
  predicted: Float32Array,
  outputs: number,
  samples: number,
  split: 'validation' | 'training',
): Extract<Evaluation, { kind: 'regression' }> {
  const total = Math.min(actual.length, predicted.length);
  let absolute = 0;
  let squared = 0;
  let mean = 0;
  for (let i = 0; i < total; i++) mean += actual[i]!;
  mean /= Math.max(1, total);
  let variance = 0;
  for (let i = 0; i < total; i++) {
    const error = predicted[i]! - actual[i]!;
    absolute += Math.abs(error);
    squared += error * error;
    variance += (actual[i]! - mean) ** 2;
  }
  // Evenly spaced values rather than the first few hundred, so the plot covers the whole split.
  const step = Math.max(1, total / MAX_REGRESSION_POINTS);
  const points: { actual: number; predicted: number }[] = [];
  for (let at = 0; Math.floor(at) < total && points.length < MAX_REGRESSION_POINTS; at += step) {
    const i = Math.floor(at);
    points.push({ actual: actual[i]!, predicted: predicted[i]! });
  }
  return {
    kind: 'regression',
    split,
    samples,
    outputs,
    points,
    mae: total ? absolute / total : 0,
    rmse: total ? Math.sqrt(squared / total) : 0,
    r2: variance > 0 ? 1 - squared / variance : null,
  };
}
