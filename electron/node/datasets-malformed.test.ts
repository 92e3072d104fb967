import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError } from '../../shared/data/errors';
import { encodeIdx } from '../../shared/data/idx';
import { encodeNpy } from '../../shared/data/numpy';
import { DatasetReferenceSchema } from '../../shared/data/reference';
import { TrainingUserError } from '../../shared/training/errors';
import { loadDataset } from './load-dataset';
import { previewDataset } from './datasets';

/**
 * The malformed-input corpus: every file here is wrong in one way a person's file can be,
 * and each gets its own located, human message — from the import preview and, the same
 * words, from the training worker. Nothing throws anything but a DatasetError (or, in the
 * worker, a TrainingUserError): no crash, no stack trace for a person to read.
 * The files are written by the test (a 2 GB one as a sparse file), so the corpus is this table.
 */

interface Case {
  name: string;
  /** Files to write, relative to the case's folder; a function writes its own. */
  files: Record<string, string | Uint8Array | ((file: string) => Promise<void>)>;
  /** The reference to read; `$` is the case's folder. */
  ref: Record<string, unknown>;
  /** The message, with `$` for the case's folder; a RegExp where a library's own words are quoted. */
  message: string | RegExp;
  code: string;
}

const png = (width: number, height: number) => PNG.sync.write(Object.assign(new PNG({ width, height }), {}));
const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const csv = (name = 'data.csv', extra: Record<string, unknown> = {}) => ({ kind: 'csv', path: `$/${name}`, ...extra });
const json = (extra: Record<string, unknown> = {}) => ({ kind: 'json', path: '$/data.json', ...extra });
const manyIds = ['id,v,y', ...Array.from({ length: 1200 }, (_, i) => `user-${i},${i},${i % 2}`)].join('\n');

