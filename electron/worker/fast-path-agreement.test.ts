import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom, splitIndices, type Dataset } from '../../shared/data/dataset';
import { TrainingConfigSchema } from '../../shared/graph/training-config';
import { ADAM_UPDATE_KERNEL } from '../../shared/training/optimizers';
import { trainModel } from '../../shared/training/train';
import { transformerDocument, TRANSFORMER } from '../../bench/engine/models';
import { compileGraph } from '../../shared/compile/compile';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { GELU_KERNEL } from '../../shared/layers/custom/gelu';
import { LAYER_NORM_KERNEL } from '../../shared/layers/custom/layer-normalization';
import { selectBackend } from './backend';
import { registerFastPath } from './fast-path';

/**
 * The worker's fast path — our training loop on wasm with the replaced BatchMatMul and the
 * one-kernel Adam — against the stock one: tfjs-layers' model.fit with tf.train.adam on the
 * cpu backend, from the same weights over the same batches. The final losses must agree
 * within 1 %.
 */
beforeAll(async () => {
  await registerFastPath();
  expect(await selectBackend('wasm')).toBe('wasm');
});

const CLASSES = 10;

/** Inputs whose class is the argmax of a fixed random linear map: learnable, so the loss moves. */
function learnableData(sampleShape: number[], samples: number, seed: number): Dataset {
  const random = createRandom(seed);
  const features = sampleShape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: samples * features }, () => random());
  const map = Float32Array.from({ length: features * CLASSES }, () => random() * 2 - 1);
  const y = new Float32Array(samples * CLASSES);
  for (let s = 0; s < samples; s++) {
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < CLASSES; c++) {
      let score = 0;
      for (let f = 0; f < features; f++) score += x[s * features + f]! * map[f * CLASSES + c]!;
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    y[s * CLASSES + best] = 1;
  }
  return { x, xShape: [samples, ...sampleShape], y, yShape: [samples, CLASSES], featureNames: [], classNames: [] };
}

async function finalLosses(makeModel: () => tf.LayersModel, data: Dataset, batchSize: number, epochs: number): Promise<{ fast: number; stock: number; initial: number }> {
  const seed = 5;
  const config = TrainingConfigSchema.parse({
    optimizer: 'adam',
    learningRate: 0.005,
    loss: 'categoricalCrossentropy',
    metrics: ['accuracy'],
    epochs,
    batchSize,
    validationSplit: 0,
    shuffle: false,
    seed,
  });
  const samples = data.xShape[0]!;
  const lossOn = (model: tf.LayersModel) =>
    tf.tidy(() => {
      const x = tf.tensor(data.x, data.xShape);
      const y = tf.tensor(data.y, data.yShape);
      return tf.mean(tf.metrics.categoricalCrossentropy(y, model.predict(x) as tf.Tensor)).dataSync()[0]!;
    });

  tf.setBackend('cpu');
  const stockModel = makeModel();
  const initialWeights = stockModel.getWeights().map((w) => w.dataSync().slice());
  const initial = lossOn(stockModel);
  // Our loop visits the samples in its split order even without shuffling; model.fit gets them so.
  const order = splitIndices(samples, 0, seed).train;
  const perSample = data.x.length / samples;
  const reorder = (values: Float32Array, width: number) => {
    const out = new Float32Array(values.length);
    order.forEach((from, to) => out.set(values.subarray(from * width, (from + 1) * width), to * width));
    return out;
  };
  const x = tf.tensor(reorder(data.x, perSample), data.xShape);
  const y = tf.tensor(reorder(data.y, CLASSES), data.yShape);
  stockModel.compile({ optimizer: tf.train.adam(0.005), loss: 'categoricalCrossentropy' });
  await stockModel.fit(x, y, { batchSize, epochs, shuffle: false, verbose: 0 });
  const stock = lossOn(stockModel);
  tf.dispose([x, y]);
  stockModel.dispose();

  tf.setBackend('wasm');
  const fastModel = makeModel();
  fastModel.setWeights(fastModel.getWeights().map((w, i) => tf.tensor(initialWeights[i]!, w.shape)));
  // adam-update.test.ts shows the optimizer takes this kernel wherever it is registered.
  expect(tf.getKernel(ADAM_UPDATE_KERNEL, 'wasm')).toBeDefined();
  await trainModel(fastModel, data, config, { backend: 'wasm' });
  const fast = lossOn(fastModel);
  fastModel.dispose();
  return { fast, stock, initial };
}

describe('the fast training path agrees with model.fit on cpu', () => {
  it('for the reference MLP 784-256-128-10 (relu, softmax), Adam, within 1 % of the final loss', async () => {
    const mlp = () =>
      tf.sequential({
        layers: [
          tf.layers.dense({ inputShape: [784], units: 256, activation: 'relu' }),
          tf.layers.dense({ units: 128, activation: 'relu' }),
          tf.layers.dense({ units: CLASSES, activation: 'softmax' }),
        ],
      });
    const { fast, stock, initial } = await finalLosses(mlp, learnableData([784], 128, 1), 32, 3);
    expect(stock).toBeLessThan(initial * 0.9);
    expect(Math.abs(fast - stock) / stock).toBeLessThan(0.01);
  }, 120_000);

  it('for a small CNN (conv-pool-conv-pool-dense on 28×28×1), within 1 % of the final loss', async () => {
    const cnn = () =>
      tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 3, activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: CLASSES, activation: 'softmax' }),
        ],
      });
    const { fast, stock, initial } = await finalLosses(cnn, learnableData([28, 28, 1], 64, 2), 16, 3);
    expect(stock).toBeLessThan(initial * 0.95);
    expect(Math.abs(fast - stock) / stock).toBeLessThan(0.01);
  }, 120_000);

  it('for bench:engine’s Transformer encoder block (SIMD attention products, one-kernel GELU and LayerNorm on wasm), within 1 % of the final loss', async () => {
    expect(tf.getKernel(GELU_KERNEL, 'wasm')).toBeDefined();
    expect(tf.getKernel(LAYER_NORM_KERNEL, 'wasm')).toBeDefined();
    const transformer = () => compileGraph(transformerDocument(), tfjsCatalog).model;
    const { fast, stock, initial } = await finalLosses(transformer, learnableData([TRANSFORMER.steps, TRANSFORMER.dModel], 64, 3), 16, 3);
    expect(stock).toBeLessThan(initial * 0.95);
    expect(Math.abs(fast - stock) / stock).toBeLessThan(0.01);
  }, 300_000);
});
