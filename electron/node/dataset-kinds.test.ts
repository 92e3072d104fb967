import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../../shared/data/dataset';
import { DatasetError } from '../../shared/data/errors';
import { describeFields, datasetFields } from '../../shared/data/fields';
import { describeReferenceFields } from '../../shared/data/field-descriptions';
import { DatasetReferenceSchema } from '../../shared/data/reference';
import { TrainingConfigSchema, type LossName, type MetricName } from '../../shared/graph/training-config';
import { withSeededRandom } from '../../shared/layers/seed';
import { trainModel, type TableBindings } from '../../shared/training/train';
import { loadDatasetFromReference } from './datasets';

/**
 * The new dataset kinds end to end: read from files (or generated) by the Node loader, what
 * they promise statically matches what they load, and the training core trains one epoch on
 * their fields with a finite loss.
 */

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-kinds-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const load = (ref: Record<string, unknown>) => loadDatasetFromReference(DatasetReferenceSchema.parse(ref), { validationSplit: 0.2, seed: 1 });

/** Every field the reference promised is loaded with that per-sample shape and kind. */
function expectPromisesKept(ref: Record<string, unknown>, data: Dataset, target?: { units: number | null; loss: string }) {
  const promised = describeReferenceFields(DatasetReferenceSchema.parse(ref), target)!;
  const loaded = describeFields(datasetFields(data));
  for (const [name, field] of Object.entries(promised)) {
    expect(loaded[name], name).toBeDefined();
    expect(loaded[name]!.kind, name).toBe(field.kind);
    field.shape.forEach((d, i) => d !== null && expect(loaded[name]!.shape[i], `${name}[${i}]`).toBe(d));
  }
}

interface Head {
  output: number;
  name: string;
  field: string;
  loss: LossName;
  metrics?: MetricName[];
}

async function trainOneEpoch(model: tf.LayersModel, data: Dataset, inputs: string[], heads: Head[]): Promise<Record<string, number>> {
  const bindings: TableBindings = {
    inputs: inputs.map((field, index) => ({ index, field })),
    outputs: heads.map((h) => ({ output: h.output, name: h.name, loss: h.loss, weight: 1, metrics: h.metrics ?? [], target: {}, field: h.field })),
  };
  const config = TrainingConfigSchema.parse({ epochs: 1, batchSize: 32, validationSplit: 0.2, learningRate: 0.01 });
  const outcome = await trainModel(model, data, config, { backend: 'cpu', onEvent: () => {} }, bindings);
  expect(outcome.reason).toBe('completed');
  model.dispose();
  return outcome.metrics;
}

const seeded = (build: () => tf.LayersModel) => withSeededRandom(1, build);

describe('shapes scenes', () => {
  it('train a per-pixel softmax one epoch', async () => {
    const ref = { kind: 'shapes', samples: 64 };
    const data = await load(ref);
    expectPromisesKept(ref, data);
    const model = seeded(() => {
      const input = tf.input({ shape: [32, 32, 1] });
      const hidden = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(input) as tf.SymbolicTensor;
      const output = tf.layers.conv2d({ filters: 4, kernelSize: 1, activation: 'softmax' }).apply(hidden) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: output });
    });
    const metrics = await trainOneEpoch(model, data, ['x'], [{ output: 0, name: 'mask', field: 'y', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', 'iou'] }]);
    expect(Number.isFinite(metrics.loss)).toBe(true);
    expect(Number.isFinite(metrics.iou)).toBe(true);
  });
});

describe('sequence tasks', () => {
  it('train an encoder–decoder with teacher forcing one epoch', async () => {
    const ref = { kind: 'sequence-task', task: 'reverse', length: 4, samples: 128 };
    const data = await load(ref);
    expectPromisesKept(ref, data);
    const model = seeded(() => {
      const source = tf.input({ shape: [4], dtype: 'int32' });
      const decoderInput = tf.input({ shape: [5], dtype: 'int32' });
      const encoded = tf.layers.flatten().apply(tf.layers.embedding({ inputDim: 14, outputDim: 8 }).apply(source)) as tf.SymbolicTensor;
      const context = tf.layers.repeatVector({ n: 5 }).apply(tf.layers.dense({ units: 8 }).apply(encoded)) as tf.SymbolicTensor;
      const decoded = tf.layers.embedding({ inputDim: 14, outputDim: 8 }).apply(decoderInput) as tf.SymbolicTensor;
      const joined = tf.layers.concatenate().apply([context, decoded]) as tf.SymbolicTensor;
      const output = tf.layers.dense({ units: 14, activation: 'softmax' }).apply(joined) as tf.SymbolicTensor;
      return tf.model({ inputs: [source, decoderInput], outputs: output });
    });
    const metrics = await trainOneEpoch(model, data, ['source', 'decoder_input'], [{ output: 0, name: 'digits', field: 'target', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] }]);
    expect(Number.isFinite(metrics.loss)).toBe(true);
  });
});