const CASES: Case[] = [
  { name: 'empty file', files: { 'data.csv': '' }, ref: csv(), code: 'empty', message: '$/data.csv is empty (0 bytes) — choose a file with data in it' },
  { name: 'blank lines only', files: { 'data.csv': '\n\n  \n' }, ref: csv(), code: 'empty', message: '$/data.csv is empty — choose a file with a header row and data rows' },
  { name: 'header without rows', files: { 'data.csv': 'a,b,y\n' }, ref: csv(), code: 'empty', message: '$/data.csv has a header but no data rows — add rows below the header' },
  {
    name: 'binary file named .csv (a PNG)',
    files: { 'data.csv': png(4, 4) },
    ref: csv(),
    code: 'binary',
    message: '$/data.csv is a binary file, not CSV text (it holds zero bytes) — it may be a spreadsheet, an archive or an image; export it as CSV',
  },
  {
    name: 'a zip (xlsx) named .csv',
    files: { 'data.csv': zipSync({ 'sheet.xml': new Uint8Array([60, 0, 62]) }) },
    ref: csv(),
    code: 'binary',
    message: '$/data.csv is a binary file, not CSV text (it holds zero bytes) — it may be a spreadsheet, an archive or an image; export it as CSV',
  },
  {
    name: 'UTF-16 text',
    files: { 'data.csv': new Uint8Array([0xff, 0xfe, 0x61, 0, 0x2c, 0, 0x62, 0]) },
    ref: csv(),
    code: 'encoding',
    message: '$/data.csv is UTF-16 text — save it as UTF-8 (in Excel: "CSV UTF-8") and import it again',
  },
  {
    name: 'Latin-1 text (not UTF-8)',
    files: { 'data.csv': latin1('name,size,y\nAnna,1,0\nJos\u00e9,2,1\n') },
    ref: csv(),
    code: 'encoding',
    message:
      '$/data.csv:3: the file is not UTF-8 text (line 3 holds a byte that is not valid UTF-8; it may be Latin-1 or Windows-1252) — save it as UTF-8 (in Excel: "CSV UTF-8") and import it again',
  },
  {
    name: 'a row too short',
    files: { 'data.csv': 'a,b,y\n1,2,0\n3,4\n5,6,1\n' },
    ref: csv(),
    code: 'ragged',
    message: '$/data.csv:3: the line has 2 values but the header has 3 columns — every row needs one value per column; fix or remove the line',
  },
  {
    name: 'rows too long',
    files: { 'data.csv': 'a,b,y\n1,2,0\n3,4,1,9\n5,6,1,9,9\n7,8,0\n' },
    ref: csv(),
    code: 'ragged',
    message: '$/data.csv:3: the line has 4 values but the header has 3 columns (and 1 more such line) — every row needs one value per column; fix or remove the line',
  },
  {
    name: 'a word in a numeric column',
    files: { 'data.csv': 'a,b,y\n1,2,0\n3,4,1\n5,abc,0\n7,8,1\n' },
    ref: csv(),
    code: 'not-a-number',
    message: '$/data.csv:4:2: "abc" in column "b" is not a number — fix the value, or set the column to ignore',
  },
  {
    name: 'a unit left in numbers',
    files: { 'data.csv': 'weight,y\n12kg,0\n14,1\n15kg,0\n16,1\n17,0\n' },
    ref: csv(),
    code: 'not-a-number',
    message: '$/data.csv:2:1: "12kg" in column "weight" is not a number (1 more value in this column is not either) — fix the value, or set the column to ignore',
  },
  {
    name: 'missing values (the mapping offers drop or impute)',
    files: { 'data.csv': 'a,b,y\n1,2,0\n,4,1\n5,NA,0\n7,8,1\n' },
    ref: csv(),
    code: 'missing-values',
    message:
      '$/data.csv:3:1: missing value in column "a" (missing per column: "a" 1, "b" 1) — choose "drop rows with missing values" or "impute" in the mapping, or fill the gaps in the file',
  },
  {
    name: 'a missing label',
    files: { 'data.csv': 'a,y\n1,0\n2,\n3,1\n' },
    ref: csv(),
    code: 'missing-values',
    message:
      '$/data.csv:3:2: missing value in column "y" (missing per column: "y" 1) — choose "drop rows with missing values" or "impute" in the mapping, or fill the gaps in the file',
  },
  {
    name: 'every row has a gap, and they are dropped',
    files: { 'data.csv': 'a,b,y\n1,,0\n,4,1\n' },
    ref: csv('data.csv', { missing: 'drop' }),
    code: 'missing-values',
    message: 'no row of $/data.csv is complete — every row misses a feature or its label; impute instead of dropping, or ignore the emptiest columns',
  },
  {
    name: 'a label with a single class',
    files: { 'data.csv': 'a,species\n1,cat\n2,cat\n3,cat\n' },
    ref: csv(),
    code: 'single-class',
    message: 'the label column "species" of $/data.csv has a single class ("cat") — a classifier needs at least two; choose another label column, or add samples of the other classes',
  },
  {
    name: 'a numeric label with a single class',
    files: { 'data.csv': 'a,y\n1,1\n2,1\n' },
    ref: csv(),
    code: 'single-class',
    message: 'the label column "y" of $/data.csv has a single class ("1") — a classifier needs at least two; choose another label column, or add samples of the other classes',
  },
  {
    name: 'the same column name twice',
    files: { 'data.csv': 'a,a,y\n1,2,0\n' },
    ref: csv(),
    code: 'format',
    message: '$/data.csv:1:2: the header names "a" twice — give every column its own name',
  },
  {
    name: 'a header cell without a name',
    files: { 'data.csv': 'a,,y\n1,2,0\n' },
    ref: csv(),
    code: 'format',
    message: '$/data.csv:1:2: column 2 of the header has no name — give every column a name',
  },
  {
    name: 'a single column',
    files: { 'data.csv': 'y\n1\n2\n' },
    ref: csv(),
    code: 'format',
    message: '$/data.csv needs at least two columns (features and a label) — it has 1',
  },
  {
    name: 'a label column that is not in the file',
    files: { 'data.csv': 'a,b\n1,2\n' },
    ref: csv('data.csv', { label: 'kind' }),
    code: 'mapping',
    message: 'column "kind" chosen as the label is not in $/data.csv — its columns are "a", "b"',
  },
  {
    name: 'every feature ignored',
    files: { 'data.csv': 'a,b,y\n1,2,0\n' },
    ref: csv('data.csv', { columns: { a: 'ignore', b: 'ignore' } }),
    code: 'mapping',
    message: '$/data.csv has no feature columns: every column but the label "y" is ignored',
  },
  {
    name: 'an identifier column used as a feature',
    files: { 'data.csv': manyIds },
    ref: csv(),
    code: 'mapping',
    message: 'column "id" of $/data.csv has more than 1000 distinct text values — it looks like an identifier or free text, not a feature; set it to ignore',
  },
  {
    name: 'an empty feature column',
    files: { 'data.csv': 'a,b,y\n1,,0\n2,,1\n' },
    ref: csv('data.csv', { missing: 'impute' }),
    code: 'mapping',
    message: 'column "b" of $/data.csv has no values — set it to ignore',
  },
  {
    name: 'text labels with raw encoding',
    files: { 'data.csv': 'a,kind\n1,cat\n2,dog\n' },
    ref: csv('data.csv', { labelEncoding: 'raw' }),
    code: 'mapping',
    message: '$/data.csv:2: the label column "kind" holds text ("cat") — a raw label must be a number; choose one-hot or index encoding for class names',
  },
  {
    name: 'fractional labels one-hot encoded',
    files: { 'data.csv': 'a,price\n1,1.5\n2,2.5\n' },
    ref: csv('data.csv', { labelEncoding: 'onehot' }),
    code: 'mapping',
    message: 'the label column "price" of $/data.csv holds fractional numbers — it is a regression target: choose raw label encoding (linear output, mean squared error)',
  },
  {
    name: 'a 2 GB file',
    files: {
      'huge.csv': async (file) => {
        // Sparse: 2 GB long, no blocks on disk.
        const handle = await open(file, 'w');
        await handle.truncate(2 * 1024 ** 3);
        await handle.close();
      },
    },
    ref: csv('huge.csv'),
    code: 'too-large',
    message: '$/huge.csv is 2.0 GB, larger than the 1.0 GB NN Designer streams for a table (its values must fit in memory to train) — use a sample of it, or split it into smaller files',
  },
  {
    name: 'a folder where a file should be',
    files: { 'folder.csv': async (file) => void (await mkdir(file)) },
    ref: csv('folder.csv'),
    code: 'unreadable',
    message: '$/folder.csv is a folder — choose a file (or import the folder as images, one subfolder per class)',
  },
  {
    name: 'a file that was moved away',
    files: {},
    ref: csv('moved.csv'),
    code: 'not-found',
    message: '$/moved.csv does not exist — it may have been moved or renamed; locate it again',
  },
  { name: 'JSON with a syntax error', files: { 'data.json': '[{"a": 1, "y": 0},\n {"a": 2 "y": 1}]' }, ref: json(), code: 'format', message: /^\$\/data\.json:2:\d+: not valid JSON \(.+\) — fix the file or export it again$/ },
  {
    name: 'JSON object without rows',
    files: { 'data.json': '{"a": 1}' },
    ref: json(),
    code: 'format',
    message: '$/data.json holds a JSON object, not an array of rows — a table is [{"a": 1, "label": "x"}, …] or [[1, 2, "x"], …]',
  },
  {
    name: 'JSON array of numbers',
    files: { 'data.json': '[1, 2, 3]' },
    ref: json(),
    code: 'format',
    message: '$/data.json is an array of numbers, not of rows — a table is [{"a": 1, "label": "x"}, …]',
  },
  { name: 'empty JSON array', files: { 'data.json': '[]' }, ref: json(), code: 'empty', message: '$/data.json is an empty array — it has no rows' },
  {
    name: 'JSON rows of different kinds',
    files: { 'data.json': '[{"a": 1, "y": 0}, 5]' },
    ref: json(),
    code: 'ragged',
    message: '$/data.json: row 2 is 5, not an object like the first row',
  },
  {
    name: 'NPY without the NumPy signature',
    files: { 'x.npy': 'a,b\n1,2\n', 'y.npy': encodeNpy(new Int32Array([0]), [1]) },
    ref: { kind: 'numpy', path: '$/x.npy', labelPath: '$/y.npy' },
    code: 'format',
    message: '$/x.npy is not a NumPy .npy file (it does not start with \\x93NUMPY) — save the array with numpy.save',
  },
  {
    name: 'NPY cut short',
    files: { 'x.npy': encodeNpy(new Float32Array(12), [3, 4]).slice(0, 128 + 36), 'y.npy': encodeNpy(new Int32Array([0, 1, 0]), [3]) },
    ref: { kind: 'numpy', path: '$/x.npy', labelPath: '$/y.npy' },
    code: 'format',
    message: '$/x.npy is cut short: shape (3, 4) needs 48 bytes of data but the file has 36',
  },
  {
    name: 'NPY of strings',
    files: {
      'x.npy': (() => {
        const bytes = encodeNpy(new Float32Array(2), [2]);
        const text = new TextDecoder('latin1').decode(bytes).replace("'<f4'", "'<U1'");
        return latin1(text);
      })(),
      'y.npy': encodeNpy(new Int32Array([0, 1]), [2]),
    },
    ref: { kind: 'numpy', path: '$/x.npy', labelPath: '$/y.npy' },
    code: 'format',
    message: '$/x.npy holds dtype <U1, which is not a number type NN Designer reads — convert it with a.astype("float32")',
  },
  {
    name: 'NPY features without labels',
    files: { 'x.npy': encodeNpy(new Float32Array(4), [2, 2]) },
    ref: { kind: 'numpy', path: '$/x.npy' },
    code: 'mapping',
    message: '$/x.npy holds the features only — choose the .npy file with the labels too',
  },
  {
    name: 'NPY labels that do not match the samples',
    files: { 'x.npy': encodeNpy(new Float32Array(6), [3, 2]), 'y.npy': encodeNpy(new Int32Array([0, 1]), [2]) },
    ref: { kind: 'numpy', path: '$/x.npy', labelPath: '$/y.npy' },
    code: 'mapping',
    message: '$/x.npy has 3 samples but there are 2 labels (the labels in $/y.npy) — they must match one to one',
  },
  {
    name: 'NPZ that is not a zip',
    files: { 'data.npz': 'not a zip at all' },
    ref: { kind: 'numpy', path: '$/data.npz' },
    code: 'format',
    message: /^\$\/data\.npz is not a readable \.npz archive \(.+\) — save the arrays with numpy\.savez$/,
  },
  {
    name: 'IDX with a wrong signature',
    files: { 'images.idx': 'hello', 'labels.idx': encodeIdx(new Uint8Array([0]), [1]) },
    ref: { kind: 'idx', path: '$/images.idx', labelPath: '$/labels.idx' },
    code: 'format',
    message: '$/images.idx is not an IDX file (the MNIST format starts with two zero bytes and a type byte)',
  },
  {
    name: 'IDX cut short',
    files: { 'images.idx': encodeIdx(new Uint8Array(10), [2, 3, 3]).slice(0, 20), 'labels.idx': encodeIdx(new Uint8Array([0, 1]), [2]) },
    ref: { kind: 'idx', path: '$/images.idx', labelPath: '$/labels.idx' },
    code: 'format',
    message: '$/images.idx is cut short: dimensions 2×3×3 need 18 bytes but it has 4',
  },
  {
    name: 'an image that does not decode',
    files: { 'img/a/1.png': png(4, 4), 'img/b/1.png': Buffer.concat([png(4, 4).subarray(0, 40), Buffer.from('garbage garbage garbage')]) },
    ref: { kind: 'images', path: '$/img', width: 4, height: 4 },
    code: 'image',
    message: /^\$\/img\/b\/1\.png cannot be decoded as PNG \(.+\) — the file is damaged; remove or replace it$/,
  },
  {
    name: 'a text file named .png',
    files: { 'img/a/1.png': png(4, 4), 'img/b/1.png': 'just text' },
    ref: { kind: 'images', path: '$/img', width: 4, height: 4 },
    code: 'image',
    message: '$/img/b/1.png is not a PNG or JPEG image (its first bytes are neither) — remove it from the folder or convert it',
  },
  {
    name: 'images without class folders',
    files: { 'img/1.png': png(4, 4), 'img/2.png': png(4, 4) },
    ref: { kind: 'images', path: '$/img' },
    code: 'format',
    message: '$/img has no subfolders (it holds 2 images directly) — put the images in one subfolder per class, named after the class',
  },
  {
    name: 'images of a single class',
    files: { 'img/cats/1.png': png(4, 4), 'img/cats/2.png': png(4, 4) },
    ref: { kind: 'images', path: '$/img', width: 4, height: 4 },
    code: 'single-class',
    message: 'the class folders of $/img has a single class ("cats") — a classifier needs at least two; add samples of the other classes',
  },
];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'nnd-malformed-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function prepare(c: Case, index: number): Promise<{ folder: string; ref: ReturnType<typeof DatasetReferenceSchema.parse> }> {
  const folder = path.join(root, String(index));
  await mkdir(folder, { recursive: true });
  for (const [name, content] of Object.entries(c.files)) {
    const file = path.join(folder, name);
    await mkdir(path.dirname(file), { recursive: true });
    if (typeof content === 'function') await content(file);
    else await writeFile(file, content);
  }
  const ref = DatasetReferenceSchema.parse(JSON.parse(JSON.stringify(c.ref).replaceAll('$', folder)));
  return { folder, ref };
}

