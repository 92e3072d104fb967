import { describe, expect, it } from 'vitest';
import { InputBindingSchema, OutputObjectiveSchema, TrainingConfigSchema } from '../../../shared/graph/training-config';
import { CsvDatasetSchema, GeneratedDatasetSchema } from '../../../shared/data/reference';
import { checkNumber, configFields, type ConfigField } from './config-fields';

describe('configFields', () => {
  it('reads every training option from the schema', () => {
    const fields = configFields(TrainingConfigSchema);
    const byName = new Map(fields.map((f) => [f.name, f]));
    expect([...byName.keys()]).toEqual(['engine', 'device', 'optimizer', 'learningRate', 'momentum', 'schedule', 'loss', 'metrics', 'gan', 'epochs', 'batchSize', 'validationSplit', 'shuffle', 'seed', 'earlyStopping']);
    expect(byName.get('engine')).toMatchObject({ kind: 'enum', default: 'tfjs', options: ['tfjs', 'pytorch'] });
    expect(byName.get('device')).toMatchObject({ kind: 'enum', default: 'auto', options: ['auto', 'cpu', 'gpu'] });
    expect(byName.get('optimizer')).toMatchObject({ kind: 'enum', default: 'adam' });
    expect(byName.get('metrics')).toMatchObject({ kind: 'enumList', options: ['accuracy', 'mae', 'mse', 'iou', 'dice', 'psnr', 'perplexity'] });
    expect(byName.get('learningRate')).toMatchObject({ kind: 'number', min: 0, exclusiveMin: true });
    const schedule = byName.get('schedule') as Extract<ConfigField, { kind: 'union' }>;
    expect(schedule.options.map((o) => o.value)).toEqual(['constant', 'step', 'exponential', 'cosine']);
    expect(schedule.options[1]!.fields.map((f) => f.name)).toEqual(['factor', 'everyEpochs']);
    expect(byName.get('earlyStopping')).toMatchObject({ kind: 'object' });
  });

  it('reads the bounds of an output’s weight and of an input’s corruption, which the bindings form checks against', () => {
    expect(configFields(OutputObjectiveSchema).find((f) => f.name === 'weight')).toMatchObject({ kind: 'number', min: 0, max: 1000, exclusiveMin: false, default: 1 });
    const noise = configFields(InputBindingSchema).find((f) => f.name === 'noise') as Extract<ConfigField, { kind: 'union' }>;
    expect(noise.options.map((o) => [o.value, o.fields])).toEqual([
      ['gaussian', [{ kind: 'number', name: 'std', integer: false, min: 0, max: 10, exclusiveMin: true, exclusiveMax: false }]],
      ['mask', [{ kind: 'number', name: 'rate', integer: false, min: 0, max: 1, exclusiveMin: true, exclusiveMax: true }]],
    ]);
  });

  it('reads the dataset forms, leaving out the discriminator and the column map', () => {
    expect(configFields(GeneratedDatasetSchema, ['kind']).map((f) => f.name)).toEqual(['name', 'samples', 'noise', 'classes', 'seed', 'labels']);
    expect(configFields(CsvDatasetSchema, ['kind']).map((f) => f.name)).toEqual(['path', 'delimiter', 'label', 'labelEncoding', 'normalize', 'missing', 'labelNormalize', 'testSplit', 'stratify']);
  });

  it('checks typed numbers against exclusive and inclusive bounds', () => {
    const fields = configFields(TrainingConfigSchema);
    const lr = fields.find((f) => f.name === 'learningRate') as Extract<ConfigField, { kind: 'number' }>;
    const split = fields.find((f) => f.name === 'validationSplit') as Extract<ConfigField, { kind: 'number' }>;
    const epochs = fields.find((f) => f.name === 'epochs') as Extract<ConfigField, { kind: 'number' }>;
    expect(checkNumber('0', lr)).toMatchObject({ ok: false, key: 'training.aboveMin' });
    expect(checkNumber('0.001', lr)).toEqual({ ok: true, value: 0.001 });
    expect(checkNumber('1', split)).toMatchObject({ ok: false, key: 'training.belowMax' });
    expect(checkNumber('2.5', epochs)).toMatchObject({ ok: false, key: 'training.invalidInteger' });
    expect(checkNumber('abc', epochs)).toMatchObject({ ok: false, key: 'training.invalidNumber' });
  });
});
