import * as tf from '@tensorflow/tfjs';
import { sampleCount, splitIndices, type Dataset } from '../data/dataset';
import { datasetFields, fieldSampleSize, INPUT_FIELD, type DatasetField } from '../data/fields';
import type { LossName, TrainingConfig } from '../graph/training-config';
import { argmax, classification, concat, imageInput, modelInputInfo, regression } from './evaluate';
import type { Evaluation, ModelInputInfo, OutputEvaluation, SampleImage } from './protocol';
import { encodeImage, encodeMask } from './sample-image';
import { corrupt, inputSampleShape, type TableBindings, type TableOutput } from './train';

/** Samples shown per image or sequence output: enough to judge, small enough for a run record. */
export const MAX_EXAMPLES = 8;
/** Pictures larger than this on a side are shown subsampled. */
export const MAX_EXAMPLE_SIDE = 64;
/** The same chunks the loop's validation takes, so each chunk's input noise is the one validation saw. */
const CHUNK = 1024;

/** What an output's evaluation shows, from its per-sample shape and its target. */
export type OutputView = 'classification' | 'regression' | 'images' | 'mask' | 'sequences';

function isCrossentropy(loss: LossName): boolean {
  return loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy' || loss === 'binaryCrossentropy';
}

/**
 * [h, w, c] → a picture (a mask when the target holds a class per pixel); [steps, classes]
 * against classes per position → sequences; one vector per sample → a confusion matrix or a
 * scatter, as the loss and the target say.
 */
export function outputView(outputShape: readonly (number | null)[], target: Pick<DatasetField, 'kind' | 'shape'>, loss: LossName): OutputView {
  const categorical = target.kind === 'classes' || target.kind === 'class-index';
  if (outputShape.length === 3 && target.kind === 'class-index') return 'mask';
  if (outputShape.length === 3 && [1, 3, 4].includes(outputShape[2] ?? 0)) return 'images';
  if (outputShape.length === 2 && (categorical || target.kind === 'tokens' || isCrossentropy(loss))) return 'sequences';
  if (outputShape.length <= 1 && (categorical || isCrossentropy(loss))) return 'classification';
  return 'regression';
}

interface Chunk {
  /** Rows of the chunk, in split order. */
  size: number;
  /** The values each model input read (noise included), one sample after another. */
  inputs: Float32Array[];
  predicted: Float32Array;
  target: Float32Array;
}

interface SectionBuilder {
  add(chunk: Chunk): void;
  finish(): OutputEvaluation;
}

type Split = 'validation' | 'training';

/** Every `step`-th pixel, so a large picture stays a few kilobytes. */
function shrink(values: Float32Array, height: number, width: number, channels: number): { values: Float32Array; height: number; width: number } {
  const step = Math.ceil(Math.max(height, width) / MAX_EXAMPLE_SIDE);
  if (step <= 1) return { values, height, width };
  const h = Math.ceil(height / step);
  const w = Math.ceil(width / step);
  const out = new Float32Array(h * w * channels);
  for (let r = 0; r < h; r++)
    for (let c = 0; c < w; c++)
      for (let k = 0; k < channels; k++) out[(r * w + c) * channels + k] = values[(r * step * width + c * step) * channels + k]!;
  return { values: out, height: h, width: w };
}

function pictureOf(values: Float32Array, [height, width, channels]: readonly number[]): SampleImage {
  const small = shrink(values, height!, width!, channels!);
  return encodeImage(small.values, [small.height, small.width, channels!]);
}

function maskOf(classes: Float32Array, height: number, width: number): SampleImage {
  const small = shrink(classes, height, width, 1);
  return encodeMask(small.values, small.height, small.width);
}

/**
 * Where the model's input picture is, to show beside the target: the first input that reads
 * a picture, or one whose values are as many as the output's (a flat row of pixels).
 */
function pictureInput(model: tf.LayersModel, inputShapes: number[][], outputShape: readonly number[]): { input: number; shape: number[] } | null {
  const size = outputShape.reduce((a, b) => a * b, 1);
  const pictures = inputShapes.findIndex((shape) => shape.length === 3 && [1, 3, 4].includes(shape[2]!));
  if (pictures >= 0) return { input: pictures, shape: inputShapes[pictures]! };
  const image = model.inputs.length === 1 ? imageInput(model) : null;
  if (image) return { input: 0, shape: [image.height, image.width, image.channels] };
  const sameSize = inputShapes.findIndex((shape) => shape.reduce((a, b) => a * b, 1) === size);
  return sameSize >= 0 && [1, 3, 4].includes(outputShape[2]!) ? { input: sameSize, shape: [...outputShape] } : null;
}

