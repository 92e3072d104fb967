import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import type { Dataset } from '../../shared/data/dataset';
import { TrainingConfigSchema } from '../../shared/graph/training-config';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { trainModel } from '../../shared/training/train';
import { selectBackend } from './backend';
import { registerFastPath } from './fast-path';
import { loadDataset } from '../node/load-dataset';
import { readProject } from '../node/project-files';

/**
 * The LeNet-5 template on the built-in digits, cut short: the full run (8,000 digits, 12
 * epochs, ≥ 97 % validation accuracy, see README) takes minutes; this one checks in seconds
 * that the template, the built-in MNIST reader and the training loop fit together and learn.
 */
describe('LeNet-5 on the built-in MNIST digits, a short run', () => {
  it('learns well above chance from 800 digits in 2 epochs', async () => {
    await registerFastPath();
    const backend = await selectBackend();
    const doc = await readProject(path.join(import.meta.dirname, '../../examples/lenet5-mnist.nnd.json'));
    expect(doc.dataset).toEqual({ kind: 'builtin', name: 'mnist' });
    const full = await loadDataset(doc.dataset!, doc.training, 10);
    // The rows are arranged for a stratified split; the first 800 mix every digit.
    const count = 800;
    const data: Dataset = { ...full, x: full.x.slice(0, count * 784), xShape: [count, 28, 28, 1], y: full.y.slice(0, count * 10), yShape: [count, 10] };
    const { model } = compileGraph(doc, tfjsCatalog);
    const training = TrainingConfigSchema.parse({ ...doc.training, epochs: 2, validationSplit: 0.25 });
    const outcome = await trainModel(model, data, training, { backend });
    model.dispose();
    expect(outcome.epochs).toBe(2);
    expect(outcome.metrics.val_acc).toBeGreaterThan(0.6);
  });
});
