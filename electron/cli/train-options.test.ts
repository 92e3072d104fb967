import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvDatasetSchema, GeneratedDatasetSchema } from '../../shared/data/reference';
import { emptyDocument } from '../../shared/graph/document';
import { CliError } from './errors';
import { datasetFor, formatMetrics, trainingFor } from './train';

const generated = { ...emptyDocument('g'), dataset: GeneratedDatasetSchema.parse({ kind: 'generated', name: 'xor' }) };
const csvProject = {
  ...emptyDocument('c'),
  dataset: CsvDatasetSchema.parse({ kind: 'csv', path: 'data/train.csv', label: 'species', columns: { id: 'ignore' }, normalize: 'standardize' }),
};

describe('nnd train options', () => {
  it('keeps the project dataset when no flag overrides it', () => {
    expect(datasetFor(generated, {}, '/work')).toBe(generated.dataset);
    expect(datasetFor(csvProject, {}, '/work')).toBe(csvProject.dataset);
  });

  it('--data: every column but the label is a feature, the label left to the last column unless --label names one', () => {
    expect(datasetFor(generated, { data: 'x.csv' }, '/work')).toEqual({
      kind: 'csv',
      path: path.resolve('/work', 'x.csv'),
      columns: {},
      labelEncoding: 'auto',
      normalize: 'none',
    });
    // A project CSV's preprocessing carries over; its column roles and label belong to the other file.
    expect(datasetFor(csvProject, { data: 'other.csv', label: 'y' }, '/work')).toEqual({
      kind: 'csv',
      path: path.resolve('/work', 'other.csv'),
      columns: {},
      label: 'y',
      labelEncoding: 'auto',
      normalize: 'standardize',
    });
  });

  it('--label alone re-labels the project CSV and is refused for a generated set', () => {
    expect(datasetFor(csvProject, { label: 'petal_width' }, '/work')).toMatchObject({ path: 'data/train.csv', label: 'petal_width' });
    expect(() => datasetFor(generated, { label: 'y' }, '/work')).toThrow(CliError);
    expect(() => datasetFor(generated, { label: 'y' }, '/work')).toThrow(/--data <file\.csv>/);
  });

  it('--epochs and --batch-size override only what they name', () => {
    const training = trainingFor(generated, { epochs: 3 });
    expect(training).toEqual({ ...generated.training, epochs: 3 });
    expect(trainingFor(generated, { batchSize: 7 }).batchSize).toBe(7);
    expect(trainingFor(generated, {})).toEqual(generated.training);
  });

  it('formats metrics loss first, validation after training', () => {
    expect(formatMetrics({ val_acc: 0.5, acc: 1, val_loss: 0.25, loss: 0.000012 })).toBe('loss 1.200e-5  acc 1.0000  val_loss 0.2500  val_acc 0.5000');
  });
});
