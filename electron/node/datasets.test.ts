import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync, zipSync } from 'fflate';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeIdx } from '../../shared/data/idx';
import { encodeNpy } from '../../shared/data/numpy';
import { DatasetReferenceSchema } from '../../shared/data/reference';
import { loadDataset } from './load-dataset';
import { previewDataset, suggestDatasetReference } from './datasets';

/**
 * One small file of every format, read the way the training worker reads it: the tests
 * check the tensors that reach the training loop (shapes, dtypes, values, labels).
 */
const training = { validationSplit: 0, seed: 1, loss: 'categoricalCrossentropy' } as const;
const ref = (r: Record<string, unknown>) => DatasetReferenceSchema.parse(r);
let dir: string;
const at = (name: string) => path.join(dir, name);

function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const image = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      image.data.set([r, g, b, 255], (y * width + x) * 4);
    }
  return PNG.sync.write(image);
}

function jpg(width: number, height: number, value: number): Buffer {
  const data = Buffer.alloc(width * height * 4, value);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return jpeg.encode({ data, width, height }, 95).data;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-formats-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('every format reaches the worker as tensors', () => {
  it('CSV: numbers, a one-hot category feature and text classes', async () => {
    await writeFile(at('table.csv'), 'size,color,kind\n1.5,red,a\n2.5,blue,b\n3.5,red,a\n4.5,green,c\n');
    const data = await loadDataset(ref({ kind: 'csv', path: at('table.csv') }), training, 3);
    expect(data.x).toBeInstanceOf(Float32Array);
    expect(data.featureNames).toEqual(['size', 'color=red', 'color=blue', 'color=green']);
    expect(data.xShape).toEqual([4, 4]);
    expect(Array.from(data.x.subarray(0, 8))).toEqual([1.5, 1, 0, 0, 2.5, 0, 1, 0]);
    expect(data.classNames).toEqual(['a', 'b', 'c']);
    expect(Array.from(data.y)).toEqual([1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('TSV with integer-coded categories', async () => {
    await writeFile(at('table.tsv'), 'a\tcity\ty\n1\tParis\t0.5\n2\tOslo\t1.5\n3\tParis\t2.5\n');
    const data = await loadDataset(ref({ kind: 'csv', path: at('table.tsv'), delimiter: '\t', categorical: { city: 'integer' } }), training, 1);
    expect(data.featureNames).toEqual(['a', 'city']);
    expect(Array.from(data.x)).toEqual([1, 0, 2, 1, 3, 0]);
    expect(data.yShape).toEqual([3, 1]);
    expect(Array.from(data.y)).toEqual([0.5, 1.5, 2.5]);
    expect(data.classNames).toEqual([]);
  });

  it('semicolon CSV with decimal commas, as European spreadsheets save it', async () => {
    await writeFile(at('european.csv'), 'a;b;y\n1,5;2;0\n-2,25;3;1\n3;4;0\n');
    const data = await loadDataset(ref({ kind: 'csv', path: at('european.csv') }), training, 2);
    expect(Array.from(data.x)).toEqual([1.5, 2, -2.25, 3, 3, 4]);
  });

  it('JSON array of objects, with a gap imputed from the training rows', async () => {
    await writeFile(at('rows.json'), JSON.stringify([{ a: 1, b: 10, y: 'no' }, { a: 3, b: null, y: 'yes' }, { a: 5, b: 30, y: 'no' }]));
    const data = await loadDataset(ref({ kind: 'json', path: at('rows.json'), missing: 'impute' }), training, 2);
    expect(data.xShape).toEqual([3, 2]);
    expect(Array.from(data.x)).toEqual([1, 10, 3, 20, 5, 30]);
    expect(Array.from(data.y)).toEqual([1, 0, 0, 1, 1, 0]);
  });

  it('JSON array of arrays with a header row', async () => {
    await writeFile(at('arrays.json'), JSON.stringify([['x1', 'x2', 'label'], [0, 1, 1], [1, 0, 0], [1, 1, 1]]));
    const data = await loadDataset(ref({ kind: 'json', path: at('arrays.json') }), { ...training, loss: 'binaryCrossentropy' }, 1);
    expect(data.featureNames).toEqual(['x1', 'x2']);
    expect(Array.from(data.x)).toEqual([0, 1, 1, 0, 1, 1]);
    expect(Array.from(data.y)).toEqual([1, 0, 1]);
  });

  it('NPY features (float64, 3 samples of 2×2) with an NPY of integer labels', async () => {
    const x = new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // float64 is written by hand: encodeNpy writes float32, and a float64 file must convert.
    const header = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2, 2), }";
    const padded = header + ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
    const bytes = new Uint8Array(10 + padded.length + x.byteLength);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    new DataView(bytes.buffer).setUint16(8, padded.length, true);
    bytes.set(Buffer.from(padded, 'latin1'), 10);
    bytes.set(new Uint8Array(x.buffer), 10 + padded.length);
    await writeFile(at('x.npy'), bytes);
    await writeFile(at('y.npy'), encodeNpy(new Int32Array([2, 0, 1]), [3]));
    expect(await suggestDatasetReference(at('x.npy'))).toMatchObject({ kind: 'numpy', labelPath: at('y.npy') });
    const data = await loadDataset(ref({ kind: 'numpy', path: at('x.npy'), labelPath: at('y.npy') }), training, 3);
    expect(data.xShape).toEqual([3, 2, 2]);
    expect(Array.from(data.x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(data.classNames).toEqual(['0', '1', '2']);
    expect(Array.from(data.y)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
  });

  it('NPZ with named arrays; uint8 pixels are scaled to 0..1', async () => {
    const archive = zipSync({ 'images.npy': encodeNpy(new Uint8Array([0, 255, 51, 102]), [2, 2]), 'targets.npy': encodeNpy(new Float32Array([0.25, 0.75]), [2, 1]) });
    await writeFile(at('arrays.npz'), archive);
    const data = await loadDataset(ref({ kind: 'numpy', path: at('arrays.npz'), xKey: 'images', yKey: 'targets' }), training, 1);
    expect(data.xShape).toEqual([2, 2]);
    expect(Array.from(data.x)).toEqual([0, 1, 0.2, 0.4].map(Math.fround));
    expect(Array.from(data.y)).toEqual([0.25, 0.75]);
  });

  it('IDX images (gzip) and labels (plain) get a channel axis and 0..1 pixels', async () => {
    const pixels = new Uint8Array(4 * 3 * 3).map((_, i) => (i * 7) % 256);
    await writeFile(at('train-images-idx3-ubyte.gz'), gzipSync(encodeIdx(pixels, [4, 3, 3])));
    await writeFile(at('train-labels-idx1-ubyte'), encodeIdx(new Uint8Array([3, 1, 3, 1]), [4]));
    const suggested = await suggestDatasetReference(at('train-images-idx3-ubyte.gz'));
    expect(suggested).toMatchObject({ kind: 'idx', labelPath: at('train-labels-idx1-ubyte') });
    const data = await loadDataset(suggested, training, 2);
    expect(data.xShape).toEqual([4, 3, 3, 1]);
    expect(data.x[1]).toBeCloseTo(7 / 255, 6);
    expect(data.classNames).toEqual(['1', '3']);
    expect(Array.from(data.y)).toEqual([0, 1, 1, 0, 0, 1, 1, 0]);
  });

  it('an image folder: PNG and JPEG, resized, grayscale or RGB, one class per subfolder', async () => {
    await mkdir(at('shapes/dark'), { recursive: true });
    await mkdir(at('shapes/light'), { recursive: true });
    await writeFile(at('shapes/dark/1.png'), png(8, 8, () => [0, 0, 0]));
    await writeFile(at('shapes/dark/2.jpg'), jpg(6, 6, 20));
    await writeFile(at('shapes/light/1.png'), png(4, 4, (x) => (x < 2 ? [255, 0, 0] : [255, 255, 255])));
    const gray = await loadDataset(ref({ kind: 'images', path: at('shapes'), width: 2, height: 2, color: 'grayscale' }), training, 2);
    expect(gray.xShape).toEqual([3, 2, 2, 1]);
    expect(gray.classNames).toEqual(['dark', 'light']);
    expect(Array.from(gray.x.subarray(0, 4))).toEqual([0, 0, 0, 0]);
    expect(gray.x[4]!).toBeCloseTo(20 / 255, 1);
    expect(gray.x[8]!).toBeCloseTo(0.299, 3);
    expect(gray.x[9]!).toBeCloseTo(1, 5);
    const rgb = await loadDataset(ref({ kind: 'images', path: at('shapes'), width: 2, height: 2, color: 'rgb' }), training, 2);
    expect(rgb.xShape).toEqual([3, 2, 2, 3]);
    expect(Array.from(rgb.x.subarray(24, 27))).toEqual([1, 0, 0]);
    const preview = await previewDataset(ref({ kind: 'images', path: at('shapes'), width: 4, height: 4 }), { validationSplit: 0, seed: 1 });
    expect(preview.thumbnails.map((t) => t.label)).toEqual(['dark', 'light', 'dark']);
    expect(preview.result?.classBalance).toEqual([{ name: 'dark', count: 2 }, { name: 'light', count: 1 }]);
  });

  it('built-in MNIST: 10,000 digits of 28×28×1 in 0..1, ten classes', async () => {
    const data = await loadDataset(ref({ kind: 'builtin', name: 'mnist' }), { ...training, validationSplit: 0.2 }, 10);
    expect(data.xShape).toEqual([10_000, 28, 28, 1]);
    expect(data.yShape).toEqual([10_000, 10]);
    expect(Math.max(...data.x.subarray(0, 784 * 5))).toBeLessThanOrEqual(1);
    expect(data.classNames).toHaveLength(10);
  });

  it('built-in penguins and seattle-weather read with their own mappings', async () => {
    const penguins = await loadDataset(ref({ kind: 'builtin', name: 'penguins' }), training, 3);
    expect(penguins.classNames).toEqual(['Adelie', 'Chinstrap', 'Gentoo']);
    expect(penguins.xShape).toEqual([333, 9]);
    expect(penguins.featureNames).toContain('Sex=FEMALE');
    expect(penguins.featureNames.slice(0, 2)).toEqual(['Island=Torgersen', 'Island=Biscoe']);
    const weather = await loadDataset(ref({ kind: 'builtin', name: 'seattle-weather' }), training, 5);
    expect(weather.featureNames).toEqual(['precipitation', 'temp_max', 'temp_min', 'wind']);
    expect(weather.classNames).toEqual(['drizzle', 'fog', 'rain', 'snow', 'sun']);
    expect(weather.xShape).toEqual([1461, 4]);
  });

  it('built-in seattle-weather as a time series: 14-day windows forecasting the next day', async () => {
    const forecast = await loadDataset(ref({ kind: 'builtin', name: 'seattle-weather', forecast: {} }), training, 1);
    expect(forecast.xShape).toEqual([1447, 14, 4]);
    expect(forecast.yShape).toEqual([1447, 1]);
    expect(forecast.classNames).toEqual([]);
    const preview = await previewDataset(ref({ kind: 'builtin', name: 'seattle-weather', forecast: { window: 7 } }), { validationSplit: 0.2, seed: 1 });
    expect(preview.result).toMatchObject({ sampleShape: [7, 4], task: 'regression' });
    expect(preview.columns.map((c) => c.name)).toContain('temp_max');
  });
});

describe('split and normalization', () => {
  it('stratifies validation and test by class and fits normalization on the training rows only', async () => {
    const rows = ['v,label'];
    for (let i = 0; i < 100; i++) rows.push(`${i},${i < 80 ? 'common' : 'rare'}`);
    await writeFile(at('imbalanced.csv'), rows.join('\n'));
    const data = await loadDataset(
      ref({ kind: 'csv', path: at('imbalanced.csv'), normalize: 'minmax', testSplit: 0.2 }),
      { ...training, validationSplit: 0.25 },
      2,
    );
    expect(data.test?.count).toBe(20);
    expect(data.xShape).toEqual([80, 1]);
    // Test: 16 common + 4 rare; validation (a quarter of the 80 left): 16 + 4.
    const rare = (y: Float32Array, count: number) => Array.from({ length: count }, (_, r) => y[r * 2 + 1]).filter((v) => v === 1).length;
    expect(rare(data.test!.y, 20)).toBe(4);
    const { splitIndices } = await import('../../shared/data/dataset');
    const { train, validation } = splitIndices(80, 0.25, 1);
    expect(rare(Float32Array.from([...validation].flatMap((r) => [data.y[r * 2]!, data.y[r * 2 + 1]!])), validation.length)).toBe(4);
    const trainValues = [...train].map((r) => data.x[r]!);
    expect(Math.min(...trainValues)).toBe(0);
    expect(Math.max(...trainValues)).toBe(1);
  });
});