function imagesBuilder(split: Split, samples: number, outputShape: number[], picture: { input: number; shape: number[] } | null, psnr: boolean): SectionBuilder {
  const size = outputShape.reduce((a, b) => a * b, 1);
  const examples: Extract<OutputEvaluation, { kind: 'images' }>['examples'] = [];
  let absolute = 0;
  let squared = 0;
  let values = 0;
  let psnrSum = 0;
  let counted = 0;
  return {
    add({ size: rows, inputs, predicted, target }) {
      for (let i = 0; i < rows; i++) {
        let sampleSquared = 0;
        for (let k = i * size; k < (i + 1) * size; k++) {
          const error = predicted[k]! - target[k]!;
          absolute += Math.abs(error);
          sampleSquared += error * error;
        }
        squared += sampleSquared;
        values += size;
        psnrSum += -10 * Math.log10(Math.max(sampleSquared / size, 1e-10));
        counted++;
        if (examples.length < MAX_EXAMPLES) {
          const inputSize = picture ? picture.shape.reduce((a, b) => a * b, 1) : 0;
          examples.push({
            input: picture ? pictureOf(inputs[picture.input]!.slice(i * inputSize, (i + 1) * inputSize), picture.shape) : null,
            target: pictureOf(target.slice(i * size, (i + 1) * size), outputShape),
            predicted: pictureOf(predicted.slice(i * size, (i + 1) * size), outputShape),
          });
        }
      }
    },
    finish() {
      const metrics: Record<string, number> = { mse: values ? squared / values : 0, mae: values ? absolute / values : 0 };
      if (psnr && counted) metrics.psnr = psnrSum / counted;
      return { kind: 'images', split, samples, examples, metrics };
    },
  };
}

function maskBuilder(split: Split, samples: number, outputShape: number[], target: DatasetField, picture: { input: number; shape: number[] } | null): SectionBuilder {
  const [height, width, units] = outputShape as [number, number, number];
  const pixels = height * width;
  // One sigmoid unit: foreground where it says ≥ 0.5.
  const classCount = units === 1 ? 2 : units;
  const classNames = target.classNames?.length === classCount ? target.classNames : units === 1 ? ['background', 'foreground'] : Array.from({ length: classCount }, (_, k) => `class ${k}`);
  const intersection = new Float64Array(classCount);
  const union = new Float64Array(classCount);
  let right = 0;
  let counted = 0;
  const examples: Extract<OutputEvaluation, { kind: 'images' }>['examples'] = [];
  return {
    add({ size: rows, inputs, predicted, target: actual }) {
      for (let i = 0; i < rows; i++) {
        const predictedClasses = new Float32Array(pixels);
        const actualClasses = new Float32Array(pixels);
        for (let p = 0; p < pixels; p++) {
          const at = i * pixels + p;
          const guess = units === 1 ? (predicted[at]! >= 0.5 ? 1 : 0) : argmax(predicted, at * units, units);
          const truth = Math.round(actual[at]!);
          predictedClasses[p] = guess;
          actualClasses[p] = truth;
          if (truth === target.ignoreValue || truth < 0 || truth >= classCount) continue;
          counted++;
          if (guess === truth) {
            right++;
            intersection[truth]! += 1;
            union[truth]! += 1;
          } else {
            union[truth]! += 1;
            union[guess]! += 1;
          }
        }
        if (examples.length < MAX_EXAMPLES) {
          const inputSize = picture ? picture.shape.reduce((a, b) => a * b, 1) : 0;
          examples.push({
            input: picture ? pictureOf(inputs[picture.input]!.slice(i * inputSize, (i + 1) * inputSize), picture.shape) : null,
            target: maskOf(actualClasses, height, width),
            predicted: maskOf(predictedClasses, height, width),
          });
        }
      }
    },
    finish() {
      let iouSum = 0;
      let present = 0;
      for (let k = 0; k < classCount; k++)
        if (union[k]! > 0) {
          iouSum += intersection[k]! / union[k]!;
          present++;
        }
      return { kind: 'images', split, samples, classNames, examples, metrics: { pixelAccuracy: counted ? right / counted : 0, iou: present ? iouSum / present : 0 } };
    },
  };
}

