import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { firstSamples } from '../../shared/data/fields';
import { mapDatasetPaths } from '../../shared/data/reference';
import type { GraphDocument } from '../../shared/graph/document';
import { TrainingConfigSchema } from '../../shared/graph/training-config';
import { type MetricLogs } from '../../shared/training/protocol';
import { loadDatasetFromReference } from '../node/datasets';
import { readProject } from '../node/project-files';
import { expectSameLogs, oneEpochInBothEngines, pythonForTests } from './testing';

tf.enableProdMode();

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
/** Samples of the template's own data the twins are compared on: one batch to train on, a quarter to validate. */
const SAMPLES = 64;

/**
 * One epoch of a template on the first samples of its data, in tfjs (the worker's bindings and
 * loop) and in its exported PyTorch folder (model.py, train.py, the data), from the same
 * initial weights. With one batch an epoch, the training logs are the first batch's loss and
 * metrics for those weights, and the validation logs those after the same first step.
 */
async function bothEngines(python: string, root: string, file: string): Promise<{ tfjs: MetricLogs; torch: MetricLogs }> {
  const project: GraphDocument = await readProject(path.join(EXAMPLES, file));
  const doc = { ...project, training: TrainingConfigSchema.parse({ ...project.training, epochs: 1, batchSize: SAMPLES, validationSplit: 0.25 }) };
  const ref = mapDatasetPaths(doc.dataset!, (p) => path.resolve(EXAMPLES, p));
  const data = firstSamples(await loadDatasetFromReference(ref, { validationSplit: doc.training.validationSplit, seed: doc.training.seed }), SAMPLES);
  return oneEpochInBothEngines(python, path.join(root, file.replace('.nnd.json', '')), doc, data);
}

/** The sequence templates' PyTorch twins: the exported folder computes what tfjs computes, on the template's own data. */
describe('PyTorch twins of the sequence templates', async () => {
  const { python, skipReason } = await pythonForTests();
  if (skipReason) console.info(`skipped: ${skipReason}`);
  let root = '';
  const dir = async () => (root ||= await mkdtemp(path.join(os.tmpdir(), 'nnd-template-twins-')));
  afterAll(() => (root ? rm(root, { recursive: true, force: true }) : undefined));

  it.skipIf(!python)('tiny-gpt: the same first-batch crossentropy at every position, accuracy and perplexity, and the same after one Adam step', { timeout: 180_000 }, async () => {
    const logs = await bothEngines(python!.python, await dir(), 'tiny-gpt.nnd.json');
    console.log(`tiny-gpt twins: ${JSON.stringify(logs)}`);
    expectSameLogs(logs, ['loss', 'acc', 'perplexity', 'val_loss', 'val_acc', 'val_perplexity']);
    // Untrained: about ln(72) per character.
    expect(logs.torch.loss).toBeGreaterThan(3);
  });

  it.skipIf(!python)('seq2seq-reverse: the same first-batch loss and accuracy of the two-input encoder–decoder, and the same after one Adam step', { timeout: 180_000 }, async () => {
    const logs = await bothEngines(python!.python, await dir(), 'seq2seq-reverse.nnd.json');
    console.log(`seq2seq-reverse twins: ${JSON.stringify(logs)}`);
    expectSameLogs(logs, ['loss', 'acc', 'val_loss', 'val_acc']);
    expect(logs.torch.loss).toBeGreaterThan(1);
  });
});
