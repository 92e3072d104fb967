import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { compileGraph, type CompiledModel } from '../../shared/compile/compile';
import { createRandom, type Dataset } from '../../shared/data/dataset';
import type { DatasetField } from '../../shared/data/fields';
import { pytorchExport } from '../../shared/export/pytorch/export';
import { graph } from '../../shared/export/test-graphs';
import type { GraphDocument } from '../../shared/graph/document';
import { TrainingConfigSchema, type TrainingConfigInput } from '../../shared/graph/training-config';
import { catalog } from '../../shared/layers';
import { withSeededRandom } from '../../shared/layers/seed';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { type TrainingEvent } from '../../shared/training/protocol';
import { writeExportFiles } from './python';
import { expectSameLogs, oneEpochInBothEngines, pythonForTests, runPython, trainPyEvents } from './testing';

tf.enableProdMode();

const SAMPLES = 48;

/** A dataset of named fields; `x` and `y` are the fields of those names (y: a placeholder column of zeros when absent). */
function dataset(fields: Record<string, DatasetField>): Dataset {
  const y = fields.y ?? { values: new Float32Array(SAMPLES), shape: [SAMPLES, 1], kind: 'numbers' as const };
  return {
    x: fields.x!.values,
    xShape: fields.x!.shape,
    y: y.values,
    yShape: y.shape,
    featureNames: [],
    classNames: y.classNames ?? [],
    fields: { ...fields, y },
  };
}

function field(shape: number[], kind: DatasetField['kind'], value: (i: number, random: () => number) => number, extra: Partial<DatasetField> = {}, seed = 5): DatasetField {
  const random = createRandom(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return { values: Float32Array.from({ length: n }, (_, i) => value(i, random)), shape, kind, ...extra };
}

/** Smooth images in 0..1: a blob per sample, so a reconstruction has something to learn. */
function images(size: number, seed: number): DatasetField {
  const random = createRandom(seed);
  const centers = Array.from({ length: SAMPLES }, () => [random() * size, random() * size]);
  return field([SAMPLES, size, size, 1], 'image', (i) => {
    const s = Math.floor(i / (size * size));
    const [cy, cx] = centers[s]!;
    const y = Math.floor(i / size) % size;
    const x = i % size;
    return Math.exp(-((y - cy!) ** 2 + (x - cx!) ** 2) / (size * 1.5));
  });
}

function withTraining(doc: GraphDocument, training: TrainingConfigInput): GraphDocument {
  return { ...doc, training: TrainingConfigSchema.parse({ seed: 3, epochs: 1, optimizer: 'sgd', learningRate: 0.05, batchSize: 1000, validationSplit: 0.25, ...training }) };
}

/** One epoch in both engines, in its own folder under `root`. */
function bothEngines(python: string, root: string, name: string, doc: GraphDocument, data: Dataset, setWeights?: (compiled: CompiledModel) => void) {
  return oneEpochInBothEngines(python, path.join(root, name), doc, data, setWeights ? { setWeights } : {});
}

/** Every weight (biases too) drawn from ±0.6, so outputs spread over their range rather than sit near where initialization leaves them. */
function spreadWeights(model: tf.LayersModel, seed: number): void {
  const random = createRandom(seed);
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => tf.tensor(Float32Array.from({ length: w.shape.reduce((a: number, b) => a * (b as number), 1) }, () => (random() * 2 - 1) * 0.6), w.shape as number[]));
    if (values.length) layer.setWeights(values);
    tf.dispose(values);
  }
}

