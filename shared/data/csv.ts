import Papa from 'papaparse';
import type { CsvDatasetReference } from './reference';
import { splitIndices, type Dataset, type FeatureNormalization } from './dataset';

export interface CsvParseOptions {
  /** The file the text came from, named in every error. */
  source: string;
  /** The training loop's split: normalization is fitted on its training rows only. */
  validationSplit: number;
  seed: number;
  /**
   * What the model outputs, so `auto` label encoding can fit it: one-hot when the output
   * has one unit per class, a 0/1 column for a single sigmoid unit, indices for a sparse loss.
   */
  target?: { units: number | null; loss: string };
}

/** A class label column with more distinct values than this is surely a mistake. */
const MAX_CLASSES = 1000;
/** `auto` treats integer labels with at most this many distinct values as classes. */
const MAX_AUTO_INTEGER_CLASSES = 20;

/**
 * CSV text (with a header row) → a dataset, following the reference's column roles.
 * Throws an Error that names the file, the column and the line for anything it cannot use.
 */
export function parseCsvDataset(text: string, ref: CsvDatasetReference, options: CsvParseOptions): Dataset {
  const { source } = options;
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim(),
  });
  const rowError = parsed.errors.find((e) => e.type !== 'Delimiter');
  if (rowError)
    throw new Error(
      `${source}${rowError.row !== undefined ? ` line ${rowError.row + 2}` : ''}: ${rowError.message} — every row needs one value per header column`,
    );
  const headers = (parsed.meta.fields ?? []).filter((h) => h !== '');
  if (headers.length < 2) throw new Error(`${source} needs a header row and at least two columns (features and a label)`);
  const rows = parsed.data;
  if (rows.length === 0) throw new Error(`${source} has a header but no data rows`);

  const missing = (column: string, why: string) =>
    new Error(`column "${column}" ${why} is not in ${source} — its columns are ${headers.map((h) => `"${h}"`).join(', ')}`);
  for (const column of Object.keys(ref.columns))
    if (!headers.includes(column)) throw missing(column, 'named in the dataset mapping');
  if (ref.label !== undefined && !headers.includes(ref.label)) throw missing(ref.label, 'chosen as the label');

  const label =
    ref.label ?? Object.entries(ref.columns).find(([, role]) => role === 'label')?.[0] ?? headers[headers.length - 1]!;
  const features = headers.filter((h) => h !== label && (ref.columns[h] ?? 'feature') === 'feature');
  if (features.length === 0) throw new Error(`${source} has no feature columns: every column but the label "${label}" is ignored`);

  const n = rows.length;
  const x = new Float32Array(n * features.length);
  rows.forEach((row, r) => {
    features.forEach((column, c) => {
      const raw = (row[column] ?? '').trim();
      const value = raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(value))
        throw new Error(
          `${source} line ${r + 2}, column "${column}": ${raw === '' ? 'the value is empty' : `"${raw}" is not a number`} — features must be numbers; fix the value or set the column to ignore`,
        );
      x[r * features.length + c] = value;
    });
  });

  const { y, width, classNames } = encodeLabels(
    rows.map((row) => (row[label] ?? '').trim()),
    label,
    ref.labelEncoding,
    options,
  );

  const dataset: Dataset = { x, xShape: [n, features.length], y, yShape: [n, width], featureNames: features, classNames };
  if (ref.normalize !== 'none') {
    const { train } = splitIndices(n, options.validationSplit, options.seed);
    const normalization = fitNormalization(x, features.length, train, ref.normalize);
    applyNormalization(x, normalization);
    dataset.normalization = normalization;
  }
  return dataset;
}

function encodeLabels(
  values: string[],
  column: string,
  encoding: CsvDatasetReference['labelEncoding'],
  options: CsvParseOptions,
): { y: Float32Array; width: number; classNames: string[] } {
  const { source, target } = options;
  const numbers = values.map((v) => (v === '' ? NaN : Number(v)));
  const numeric = numbers.every(Number.isFinite);
  const distinct = [...new Set(values)];
  const isClassLike = !numeric || (numbers.every(Number.isInteger) && distinct.length <= MAX_AUTO_INTEGER_CLASSES);

  let chosen = encoding;
  if (encoding === 'auto') {
    if (!isClassLike) chosen = 'raw';
    else if (target?.loss === 'sparseCategoricalCrossentropy') chosen = 'index';
    else if (target?.units === 1) chosen = numeric ? 'raw' : 'index';
    else chosen = 'onehot';
  }

  if (chosen === 'raw') {
    const bad = numbers.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new Error(
        `${source} line ${bad + 2}, label column "${column}": "${values[bad]}" is not a number — a raw label must be numeric; choose one-hot or index encoding for class names`,
      );
    return { y: Float32Array.from(numbers), width: 1, classNames: [] };
  }

  if (distinct.length > MAX_CLASSES)
    throw new Error(
      `label column "${column}" of ${source} has ${distinct.length} distinct values — too many to be classes; use raw encoding for a numeric target`,
    );
  const classNames = numeric ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct.sort();
  const classIndex = new Map(classNames.map((name, i) => [name, i]));
  if (chosen === 'index')
    return { y: Float32Array.from(values, (v) => classIndex.get(v)!), width: 1, classNames };
  const width = classNames.length;
  const y = new Float32Array(values.length * width);
  values.forEach((v, r) => (y[r * width + classIndex.get(v)!] = 1));
  return { y, width, classNames };
}

export function fitNormalization(
  x: Float32Array,
  featureCount: number,
  rows: ArrayLike<number>,
  mode: FeatureNormalization['mode'],
): FeatureNormalization {
  const offset: number[] = [];
  const scale: number[] = [];
  for (let c = 0; c < featureCount; c++) {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < rows.length; i++) {
      const v = x[rows[i]! * featureCount + c]!;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (mode === 'minmax') {
      offset.push(rows.length ? min : 0);
      scale.push(rows.length && max > min ? max - min : 1);
      continue;
    }
    const mean = rows.length ? sum / rows.length : 0;
    let squares = 0;
    for (let i = 0; i < rows.length; i++) squares += (x[rows[i]! * featureCount + c]! - mean) ** 2;
    const std = rows.length ? Math.sqrt(squares / rows.length) : 0;
    offset.push(mean);
    // A constant column stays constant (zero) rather than dividing by zero.
    scale.push(std > 0 ? std : 1);
  }
  return { mode, offset, scale };
}

export function applyNormalization(x: Float32Array, normalization: FeatureNormalization): void {
  const featureCount = normalization.offset.length;
  for (let i = 0; i < x.length; i++) {
    const c = i % featureCount;
    x[i] = (x[i]! - normalization.offset[c]!) / normalization.scale[c]!;
  }
}