describe('text with the next token at every position', () => {
  it('trains a per-position softmax one epoch', async () => {
    const file = path.join(dir, 'corpus.csv');
    await writeFile(file, `text\n${Array.from({ length: 20 }, (_, i) => `"the ${i % 2 ? 'cat' : 'dog'} sat on the mat, line ${i}"`).join('\n')}\n`);
    const ref = { kind: 'text', path: file, task: 'next-token', targetAt: 'every-position', tokenizer: 'char', maxLength: 8, vocabularySize: 40, stride: 2 };
    const data = await load(ref);
    expectPromisesKept(ref, data);
    const model = seeded(() =>
      tf.sequential({
        layers: [tf.layers.embedding({ inputDim: 40, outputDim: 8, inputLength: 8 }), tf.layers.dense({ units: 40, activation: 'softmax' })],
      }),
    );
    const metrics = await trainOneEpoch(model, data, ['x'], [{ output: 0, name: 'next', field: 'y', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', 'perplexity'] }]);
    expect(Number.isFinite(metrics.loss)).toBe(true);
    expect(metrics.perplexity).toBeGreaterThan(1);
  });
});

describe('penguins with two label columns', () => {
  it('keep the promise of their default mapping too', async () => {
    const ref = { kind: 'builtin', name: 'penguins' };
    expectPromisesKept(ref, await load(ref));
  });

  it('gives the species as classes and the body mass standardized, and trains two heads one epoch', async () => {
    const ref = { kind: 'builtin', name: 'penguins', labels: ['species', 'body_mass_g'], labelNormalize: 'standardize' };
    const data = await load(ref);
    expectPromisesKept(ref, data);
    const { species, body_mass_g } = data.fields!;
    expect(species).toMatchObject({ kind: 'classes', classNames: ['Adelie', 'Chinstrap', 'Gentoo'] });
    expect(species!.shape).toEqual([data.xShape[0], 3]);
    expect(body_mass_g!.kind).toBe('numbers');
    expect(body_mass_g!.normalization!.offset).toBeGreaterThan(3500);
    expect(body_mass_g!.normalization!.offset).toBeLessThan(5000);
    expect(Math.max(...body_mass_g!.values)).toBeLessThan(4);
    expect(data.featureNames).not.toContain('Body Mass (g)');
    const model = seeded(() => {
      const input = tf.input({ shape: [data.xShape[1]!] });
      const hidden = tf.layers.dense({ units: 8, activation: 'relu' }).apply(input) as tf.SymbolicTensor;
      const speciesHead = tf.layers.dense({ units: 3, activation: 'softmax', name: 'species' }).apply(hidden) as tf.SymbolicTensor;
      const massHead = tf.layers.dense({ units: 1, name: 'body_mass_g' }).apply(hidden) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: [speciesHead, massHead] });
    });
    const metrics = await trainOneEpoch(model, data, ['x'], [
      { output: 0, name: 'species', field: 'species', loss: 'categoricalCrossentropy', metrics: ['accuracy'] },
      { output: 1, name: 'body_mass_g', field: 'body_mass_g', loss: 'mse', metrics: ['mae'] },
    ]);
    expect(Number.isFinite(metrics.loss)).toBe(true);
    expect(Number.isFinite(metrics.body_mass_g_loss)).toBe(true);
  });
});

/** A PNG of `size`×`size` whose grey level at (x, y) is `level(x, y)`. */
function png(size: number, level: (x: number, y: number) => number): Buffer {
  const image = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const at = (y * size + x) * 4;
      image.data[at] = image.data[at + 1] = image.data[at + 2] = level(x, y);
      image.data[at + 3] = 255;
    }
  return PNG.sync.write(image);
}

