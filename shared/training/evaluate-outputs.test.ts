import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitIndices, type Dataset } from '../data/dataset';
import type { DatasetField } from '../data/fields';
import { boundInputInfo, evaluateOutputs, MAX_EXAMPLES, outputView } from './evaluate-outputs';
import { EvaluationEventSchema, type OutputEvaluation } from './protocol';
import { decodeImage } from './sample-image';
import type { TableBindings, TableOutput } from './train';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const models: tf.LayersModel[] = [];
afterAll(() => models.forEach((m) => m.dispose()));

function keep(model: tf.LayersModel): tf.LayersModel {
  models.push(model);
  return model;
}

/** A deterministic stream of numbers in 0..1. */
function numbers(count: number, seed = 1): Float32Array {
  const out = new Float32Array(count);
  let s = seed;
  for (let i = 0; i < count; i++) {
    s = (s * 16807) % 2147483647;
    out[i] = (s % 1000) / 999;
  }
  return out;
}

function objective(field: string, loss: TableOutput['loss'], output = 0, name = `out${output}`): TableOutput {
  return { output, name, loss, weight: 1, metrics: [], target: {}, field };
}

function sectionsOf(evaluation: ReturnType<typeof evaluateOutputs>): { output: string; evaluation: OutputEvaluation }[] {
  if (evaluation.kind !== 'outputs') throw new Error(`expected sections, got ${evaluation.kind}`);
  // What the worker sends must pass the boundary it crosses.
  EvaluationEventSchema.parse({ type: 'evaluation', backend: 'cpu', evaluation, input: null });
  return evaluation.sections;
}

describe('outputView', () => {
  const field = (kind: DatasetField['kind'], shape: number[]) => ({ kind, shape: [10, ...shape] });
  it('reads pictures, masks, sequences, classes and numbers from the output shape and the target', () => {
    expect(outputView([28, 28, 1], field('image', [28, 28, 1]), 'mse')).toBe('images');
    expect(outputView([32, 32, 4], field('class-index', [32, 32, 1]), 'sparseCategoricalCrossentropy')).toBe('mask');
    expect(outputView([12, 14], field('class-index', [12]), 'sparseCategoricalCrossentropy')).toBe('sequences');
    expect(outputView([3], field('classes', [3]), 'categoricalCrossentropy')).toBe('classification');
    expect(outputView([1], field('numbers', [1]), 'mse')).toBe('regression');
    // 16 feature maps are no picture to show.
    expect(outputView([8, 8, 16], field('features', [8, 8, 16]), 'mse')).toBe('regression');
  });
});

