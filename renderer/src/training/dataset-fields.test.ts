import { describe, expect, it } from 'vitest';
import { DatasetReferenceSchema } from '../../../shared/data/reference';
import { referenceFieldChoices } from './dataset-fields';

const hint = { units: 10, loss: 'categoricalCrossentropy' };

describe('the fields the training panel offers', () => {
  it('are the ones a reference promises, described', () => {
    const task = referenceFieldChoices(DatasetReferenceSchema.parse({ kind: 'sequence-task', task: 'reverse', length: 4 }), hint);
    expect(task.names).toEqual(expect.arrayContaining(['x', 'y', 'source', 'decoder_input', 'target']));
    expect(task.descriptions?.target).toMatchObject({ kind: 'class-index', ignoreValue: 0 });
    const spirals = referenceFieldChoices(DatasetReferenceSchema.parse({ kind: 'generated', name: 'spirals' }), hint);
    expect(spirals).toEqual({ names: ['x', 'y'], descriptions: { x: { shape: [2], kind: 'features' }, y: { shape: [2], kind: 'classes' } } });
  });

  it('are x and y, undescribed, where the file decides (a CSV) or there is no dataset yet', () => {
    expect(referenceFieldChoices(DatasetReferenceSchema.parse({ kind: 'csv', path: 'data.csv' }), hint)).toEqual({ names: ['x', 'y'], descriptions: null });
    expect(referenceFieldChoices(null, hint)).toEqual({ names: ['x', 'y'], descriptions: null });
  });
});
