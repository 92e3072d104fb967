import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostService } from '../../shared/host-api';
import { createDatasetMethods } from './datasets-service';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-dataset-host-'));
  await writeFile(path.join(dir, 'fish.csv'), 'length,weight,species\n10,100,perch\n12,130,perch\n30,600,pike\n33,700,pike\n11,,perch\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const methods = () => createDatasetMethods({ cwd: dir, absolute: (p) => path.resolve(dir, p) });
const { methods: schemas } = hostService;

describe('dataset host methods', () => {
  it('imports a picked CSV: a first reference, column statistics, and the gap to resolve', async () => {
    const params = schemas.importDataset.params.parse({ path: 'fish.csv' });
    const { dataset, preview } = schemas.importDataset.result.parse(await methods().importDataset(params));
    expect(dataset).toMatchObject({ kind: 'csv', path: path.join(dir, 'fish.csv') });
    expect(preview.sampleCount).toBe(5);
    const weight = preview.columns.find((c) => c.name === 'weight')!;
    expect(weight).toMatchObject({ type: 'numeric', role: 'feature', missing: 1, min: 100, max: 700, mean: 382.5 });
    expect(weight.histogram.reduce((a, b) => a + b, 0)).toBe(4);
    expect(preview.columns.find((c) => c.name === 'species')).toMatchObject({ type: 'categorical', role: 'label', distinct: 2 });
    expect(preview.rows[4]).toEqual([11, null, 'perch']);
    expect(preview.problem?.code).toBe('missing-values');
    expect(preview.result).toBeNull();
  });

  it('previews a relative path against the project folder once the gap is dropped', async () => {
    const params = schemas.previewDataset.params.parse({
      dataset: { kind: 'csv', path: 'fish.csv', missing: 'drop', normalize: 'standardize' },
      projectPath: path.join(dir, 'fish.nnd.json'),
      validationSplit: 0.25,
    });
    const preview = schemas.previewDataset.result.parse(await methods().previewDataset(params));
    expect(preview.problem).toBeNull();
    expect(preview.result).toMatchObject({
      sampleShape: [2],
      targetWidth: 2,
      task: 'classification',
      classNames: ['perch', 'pike'],
      classBalance: [
        { name: 'perch', count: 2 },
        { name: 'pike', count: 2 },
      ],
      split: { train: 3, validation: 1, test: 0 },
    });
  });

  it('reports a file that is not where the project says', async () => {
    const check = await methods().checkDatasetFiles({ dataset: schemas.checkDatasetFiles.params.parse({ dataset: { kind: 'csv', path: 'gone.csv' } }).dataset, projectPath: path.join(dir, 'p.nnd.json') });
    expect(check.missing).toEqual([path.join(dir, 'gone.csv')]);
    expect((await methods().checkDatasetFiles({ dataset: { kind: 'builtin', name: 'mnist' } })).missing).toEqual([]);
    await expect(methods().previewDataset(schemas.previewDataset.params.parse({ dataset: { kind: 'csv', path: 'gone.csv' } }))).rejects.toMatchObject({
      code: 'not-found',
      message: `${path.join(dir, 'gone.csv')} does not exist — it may have been moved or renamed; locate it again`,
    });
  });

  it('lists the generated and shipped datasets', async () => {
    const list = schemas.listBuiltinDatasets.result.parse(await methods().listBuiltinDatasets(undefined));
    expect(list.map((d) => d.id)).toEqual(['generated-xor', 'generated-spirals', 'generated-circles', 'generated-blobs', 'mnist', 'penguins', 'seattle-weather', 'seattle-weather-forecast', 'les-miserables']);
    expect(list.find((d) => d.id === 'mnist')).toMatchObject({ sampleShape: [28, 28, 1], samples: 10_000 });
  });
});