describe('evaluateOutputs', () => {
  const side = 6;
  const samples = 20;
  /** 1×1 convolution with weight `scale`: each pixel times `scale`. */
  function pixelScaler(scale: number): tf.LayersModel {
    const input = tf.input({ shape: [side, side, 1] });
    const conv = tf.layers.conv2d({ filters: 1, kernelSize: 1, useBias: true });
    const model = tf.model({ inputs: input, outputs: conv.apply(input) as tf.SymbolicTensor });
    conv.setWeights([tf.tensor4d([[[[scale]]]]), tf.tensor1d([0])]);
    return keep(model);
  }
  const images = numbers(samples * side * side);
  const imageData: Dataset = {
    x: images,
    xShape: [samples, side, side, 1],
    y: new Float32Array(samples),
    yShape: [samples, 1],
    featureNames: [],
    classNames: [],
  };
  const autoencoder = (noise?: TableBindings['inputs'][number]['noise']): TableBindings => ({
    inputs: [{ index: 0, field: 'x', ...(noise ? { noise } : {}) }],
    outputs: [objective('x', 'mse')],
  });

  it('shows an image output as input / target / prediction triplets of the validation split, with its errors', () => {
    const config = { validationSplit: 0.5, seed: 3 };
    const [section] = sectionsOf(evaluateOutputs(pixelScaler(0.5), imageData, config, autoencoder()));
    expect(section!.output).toBe('out0');
    const evaluation = section!.evaluation;
    if (evaluation.kind !== 'images') throw new Error(evaluation.kind);
    expect(evaluation).toMatchObject({ split: 'validation', samples: 10 });
    expect(evaluation.classNames).toBeUndefined();
    expect(evaluation.examples).toHaveLength(MAX_EXAMPLES);
    const validation = splitIndices(samples, 0.5, 3).validation;
    const first = images.slice(validation[0]! * side * side, (validation[0]! + 1) * side * side);
    const { input, target, predicted } = evaluation.examples[0]!;
    expect(target).toMatchObject({ height: side, width: side, channels: 1, range: [0, 1] });
    const shown = (image: typeof target | null) => [...decodeImage(image!)];
    shown(input).forEach((v, i) => expect(v).toBeCloseTo(first[i]!, 2));
    shown(target).forEach((v, i) => expect(v).toBeCloseTo(first[i]!, 2));
    shown(predicted).forEach((v, i) => expect(v).toBeCloseTo(first[i]! * 0.5, 2));
    // Halving every pixel: the error is half the pixel, so MAE = mean(x) / 2 and MSE = mean(x²) / 4 over the split.
    let sum = 0;
    let squares = 0;
    for (const row of validation)
      for (const v of images.subarray(row * side * side, (row + 1) * side * side)) {
        sum += v;
        squares += v * v;
      }
    const n = validation.length * side * side;
    expect(evaluation.metrics.mae).toBeCloseTo(sum / n / 2, 5);
    expect(evaluation.metrics.mse).toBeCloseTo(squares / n / 4, 5);
    expect(evaluation.metrics.psnr).toBeCloseTo(-10 * Math.log10(squares / n / 4), 0);
  });

  it('shows the corrupted picture a denoising autoencoder read, and the clean one as its target', () => {
    const config = { validationSplit: 0.5, seed: 3 };
    const [section] = sectionsOf(evaluateOutputs(pixelScaler(1), imageData, config, autoencoder({ kind: 'mask', rate: 0.5 })));
    if (section!.evaluation.kind !== 'images') throw new Error(section!.evaluation.kind);
    const examples = section!.evaluation.examples;
    const zeroed = examples.flatMap((e) => [...decodeImage(e.input!)]).filter((v) => v === 0).length;
    expect(zeroed).toBeGreaterThan(examples.length * side * side * 0.3);
    // The identity model gives back what it read: the noisy picture, not the target.
    examples.forEach((e) => expect(decodeImage(e.predicted)).toEqual(decodeImage(e.input!)));
    expect(examples.some((e) => decodeImage(e.target).some((v, i) => v !== decodeImage(e.input!)[i]))).toBe(true);
    expect(section!.evaluation.metrics.mse).toBeGreaterThan(0.05);
  });

  it('shows a mask output as class indices with pixel accuracy and IoU', () => {
    // Three classes by brightness: the softmax of (−10x, 0, 10x − 5)… picks class 0 for dark, 2 for bright pixels.
    const input = tf.input({ shape: [side, side, 1] });
    const conv = tf.layers.conv2d({ filters: 3, kernelSize: 1, activation: 'softmax' });
    const model = keep(tf.model({ inputs: input, outputs: conv.apply(input) as tf.SymbolicTensor }));
    conv.setWeights([tf.tensor4d([[[[-20, 0, 20]]]]), tf.tensor1d([5, 0, -15])]);
    // class 0 below 0.25, class 1 between, class 2 above 0.75: the model's thresholds.
    const truth = images.map((v) => (v < 0.25 ? 0 : v < 0.75 ? 1 : 2));
    // Every pixel of the first validation sample labelled class 2: wrong wherever the model says otherwise.
    const validation = splitIndices(samples, 0.5, 3).validation;
    const mask = truth.slice();
    mask.fill(2, validation[0]! * side * side, (validation[0]! + 1) * side * side);
    const data: Dataset = { ...imageData, fields: { mask: { values: mask, shape: [samples, side, side, 1], kind: 'class-index', classNames: ['dark', 'grey', 'bright'] } } };
    const [section] = sectionsOf(evaluateOutputs(model, data, { validationSplit: 0.5, seed: 3 }, { inputs: [{ index: 0, field: 'x' }], outputs: [objective('mask', 'sparseCategoricalCrossentropy')] }));
    const evaluation = section!.evaluation;
    if (evaluation.kind !== 'images') throw new Error(evaluation.kind);
    expect(evaluation.classNames).toEqual(['dark', 'grey', 'bright']);
    const { target, predicted, input: shownInput } = evaluation.examples[0]!;
    expect(target.range).toBeUndefined();
    expect([...decodeImage(target)]).toEqual(new Array(side * side).fill(2));
    const firstTruth = [...truth.slice(validation[0]! * side * side, (validation[0]! + 1) * side * side)];
    expect([...decodeImage(predicted)]).toEqual(firstTruth);
    expect(shownInput).not.toBeNull();
    // Right everywhere except the relabelled sample's pixels that are not bright.
    const wrong = firstTruth.filter((c) => c !== 2).length;
    expect(evaluation.metrics.pixelAccuracy).toBeCloseTo(1 - wrong / (validation.length * side * side), 6);
    expect(evaluation.metrics.iou).toBeLessThan(1);
    expect(evaluation.metrics.iou).toBeGreaterThan(0.5);
  });

  it('shows a token at every position with padding left out, right and wrong tokens counted', () => {
    // Embedding with one-hot rows: the predicted class at each position is the token read.
    const vocabulary = ['', 'a', 'b', 'c', 'd'];
    const steps = 5;
    const input = tf.input({ shape: [steps], dtype: 'int32' });
    const embedding = tf.layers.embedding({ inputDim: vocabulary.length, outputDim: vocabulary.length });
    const model = keep(tf.model({ inputs: input, outputs: embedding.apply(input) as tf.SymbolicTensor }));
    embedding.setWeights([tf.eye(vocabulary.length)]);
    const tokens = [
      [1, 2, 3, 0, 0],
      [4, 3, 2, 1, 0],
      [2, 2, 2, 2, 2],
      [3, 1, 0, 0, 0],
    ];
    // Targets: the same token, except one wrong position in the second sample; padding (0) where the input pads.
    const targets = tokens.map((row) => row.slice());
    targets[1]![2] = 4;
    const data: Dataset = {
      x: Float32Array.from(tokens.flat()),
      xShape: [4, steps],
      y: Float32Array.from(targets.flat()),
      yShape: [4, steps],
      featureNames: [],
      classNames: vocabulary,
      fields: {
        x: { values: Float32Array.from(tokens.flat()), shape: [4, steps], kind: 'tokens', vocabulary },
        y: { values: Float32Array.from(targets.flat()), shape: [4, steps], kind: 'class-index', classNames: vocabulary, ignoreValue: 0 },
      },
    };
    const [section] = sectionsOf(evaluateOutputs(model, data, { validationSplit: 0, seed: 1 }, { inputs: [{ index: 0, field: 'x' }], outputs: [objective('y', 'sparseCategoricalCrossentropy')] }));
    const evaluation = section!.evaluation;
    if (evaluation.kind !== 'sequences') throw new Error(evaluation.kind);
    expect(evaluation).toMatchObject({ split: 'training', samples: 4, vocabulary });
    expect(evaluation.inputVocabulary).toBeUndefined();
    const order = [...splitIndices(4, 0, 1).train];
    evaluation.examples.forEach((example, i) => {
      const row = order[i]!;
      const counted = tokens[row]!.filter((t) => t !== 0);
      expect(example.input).toEqual(counted);
      expect(example.predicted).toEqual(counted);
      expect(example.target).toEqual(targets[row]!.filter((t) => t !== 0));
    });
    // 14 positions count (padding left out), one of them wrong; one sequence of four has a mistake.
    expect(evaluation.tokenAccuracy).toBeCloseTo(13 / 14, 6);
    expect(evaluation.sequenceAccuracy).toBeCloseTo(3 / 4, 6);
  });

  it('gives one section per output of a two-head model, each in its own kind', () => {
    const input = tf.input({ shape: [2] });
    const species = tf.layers.dense({ units: 2, activation: 'softmax', name: 'species' });
    const mass = tf.layers.dense({ units: 1, name: 'mass' });
    const model = keep(tf.model({ inputs: input, outputs: [species.apply(input) as tf.SymbolicTensor, mass.apply(input) as tf.SymbolicTensor] }));
    species.setWeights([tf.tensor2d([[10, -10], [0, 0]]), tf.tensor1d([0, 0])]);
    mass.setWeights([tf.tensor2d([[0], [2]]), tf.tensor1d([1])]);
    const x = [
      [1, 0],
      [-1, 1],
      [2, 2],
      [-3, 0.5],
      [0.5, -1],
      [-0.2, 3],
    ];
    const kinds = x.map(([a]) => (a! > 0 ? [1, 0] : [0, 1]));
    kinds[0] = [0, 1]; // one mistake
    const masses = x.map(([, b]) => [2 * b! + 1]);
    const data: Dataset = {
      x: Float32Array.from(x.flat()),
      xShape: [6, 2],
      y: Float32Array.from(kinds.flat()),
      yShape: [6, 2],
      featureNames: ['a', 'b'],
      classNames: ['first', 'second'],
      fields: {
        species: { values: Float32Array.from(kinds.flat()), shape: [6, 2], kind: 'classes', classNames: ['first', 'second'] },
        // Standardized as a loader does with labelNormalize; the scatter reads in grams again.
        mass: { values: Float32Array.from(masses.flat()), shape: [6, 1], kind: 'numbers', normalization: { offset: 4000, scale: 800 } },
      },
    };
    const bindings: TableBindings = {
      inputs: [{ index: 0, field: 'x' }],
      outputs: [objective('species', 'categoricalCrossentropy', 0, 'species'), objective('mass', 'mse', 1, 'mass')],
    };
    const sections = sectionsOf(evaluateOutputs(model, data, { validationSplit: 0, seed: 2 }, bindings));
    const order = [...splitIndices(6, 0, 2).train];
    expect(sections.map((s) => [s.output, s.evaluation.kind])).toEqual([
      ['species', 'classification'],
      ['mass', 'regression'],
    ]);
    const [classes, numbers] = sections.map((s) => s.evaluation);
    if (classes!.kind !== 'classification' || numbers!.kind !== 'regression') throw new Error('kinds');
    expect(classes.classNames).toEqual(['first', 'second']);
    expect(classes.accuracy).toBeCloseTo(5 / 6, 6);
    expect(numbers.points).toHaveLength(6);
    numbers.points.forEach((point, i) => expect(point.actual).toBeCloseTo(masses[order[i]!]![0]! * 800 + 4000, 2));
    expect(numbers.mae).toBeCloseTo(0, 2);
    expect(boundInputInfo(model, data, bindings)).toMatchObject({ featureNames: ['a', 'b'], sampleShape: [2], classNames: ['first', 'second'] });
  });
});
