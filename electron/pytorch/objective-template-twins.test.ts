import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstSamples } from '../../shared/data/fields';
import type { GraphDocument } from '../../shared/graph/document';
import { TrainingConfigSchema, type TrainingConfig } from '../../shared/graph/training-config';
import { type MetricLogs } from '../../shared/training/protocol';
import { selectBackend } from '../worker/backend';
import { registerFastPath } from '../worker/fast-path';
import { prepareTemplate } from '../worker/template-run';
import { expectSameLogs, oneEpochInBothEngines, pythonForTests } from './testing';

/**
 * The PyTorch twins of the templates with objectives: the folder `nnd export --format pytorch`
 * writes for each (model.py with the template's initial weights, train.py, its data) computes
 * the first batch's loss and metrics as the tfjs worker does, from the same weights on the same
 * samples. One batch holds the whole training split of the first SAMPLES samples, so the
 * epoch's training logs are exactly that batch's, and its validation logs those of the weights
 * after the same first optimizer step.
 */
const SAMPLES = 64;
const TOLERANCE = 1e-4;

interface Twins {
  tfjs: MetricLogs;
  torch: MetricLogs;
}

/**
 * One epoch, one batch, from the template's initial weights: in tfjs with the bindings the worker
 * resolves, and in the exported train.py.
 */
async function firstBatch(python: string, root: string, file: string, change: (training: TrainingConfig) => Partial<TrainingConfig> = () => ({})): Promise<Twins> {
  const template = await prepareTemplate(file);
  template.compiled.model.dispose();
  const data = firstSamples(template.data, Math.min(SAMPLES, template.data.xShape[0]!));
  const training = TrainingConfigSchema.parse({ ...template.training, epochs: 1, batchSize: 1000, ...change(template.training) });
  const doc: GraphDocument = { ...template.doc, training };
  return oneEpochInBothEngines(python, path.join(root, path.basename(file, '.nnd.json')), doc, data, { threads: 2, timeoutMs: 240_000, backend: tf.getBackend() });
}

/** The first batch's logs and, after one step, the validation logs agree within TOLERANCE relative (absolute below 1). */
function expectSameFirstBatch(twins: Twins, trainingKeys: string[]): void {
  expectSameLogs(twins, [...trainingKeys, ...trainingKeys.map((k) => `val_${k}`)], TOLERANCE);
}

describe('the PyTorch twins of the templates with objectives', async () => {
  const { python, skipReason } = await pythonForTests();
  if (skipReason) console.info(`skipped: ${skipReason}`);
  let root = '';
  const dir = async () => (root ||= await mkdtemp(path.join(os.tmpdir(), 'nnd-template-twins-')));

  beforeAll(async () => {
    tf.enableProdMode();
    await registerFastPath();
    await selectBackend('wasm', { wasmThreads: 0 });
  });
  afterAll(() => (root ? rm(root, { recursive: true, force: true }) : undefined));

  it.skipIf(!python)('denoising-autoencoder-mnist: the same reconstruction loss and PSNR; with the noise, losses as far from the clean one', { timeout: 300_000 }, async () => {
    // Each engine draws its own noise, so the exact comparison runs without it…
    const clean = await firstBatch(python!.python, await dir(), 'denoising-autoencoder-mnist.nnd.json', () => ({ inputs: {} }));
    expectSameFirstBatch(clean, ['loss', 'psnr']);
    // …and with it, both corrupt the digits as much (σ, not σ²): the loss rises about 13 %, and over
    // 64 × 784 draws its mean is steady to well under a per cent, whoever draws them.
    const noisy = await firstBatch(python!.python, await dir(), 'denoising-autoencoder-mnist.nnd.json');
    expect(noisy.tfjs.loss).toBeGreaterThan(clean.tfjs.loss! * 1.05);
    expect(Math.abs(noisy.torch.loss! - noisy.tfjs.loss!) / noisy.tfjs.loss!).toBeLessThan(0.02);
  });

  it.skipIf(!python)('unet-shapes: the same per-pixel crossentropy, IoU and accuracy', { timeout: 300_000 }, async () => {
    expectSameFirstBatch(await firstBatch(python!.python, await dir(), 'unet-shapes.nnd.json'), ['loss', 'iou', 'acc']);
  });

  it.skipIf(!python)('penguins-two-heads: the same weighted total and each head its loss and metric', { timeout: 300_000 }, async () => {
    expectSameFirstBatch(await firstBatch(python!.python, await dir(), 'penguins-two-heads.nnd.json'), [
      'loss',
      'species_loss',
      'species_acc',
      'body_mass_g_loss',
      'body_mass_g_mae',
    ]);
  });
});