function sequencesBuilder(split: Split, samples: number, outputShape: number[], target: DatasetField, tokenInput: { input: number; field: DatasetField } | null): SectionBuilder {
  const [steps, units] = outputShape as [number, number];
  const targetWidth = fieldSampleSize(target);
  // A target per position: a class index each, or one-hot rows.
  const oneHot = targetWidth === steps * units && units > 1;
  const vocabulary = target.classNames ?? target.vocabulary ?? Array.from({ length: units }, (_, k) => String(k));
  const inputVocabulary = tokenInput?.field.vocabulary;
  const inputWidth = tokenInput ? fieldSampleSize(tokenInput.field) : 0;
  const examples: Extract<OutputEvaluation, { kind: 'sequences' }>['examples'] = [];
  let right = 0;
  let counted = 0;
  let wholeRight = 0;
  let sequences = 0;
  return {
    add({ size: rows, inputs, predicted, target: actual }) {
      for (let i = 0; i < rows; i++) {
        const expected: number[] = [];
        const guessed: number[] = [];
        for (let s = 0; s < steps; s++) {
          const truth = oneHot ? argmax(actual, (i * steps + s) * units, units) : Math.round(actual[i * targetWidth + s]!);
          if (!oneHot && truth === target.ignoreValue) continue;
          const guess = units === 1 ? (predicted[i * steps + s]! >= 0.5 ? 1 : 0) : argmax(predicted, (i * steps + s) * units, units);
          expected.push(truth);
          guessed.push(guess);
        }
        const hits = expected.filter((t, s) => t === guessed[s]).length;
        right += hits;
        counted += expected.length;
        if (expected.length) {
          sequences++;
          if (hits === expected.length) wholeRight++;
        }
        if (examples.length < MAX_EXAMPLES) {
          const read = tokenInput ? Array.from(inputs[tokenInput.input]!.subarray(i * inputWidth, (i + 1) * inputWidth), Math.round).filter((id) => id !== 0) : null;
          examples.push({ input: read, target: expected, predicted: guessed });
        }
      }
    },
    finish() {
      const sameVocabulary = inputVocabulary && inputVocabulary.length === vocabulary.length && inputVocabulary.every((t, k) => t === vocabulary[k]);
      return {
        kind: 'sequences',
        split,
        samples,
        vocabulary,
        ...(inputVocabulary && !sameVocabulary ? { inputVocabulary } : {}),
        examples,
        tokenAccuracy: counted ? right / counted : 0,
        sequenceAccuracy: sequences ? wholeRight / sequences : 0,
      };
    },
  };
}

/** Confusion matrix or scatter over the whole split, from every prediction kept. */
function vectorBuilder(view: 'classification' | 'regression', split: Split, samples: number, outputWidth: number, target: DatasetField, loss: LossName): SectionBuilder {
  const predicted: Float32Array[] = [];
  const actual: Float32Array[] = [];
  const targetWidth = fieldSampleSize(target);
  return {
    add(chunk) {
      predicted.push(chunk.predicted);
      actual.push(chunk.target);
    },
    finish() {
      const p = concat(predicted);
      const a = concat(actual);
      // A standardized column is shown in its own units (grams, not standard deviations).
      const units = target.normalization;
      if (view === 'regression' && units)
        for (const values of [p, a]) for (let i = 0; i < values.length; i++) values[i] = values[i]! * units.scale + units.offset;
      return view === 'classification'
        ? classification(a, targetWidth, p, outputWidth, samples, target.classNames ?? [], loss, split)
        : regression(a, p, outputWidth, samples, split);
    },
  };
}

function gatherRows(field: DatasetField, rows: Int32Array): Float32Array {
  const width = fieldSampleSize(field);
  const out = new Float32Array(rows.length * width);
  rows.forEach((row, i) => out.set(field.values.subarray(row * width, (row + 1) * width), i * width));
  return out;
}

