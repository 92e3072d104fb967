import { describe, expect, it } from 'vitest';
import { parseCsvTable } from './csv';
import { CsvDatasetSchema } from './reference';
import { summarizeColumns } from './preview';
import { tableToDataset } from './tabular';

const csv = 'Size (cm),Colour,Kind,Weight (kg)\n1,red,a,10.5\n2,blue,b,20\n3,red,a,30\n4,blue,b,40\n5,red,c,\n6,blue,c,60\n';
const mapping = (extra: Record<string, unknown>) => CsvDatasetSchema.parse({ kind: 'csv', path: 't.csv', missing: 'drop', ...extra });

describe('several label columns', () => {
  it('makes each label a field named as written, y the first, the rest out of the features', () => {
    const data = tableToDataset(parseCsvTable(csv, 't.csv'), mapping({ labels: ['kind', 'weight_kg'] }), { validationSplit: 0, seed: 1 });
    expect(data.featureNames).toEqual(['Size (cm)', 'Colour=red', 'Colour=blue']);
    expect(data.xShape).toEqual([5, 3]);
    const { kind, weight_kg, y } = data.fields!;
    expect(kind).toMatchObject({ kind: 'classes', shape: [5, 3], classNames: ['a', 'b', 'c'] });
    expect(y).toBe(kind);
    expect(weight_kg).toMatchObject({ kind: 'numbers', shape: [5, 1] });
    expect([...weight_kg!.values].sort((a, b) => a - b)).toEqual([10.5, 20, 30, 40, 60]);
    expect(data.y).toBe(kind!.values);
  });

  it('standardizes numeric labels on request, keeping the mean and spread to read predictions back', () => {
    const data = tableToDataset(parseCsvTable(csv, 't.csv'), mapping({ labels: ['Kind', 'Weight (kg)'], labelNormalize: 'standardize', labelEncoding: 'index' }), { validationSplit: 0, seed: 1 });
    const weight = data.fields!['Weight (kg)']!;
    expect(weight.normalization!.offset).toBeCloseTo(32.1, 4);
    const values = [...weight.values];
    expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 4);
    expect(values.map((v) => v * weight.normalization!.scale + weight.normalization!.offset).sort((a, b) => a - b)).toEqual([10.5, 20, 30, 40, 60].map((v) => expect.closeTo(v, 3)));
    expect(data.fields!.Kind).toMatchObject({ kind: 'class-index', shape: [5, 1] });
  });

  it('refuses a missing label column and a second label named like x or y', () => {
    expect(() => tableToDataset(parseCsvTable(csv, 't.csv'), mapping({ labels: ['kind', 'height'] }), { validationSplit: 0, seed: 1 })).toThrow(/column "height" chosen as the label is not in t\.csv/);
    const xy = 'a,x,y\n1,2,3\n2,3,4\n';
    expect(() => tableToDataset(parseCsvTable(xy, 'xy.csv'), mapping({ labels: ['y', 'x'] }), { validationSplit: 0, seed: 1 })).toThrow(/"x" of xy\.csv cannot be a field of its own/);
  });

  it('shows every label column as a label in the preview', () => {
    const roles = summarizeColumns(parseCsvTable(csv, 't.csv'), mapping({ labels: ['kind', 'weight_kg'] })).map((c) => c.role);
    expect(roles).toEqual(['feature', 'feature', 'label', 'label']);
  });

  it('leaves a one-label table as it was', () => {
    const data = tableToDataset(parseCsvTable(csv, 't.csv'), mapping({ label: 'Kind', columns: { 'Weight (kg)': 'ignore' } }), { validationSplit: 0, seed: 1 });
    expect(data.fields).toBeUndefined();
    expect(data.yShape).toEqual([6, 3]);
  });
});