const IMAGE_TO_IMAGE = graph('denoiser', [
  ['image', 'Input', { shape: [8, 8, 1] }],
  ['conv', 'Conv2D', { filters: 4, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, ['image']],
  ['restored', 'Conv2D', { filters: 1, kernelSize: [3, 3], padding: 'same', activation: 'sigmoid' }, ['conv']],
]);

const VOCABULARY = 7;
const STEPS = 6;

/** Token rows padded with 0 after a random length; the target at each position is the next token (0 past the end). */
function tokenFields(seed: number, steps = STEPS, vocabulary = VOCABULARY): { x: DatasetField; y: DatasetField } {
  const random = createRandom(seed);
  const rows = Array.from({ length: SAMPLES }, () => {
    const length = 2 + Math.floor(random() * (steps - 1));
    return Array.from({ length: steps + 1 }, (_, i) => (i < length ? 1 + Math.floor(random() * (vocabulary - 1)) : 0));
  });
  const names = Array.from({ length: vocabulary }, (_, i) => (i === 0 ? '<pad>' : `t${i}`));
  return {
    x: { values: Float32Array.from(rows.flatMap((r) => r.slice(0, steps))), shape: [SAMPLES, steps], kind: 'tokens', vocabulary: names },
    y: { values: Float32Array.from(rows.flatMap((r) => r.slice(1))), shape: [SAMPLES, steps], kind: 'class-index', classNames: names, ignoreValue: 0 },
  };
}

describe('train.py and tfjs: the same losses and metrics for the same weights and batch', async () => {
  const { python, skipReason } = await pythonForTests();
  if (skipReason) console.info(`skipped: ${skipReason}`);
  let root = '';
  const dir = async () => (root ||= await mkdtemp(path.join(os.tmpdir(), 'nnd-objectives-')));
  afterAll(() => (root ? rm(root, { recursive: true, force: true }) : undefined));

  it.skipIf(!python)('an image → image model learning its own input: mse, psnr, mae', { timeout: 120_000 }, async () => {
    const doc = withTraining(IMAGE_TO_IMAGE, { outputs: { restored: { target: 'x', loss: 'mse', metrics: ['psnr', 'mae'] } } });
    const logs = await bothEngines(python!.python, await dir(), 'image', doc, dataset({ x: images(8, 1) }));
    expectSameLogs(logs, ['loss', 'psnr', 'mae', 'val_loss', 'val_psnr', 'val_mae']);
    expect(logs.torch.psnr).toBeGreaterThan(3);
  });

  it.skipIf(!python)('a softmax at every position with sparse crossentropy, padding left out: accuracy and perplexity', { timeout: 120_000 }, async () => {
    const doc = withTraining(
      graph('next token', [
        ['ids', 'Input', { shape: [STEPS], dtype: 'int32' }],
        ['embed', 'Embedding', { inputDim: VOCABULARY, outputDim: 5 }, ['ids']],
        ['next', 'Dense', { units: VOCABULARY, activation: 'softmax' }, ['embed']],
      ]),
      { loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', 'perplexity'] },
    );
    const fields = tokenFields(2);
    const logs = await bothEngines(python!.python, await dir(), 'tokens', doc, dataset(fields));
    expectSameLogs(logs, ['loss', 'acc', 'perplexity', 'val_loss', 'val_acc', 'val_perplexity']);
    expect(logs.torch.perplexity).toBeCloseTo(Math.exp(logs.torch.loss!), 4);
    // Padding counts for nothing: the same run with padding as a class scores differently.
    const counted = await bothEngines(python!.python, await dir(), 'tokens-padding-counted', doc, dataset({ ...fields, y: { ...fields.y, ignoreValue: undefined } }));
    expect(Math.abs(counted.torch.loss! - logs.torch.loss!)).toBeGreaterThan(1e-3);
    expectSameLogs(counted, ['loss', 'acc', 'perplexity', 'val_loss', 'val_acc', 'val_perplexity']);
  });

  it.skipIf(!python)('two outputs, a class and a number, with loss weights: each output its loss and metric, the total weighted', { timeout: 120_000 }, async () => {
    const doc = withTraining(
      graph('two heads', [
        ['measures', 'Input', { shape: [5] }],
        ['hidden', 'Dense', { units: 8, activation: 'relu' }, ['measures']],
        ['species', 'Dense', { units: 3, activation: 'softmax' }, ['hidden']],
        ['mass', 'Dense', { units: 1 }, ['hidden']],
      ]),
      // species binds to the field named like it (categorical crossentropy, accuracy); mass is declared.
      { outputs: { mass: { target: 'mass', loss: 'mse', weight: 0.5, metrics: ['mae'] } } },
    );
    const species = field([SAMPLES, 3], 'classes', (i) => (i % 3 === Math.floor(i / 3) % 3 ? 1 : 0), { classNames: ['a', 'b', 'c'] });
    const data = dataset({ x: field([SAMPLES, 5], 'features', (_, random) => random() * 2 - 1), species, mass: field([SAMPLES, 1], 'numbers', (_, random) => random() * 3) });
    const logs = await bothEngines(python!.python, await dir(), 'heads', doc, data);
    const keys = ['loss', 'species_loss', 'species_acc', 'mass_loss', 'mass_mae'];
    expectSameLogs(logs, [...keys, ...keys.map((k) => `val_${k}`)]);
    expect(logs.torch.loss).toBeCloseTo(logs.torch.species_loss! + 0.5 * logs.torch.mass_loss!, 5);
  });

  it.skipIf(!python)('segmentation: a per-pixel softmax against a mask with ignored pixels and a sigmoid foreground, iou and dice', { timeout: 120_000 }, async () => {
    const doc = withTraining(
      graph('segmenter', [
        ['image', 'Input', { shape: [8, 8, 1] }],
        ['features', 'Conv2D', { filters: 4, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, ['image']],
        ['classes', 'Conv2D', { filters: 3, kernelSize: [1, 1], padding: 'same', activation: 'softmax' }, ['features']],
        ['foreground', 'Conv2D', { filters: 1, kernelSize: [1, 1], padding: 'same', activation: 'sigmoid' }, ['image']],
      ]),
      {
        outputs: {
          classes: { target: 'mask', loss: 'sparseCategoricalCrossentropy', metrics: ['iou', 'dice', 'accuracy'] },
          foreground: { target: 'foreground', loss: 'binaryCrossentropy', weight: 2, metrics: ['iou', 'dice'] },
        },
      },
    );
    const x = images(8, 4);
    // Two shapes' classes by brightness, an unlabeled (255) band at the border.
    const mask = field([SAMPLES, 8, 8, 1], 'class-index', (i) => (i % 8 === 0 ? 255 : x.values[i]! > 0.6 ? 2 : x.values[i]! > 0.3 ? 1 : 0), { classNames: ['background', 'ring', 'core'], ignoreValue: 255 });
    const foreground = field([SAMPLES, 8, 8, 1], 'class-index', (i) => (x.values[i]! > 0.3 ? 1 : 0), { classNames: ['background', 'shape'] });
    const logs = await bothEngines(python!.python, await dir(), 'segmentation', doc, dataset({ x, mask, foreground }), (compiled) => {
      spreadWeights(compiled.model, 7);
      // sigmoid(8x − 4): foreground where the image is above 0.5, against a target above 0.3 — an overlap strictly between 0 and 1.
      const values = [tf.tensor4d([8], [1, 1, 1, 1]), tf.tensor1d([-4])];
      compiled.layers.get('foreground')!.setWeights(values);
      tf.dispose(values);
    });
    const keys = ['loss', 'classes_loss', 'classes_iou', 'classes_dice', 'classes_acc', 'foreground_loss', 'foreground_iou', 'foreground_dice'];
    expectSameLogs(logs, [...keys, ...keys.map((k) => `val_${k}`)]);
    for (const key of ['classes_iou', 'classes_dice', 'foreground_iou', 'foreground_dice']) {
      expect(logs.torch[key]).toBeGreaterThan(0);
      expect(logs.torch[key]).toBeLessThanOrEqual(1);
    }
  });

  it.skipIf(!python)('noise corrupts the input in training and validation, the same way every run', { timeout: 120_000 }, async () => {
    const data = dataset({ x: images(8, 1) });
    const objective = { restored: { target: 'x', loss: 'mse' as const, metrics: ['psnr' as const] } };
    const clean = await bothEngines(python!.python, await dir(), 'clean', withTraining(IMAGE_TO_IMAGE, { outputs: objective }), data);
    const noisyDoc = withTraining(IMAGE_TO_IMAGE, { outputs: objective, inputs: { image: { field: 'x', noise: { kind: 'mask', rate: 0.5 } } } });
    const first = await bothEngines(python!.python, await dir(), 'noisy', noisyDoc, data);
    const again = trainPyEvents((await runPython(python!.python, ['train.py', '--threads', '1'], { cwd: path.join(await dir(), 'noisy') })).stdout).find((e) => e.type === 'epoch');
    expect(again?.type === 'epoch' && again.logs).toEqual(first.torch);
    // Each engine draws its own random numbers: both corrupt, neither matches the clean run.
    expect(Math.abs(first.torch.loss! - clean.torch.loss!)).toBeGreaterThan(1e-4);
    expect(Math.abs(first.torch.val_loss! - clean.torch.val_loss!)).toBeGreaterThan(1e-4);
    expect(Math.abs(first.tfjs.val_loss! - clean.tfjs.val_loss!)).toBeGreaterThan(1e-4);
  });
});

/** A mini U-Net: 'same' convolutions, a pooling, an up-sampling and a skip connection, one sigmoid channel out. */
const U_NET = graph('mini u-net', [
  ['image', 'Input', { shape: [16, 16, 1] }],
  ['down', 'Conv2D', { filters: 4, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, ['image']],
  ['pool', 'MaxPooling2D', { poolSize: [2, 2] }, ['down']],
  ['bottom', 'Conv2D', { filters: 8, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, ['pool']],
  ['up', 'UpSampling2D', { size: [2, 2] }, ['bottom']],
  ['skip', 'Concatenate', {}, ['up', 'down']],
  ['mix', 'Conv2D', { filters: 4, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, ['skip']],
  ['mask', 'Conv2D', { filters: 1, kernelSize: [1, 1], padding: 'same', activation: 'sigmoid' }, ['mix']],
]);

const GPT_VOCABULARY = 12;
const GPT_STEPS = 8;

/** A GPT-style decoder: token and position embeddings, causal self-attention with a residual, a softmax at every position. */
const GPT = graph('tiny gpt', [
  ['tokens', 'Input', { shape: [GPT_STEPS], dtype: 'int32' }],
  ['embed', 'Embedding', { inputDim: GPT_VOCABULARY, outputDim: 16 }, ['tokens']],
  ['position', 'PositionalEmbedding', { maxLength: GPT_STEPS }, ['embed']],
  ['attend', 'MultiHeadAttention', { numHeads: 2, keyDim: 8, causal: true }, [{ node: 'position', into: 'query' }, { node: 'position', into: 'value' }]],
  ['residual', 'Add', {}, ['attend', 'position']],
  ['norm', 'LayerNormalization', {}, ['residual']],
  ['next', 'Dense', { units: GPT_VOCABULARY, activation: 'softmax' }, ['norm']],
]);

describe('the exported train.py of a U-Net and a GPT-style decoder trains an epoch', async () => {
  const { python, skipReason } = await pythonForTests();
  if (skipReason) console.info(`skipped: ${skipReason}`);
  let root = '';
  afterAll(() => (root ? rm(root, { recursive: true, force: true }) : undefined));

  async function trainExported(name: string, doc: GraphDocument, data: Dataset): Promise<TrainingEvent[]> {
    root ||= await mkdtemp(path.join(os.tmpdir(), 'nnd-train-py-'));
    const compiled = withSeededRandom(doc.training.seed, () => compileGraph(doc, tfjsCatalog));
    const dir = path.join(root, name);
    await writeExportFiles(dir, pytorchExport(doc, compiled, catalog, { weightsFrom: 'initial', dataset: data }).files);
    compiled.model.dispose();
    return trainPyEvents((await runPython(python!.python, ['train.py', '--threads', '1'], { cwd: dir, timeoutMs: 240_000 })).stdout);
  }

  it.skipIf(!python)('the U-Net (image → mask, mse)', { timeout: 240_000 }, async () => {
    const x = images(16, 7);
    const mask = { ...x, values: x.values.map((v) => (v > 0.5 ? 1 : 0)) };
    const doc = withTraining(U_NET, { optimizer: 'adam', learningRate: 0.01, batchSize: 8, loss: 'mse', metrics: ['psnr'] });
    const run = await trainExported('u-net', doc, dataset({ x, y: mask }));
    const done = run.at(-1)!;
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(done.epochs).toBe(1);
    expect(Object.keys(done.metrics).sort()).toEqual(['loss', 'psnr', 'val_loss', 'val_psnr']);
    expect(Number.isFinite(done.metrics.loss)).toBe(true);
  });

  it.skipIf(!python)('the decoder (sparse crossentropy at every position, padding ignored)', { timeout: 240_000 }, async () => {
    const doc = withTraining(GPT, { optimizer: 'adam', learningRate: 0.01, batchSize: 8, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', 'perplexity'] });
    const run = await trainExported('decoder', doc, dataset(tokenFields(6, GPT_STEPS, GPT_VOCABULARY)));
    const done = run.at(-1)!;
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(done.epochs).toBe(1);
    expect(Object.keys(done.metrics).sort()).toEqual(['acc', 'loss', 'perplexity', 'val_acc', 'val_loss', 'val_perplexity']);
    expect(Number.isFinite(done.metrics.loss)).toBe(true);
    expect(done.metrics.perplexity).toBeLessThan(GPT_VOCABULARY * 2);
  });
});