function sectionFor(model: tf.LayersModel, objective: TableOutput, fields: Record<string, DatasetField>, bindings: TableBindings, inputShapes: number[][], split: Split, samples: number): SectionBuilder {
  const target = fields[objective.field]!;
  const outputShape = model.outputs[objective.output]!.shape.slice(1).map((d, i) => d ?? target.shape[i + 1] ?? 1);
  const view = outputView(outputShape, target, objective.loss);
  const outputWidth = outputShape.reduce((a, b) => a * b, 1);
  switch (view) {
    case 'images':
      return imagesBuilder(split, samples, outputShape, pictureInput(model, inputShapes, outputShape), target.kind === 'image');
    case 'mask':
      return maskBuilder(split, samples, outputShape, target, pictureInput(model, inputShapes, outputShape));
    case 'sequences': {
      const tokens = bindings.inputs.findIndex((b) => fields[b.field]!.kind === 'tokens');
      return sequencesBuilder(split, samples, outputShape, target, tokens >= 0 ? { input: tokens, field: fields[bindings.inputs[tokens]!.field]! } : null);
    }
    default:
      return vectorBuilder(view, split, samples, outputWidth, target, objective.loss);
  }
}

/**
 * How each trained output does on the validation split (the training data when there is
 * none), fed as the loop's validation feeds it (the same input noise): one section per
 * output, each a confusion matrix, a scatter, pictures or sequences as the output predicts.
 */
export function evaluateOutputs(model: tf.LayersModel, data: Dataset, config: Pick<TrainingConfig, 'validationSplit' | 'seed'>, bindings: TableBindings): Evaluation {
  const fields = datasetFields(data);
  const count = sampleCount(data);
  const { train, validation } = splitIndices(count, config.validationSplit, config.seed);
  const split: Split = validation.length > 0 ? 'validation' : 'training';
  const rows = split === 'validation' ? validation : train;
  const inputShapes = bindings.inputs.map((b) => inputSampleShape(model.inputs[b.index]!, fields[b.field]!));
  const builders = bindings.outputs.map((o) => sectionFor(model, o, fields, bindings, inputShapes, split, rows.length));
  for (let start = 0, index = 0; start < rows.length; start += CHUNK, index++) {
    const chunkRows = rows.subarray(start, Math.min(rows.length, start + CHUNK));
    const { inputs, outputs } = tf.tidy(() => {
      const fed: tf.Tensor[] = [];
      bindings.inputs.forEach((b, i) => {
        const input = model.inputs[b.index]!;
        const x = tf.tensor(gatherRows(fields[b.field]!, chunkRows), [chunkRows.length, ...inputShapes[i]!], 'float32').cast(input.dtype === 'int32' ? 'int32' : 'float32');
        fed[i] = b.noise ? corrupt(x, b.noise, config.seed + index) : x;
      });
      const ordered = bindings.inputs.map((_, i) => i).sort((a, b) => bindings.inputs[a]!.index - bindings.inputs[b]!.index).map((i) => fed[i]!);
      const predicted = model.apply(ordered.length === 1 ? ordered[0]! : ordered, { training: false }) as tf.Tensor | tf.Tensor[];
      const all = Array.isArray(predicted) ? predicted : [predicted];
      return { inputs: fed.map((t) => t.dataSync() as Float32Array).map((v) => Float32Array.from(v)), outputs: all.map((t) => Float32Array.from(t.dataSync())) };
    });
    bindings.outputs.forEach((o, k) => builders[k]!.add({ size: chunkRows.length, inputs, predicted: outputs[o.output]!, target: gatherRows(fields[o.field]!, chunkRows) }));
  }
  return { kind: 'outputs', sections: bindings.outputs.map((o, k) => ({ output: o.name, evaluation: builders[k]!.finish() })) };
}

/**
 * What try-it needs for a run whose Input reads any field: the picture or values one sample
 * holds, and the class names of its (first) output. Null for a model with several inputs.
 */
export function boundInputInfo(model: tf.LayersModel, data: Dataset, bindings: TableBindings): ModelInputInfo | null {
  if (model.inputs.length !== 1 || bindings.inputs.length !== 1) return null;
  const fields = datasetFields(data);
  const first = bindings.outputs[0];
  const classNames = (first && fields[first.field]?.classNames) ?? [];
  const binding = bindings.inputs[0]!;
  if (binding.field === INPUT_FIELD) return { ...modelInputInfo(model, data), classNames };
  const image = imageInput(model);
  return { featureNames: [], sampleShape: inputSampleShape(model.inputs[0]!, fields[binding.field]!), classNames, ...(image ? { image } : {}) };
}
