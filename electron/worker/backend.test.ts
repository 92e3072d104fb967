import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRandom, type Dataset } from '../../shared/data/dataset';
import { TrainingConfigSchema } from '../../shared/graph/training-config';
import { withSeededRandom } from '../../shared/layers/seed';
import { trainModel } from '../../shared/training/train';
import { selectBackend } from './backend';
import { registerFastPath } from './fast-path';

/** 8×8 single-channel images; class 1 when the bright square sits in the right half. */
function brightSquareImages(count: number): Dataset {
  const random = createRandom(3);
  const x = new Float32Array(count * 64);
  const y = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const right = i % 2;
    const row = Math.floor(random() * 6);
    const col = right * 4 + Math.floor(random() * 3);
    for (let p = 0; p < 64; p++) x[i * 64 + p] = 0.1 * random();
    for (let r = row; r < row + 2; r++) for (let c = col; c < col + 2; c++) x[i * 64 + r * 8 + c] = 1;
    y[i * 2 + right] = 1;
  }
  return { x, xShape: [count, 8, 8, 1], y, yShape: [count, 2], featureNames: [], classNames: ['left', 'right'] };
}

async function epochLosses(model: tf.LayersModel, data: Dataset, epochs: number) {
  const losses: number[] = [];
  const config = TrainingConfigSchema.parse({ epochs, batchSize: 16, learningRate: 0.01, validationSplit: 0, metrics: ['accuracy'] });
  const outcome = await trainModel(model, data, config, {
    backend: tf.getBackend(),
    onEvent: (e) => e.type === 'epoch' && losses.push(e.logs.loss!),
  });
  return { losses, outcome };
}

describe('selectBackend', () => {
  it('falls back quietly from tfjs-node to wasm, where conv nets train', async () => {
    await registerFastPath();
    expect(await selectBackend()).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');

    const model = withSeededRandom(4, () =>
      tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
          tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same', activation: 'relu' }),
          tf.layers.separableConv2d({ filters: 4, kernelSize: 2, activation: 'relu' }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 2, activation: 'softmax' }),
        ],
      }),
    );
    const { losses, outcome } = await epochLosses(model, brightSquareImages(96), 8);
    expect(outcome.backend).toBe('wasm');
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.7);
    expect(outcome.metrics.acc).toBeGreaterThan(0.8);
    model.dispose();
  });

  it('trains an embedding on wasm (its gradient is an unsorted segment sum)', async () => {
    await selectBackend('wasm');
    const random = createRandom(9);
    const count = 128;
    // Class 1 when token 7 appears in the sequence of 4 tokens.
    const x = new Float32Array(count * 4);
    const y = new Float32Array(count * 2);
    for (let i = 0; i < count; i++) {
      for (let t = 0; t < 4; t++) x[i * 4 + t] = Math.floor(random() * 7);
      if (i % 2) x[i * 4 + Math.floor(random() * 4)] = 7;
      y[i * 2 + (i % 2)] = 1;
    }
    const data: Dataset = { x, xShape: [count, 4], y, yShape: [count, 2], featureNames: [], classNames: [] };
    const model = withSeededRandom(5, () => {
      const input = tf.input({ shape: [4], dtype: 'int32' });
      const embedded = tf.layers.embedding({ inputDim: 8, outputDim: 4 }).apply(input) as tf.SymbolicTensor;
      const flat = tf.layers.flatten().apply(embedded) as tf.SymbolicTensor;
      const out = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(flat) as tf.SymbolicTensor;
      return tf.model({ inputs: input, outputs: out });
    });
    const { losses } = await epochLosses(model, data, 10);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.7);
    model.dispose();
  });

  it('names a backend that cannot be had', async () => {
    await expect(selectBackend('tensorflow')).rejects.toThrow(/the tensorflow backend is not available here/);
  });
});