describe('malformed input corpus', () => {
  it('has at least 30 cases covering every kind of bad input', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    for (const code of ['empty', 'binary', 'encoding', 'ragged', 'not-a-number', 'missing-values', 'single-class', 'image', 'too-large'])
      expect(CASES.map((c) => c.code)).toContain(code);
  });

  CASES.forEach((c, index) => {
    it(`${c.name}: says so, in the preview and in the worker`, async () => {
      const { folder, ref } = await prepare(c, index);
      const expected = typeof c.message === 'string' ? c.message.replaceAll('$', folder) : c.message;
      const matches = (message: string) =>
        typeof expected === 'string' ? expect(message).toBe(expected) : expect(message.replace(folder, '$')).toMatch(expected);

      // The preview shows a file it can read, with the mapping's problem beside it; one it cannot read is refused.
      let previewMessage: string;
      let previewCode: string;
      try {
        const preview = await previewDataset(ref, { validationSplit: 0.2, seed: 1 });
        expect(preview.problem).not.toBeNull();
        previewMessage = preview.problem!.message;
        previewCode = preview.problem!.code;
      } catch (err) {
        expect(err).toBeInstanceOf(DatasetError);
        previewMessage = (err as DatasetError).message;
        previewCode = (err as DatasetError).code;
      }
      matches(previewMessage);
      expect(previewCode).toBe(c.code);

      const failure = await loadDataset(ref, { validationSplit: 0.2, seed: 1, loss: 'categoricalCrossentropy' }, null).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(TrainingUserError);
      if (c.code !== 'not-found') matches((failure as Error).message);
    });
  });

  it('offers what the missing-values message says: dropping or imputing reads the same file', async () => {
    const folder = path.join(root, 'gaps');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'data.csv'), 'a,b,y\n1,2,0\n,4,1\n5,NA,0\n7,8,1\n');
    const training = { validationSplit: 0, seed: 1, loss: 'categoricalCrossentropy' } as const;
    const dropped = await loadDataset(DatasetReferenceSchema.parse({ kind: 'csv', path: path.join(folder, 'data.csv'), missing: 'drop' }), training, 2);
    expect(dropped.xShape).toEqual([2, 2]);
    const imputed = await loadDataset(DatasetReferenceSchema.parse({ kind: 'csv', path: path.join(folder, 'data.csv'), missing: 'impute' }), training, 2);
    expect(imputed.xShape).toEqual([4, 2]);
    // Means of the rows that have a value: a = (1+5+7)/3, b = (2+4+8)/3.
    expect(imputed.x[2]).toBeCloseTo(13 / 3, 5);
    expect(imputed.x[5]).toBeCloseTo(14 / 3, 5);
  });
});
