import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetReferenceSchema } from '../../shared/data/reference';
import { TrainingUserError } from '../../shared/training/errors';
import { loadDataset } from './load-dataset';

const training = { validationSplit: 0.2, seed: 1, loss: 'categoricalCrossentropy' } as const;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-dataset-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadDataset', () => {
  it('reads a CSV file and fits auto label encoding to the output layer', async () => {
    const file = path.join(dir, 'points.csv');
    await writeFile(file, 'a,b,label\n0,0,no\n0,1,yes\n1,0,yes\n1,1,no\n');
    const ref = DatasetReferenceSchema.parse({ kind: 'csv', path: file });
    expect((await loadDataset(ref, training, 2)).yShape).toEqual([4, 2]);
    const single = await loadDataset(ref, { ...training, loss: 'binaryCrossentropy' }, 1);
    expect(single.yShape).toEqual([4, 1]);
    // Rows are arranged for a stratified split, so compare each sample with its own label.
    const xor = (a: number, b: number) => (a !== b ? 1 : 0);
    for (let r = 0; r < 4; r++) expect(single.y[r]).toBe(xor(single.x[r * 2]!, single.x[r * 2 + 1]!));
  });

  it('says which file cannot be read, as a user error', async () => {
    const missing = path.join(dir, 'nope.csv');
    const failure = await loadDataset(DatasetReferenceSchema.parse({ kind: 'csv', path: missing }), training, 2).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TrainingUserError);
    expect((failure as Error).message).toBe(`cannot read the dataset ${missing}: the file does not exist — check the dataset path`);
  });

  it('generates a generated set in place', async () => {
    const data = await loadDataset(DatasetReferenceSchema.parse({ kind: 'generated', name: 'circles', samples: 50 }), training, 2);
    expect(data.xShape).toEqual([50, 2]);
  });
});