describe('image + mask folders', () => {
  async function folders(name: string, count: number, maskSize = 16): Promise<{ images: string; masks: string }> {
    const images = path.join(dir, name, 'images');
    const masks = path.join(dir, name, 'masks');
    await mkdir(images, { recursive: true });
    await mkdir(masks, { recursive: true });
    for (let i = 0; i < count; i++) {
      const edge = 4 + i;
      await writeFile(path.join(images, `s${i}.png`), png(16, (x) => (x < edge ? 230 : 20)));
      await writeFile(path.join(masks, `s${i}.png`), png(maskSize, (x) => (x < (edge * maskSize) / 16 ? 255 : 0)));
    }
    return { images, masks };
  }

  it('reads images and masks (listed grey levels → classes), resized, and trains one epoch', async () => {
    const { images, masks } = await folders('ok', 8);
    const ref = { kind: 'image-masks', path: images, maskPath: masks, width: 8, height: 8, color: 'grayscale', classes: [0, 255] };
    const data = await load(ref);
    expectPromisesKept(ref, data);
    expect(data.xShape).toEqual([8, 8, 8, 1]);
    expect(data.yShape).toEqual([8, 8, 8, 1]);
    expect(new Set(data.y)).toEqual(new Set([0, 1]));
    // Image 0 is bright left of x = 4 (of 16): the first two of eight columns are class 1.
    expect(Array.from(data.y.slice(0, 8))).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
    const model = seeded(() => {
      const input = tf.input({ shape: [8, 8, 1] });
      const output = tf.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid' }).apply(input) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: output });
    });
    const metrics = await trainOneEpoch(model, data, ['x'], [{ output: 0, name: 'mask', field: 'y', loss: 'binaryCrossentropy', metrics: ['dice'] }]);
    expect(Number.isFinite(metrics.loss)).toBe(true);
  });

  it('says that masks saved as 0 / 255 need their levels listed, at the mask, instead of making 256 classes', async () => {
    const { images, masks } = await folders('unlisted', 2);
    const error = await load({ kind: 'image-masks', path: images, maskPath: masks, width: 8, height: 8 }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DatasetError);
    const mask = path.join(masks, 's0.png');
    expect((error as DatasetError).location).toMatchObject({ source: mask });
    expect((error as DatasetError).message).toBe(
      `${mask}: the masks use only the grey levels 0, 255 — read as class indices that makes 256 classes, most of them empty; if each level stands for a class (masks saved as 0 / 255), list the levels: "classes": [0, 255]`,
    );
  });

  it('names an image without a mask and a mask of another size', async () => {
    const { images, masks } = await folders('missing', 2);
    await writeFile(path.join(images, 'extra.png'), png(16, () => 0));
    await expect(load({ kind: 'image-masks', path: images, maskPath: masks })).rejects.toThrow(`${images}/extra.png has no mask in ${masks}`);
    const sized = await folders('sized', 1, 12);
    const error = await load({ kind: 'image-masks', path: sized.images, maskPath: sized.masks }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as DatasetError).message).toBe(`${path.join(sized.masks, 's0.png')} is 12×12 but its image ${path.join(sized.images, 's0.png')} is 16×16 — a mask must be the size of its image`);
  });
});
