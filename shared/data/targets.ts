import { datasetText, type DatasetText } from './dataset-messages';
import { DatasetError } from './errors';
import type { LabelEncoding } from './reference';

/** A class label column with more distinct values than this is surely a mistake. */
export const MAX_CLASSES = 1000;
/** `auto` treats integer labels with at most this many distinct values as classes. */
const MAX_AUTO_INTEGER_CLASSES = 20;

/** What the model outputs, so `auto` label encoding can fit it. */
export interface TargetHint {
  units: number | null;
  loss: string;
}

/** Labels as read: text categories (codes into `categories`, -1 where missing) or numbers (NaN where missing). */
export type LabelValues =
  | { kind: 'categories'; codes: Int32Array; categories: string[] }
  | { kind: 'numbers'; values: Float32Array };

export type Targets =
  | { kind: 'classes'; classOf: Int32Array; classNames: string[]; encoding: 'onehot' | 'index' | 'binary' }
  | { kind: 'values'; values: Float32Array };

/**
 * Decides how labels become targets. `auto`: text or a few integer values are classes —
 * one-hot for a softmax, indices for a sparse loss, one 0/1 column for a single sigmoid
 * unit — anything else is a number to regress. `describe` names the label in messages.
 */
export function decideTargets(
  labels: LabelValues,
  encoding: LabelEncoding,
  target: TargetHint | undefined,
  describe: {
    /** `the label column "y" of data.csv`, `the class folders of photos/`. */
    what: DatasetText;
    source: string;
    /** For a table: the label column, so messages can point at its lines. */
    column?: string;
    lineOf: (row: number) => number;
  },
): Targets {
  const { what, source } = describe;
  if (labels.kind === 'numbers') {
    const values = labels.values;
    let integers = true;
    const distinct = new Set<number>();
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isInteger(v)) integers = false;
      else if (distinct.size <= MAX_CLASSES) distinct.add(v);
    }
    const classLike = integers && distinct.size <= MAX_AUTO_INTEGER_CLASSES;
    let chosen = encoding;
    if (encoding === 'auto') {
      if (!classLike) chosen = 'raw';
      else if (target?.loss === 'sparseCategoricalCrossentropy') chosen = 'index';
      else if (target?.units === 1) chosen = 'raw';
      else chosen = 'onehot';
    }
    if (chosen !== 'raw' && !integers)
      throw new DatasetError(
        datasetText('fractionalClasses', { what }),
        'mapping',
        { source },
      );
    if (classLike || chosen !== 'raw') requireSeveralClasses(distinct.size, [...distinct].map(String), describe);
    if (chosen === 'raw') return { kind: 'values', values };
    if (distinct.size > MAX_CLASSES)
      throw new DatasetError(
        datasetText('tooManyNumericClasses', { what, max: MAX_CLASSES }),
        'mapping',
        { source },
      );
    const sorted = [...distinct].sort((a, b) => a - b);
    const index = new Map(sorted.map((v, i) => [v, i]));
    const classOf = new Int32Array(values.length);
    for (let i = 0; i < values.length; i++) classOf[i] = index.get(values[i]!)!;
    return { kind: 'classes', classOf, classNames: sorted.map(String), encoding: chosen === 'index' ? 'index' : 'onehot' };
  }

  if (encoding === 'raw') {
    const bad = labels.codes.findIndex((c) => c >= 0);
    const value = labels.categories[labels.codes[Math.max(0, bad)]!] ?? '';
    throw new DatasetError(
      describe.column !== undefined
        ? datasetText('rawLabelText', { at: `${source}:${describe.lineOf(Math.max(0, bad))}`, column: describe.column, value })
        : datasetText('rawLabelTextOf', { what, value }),
      'mapping',
      { source, line: describe.lineOf(Math.max(0, bad)) },
    );
  }
  requireSeveralClasses(labels.categories.length, labels.categories, describe);
  if (labels.categories.length > MAX_CLASSES)
    throw new DatasetError(datasetText('tooManyClasses', { what, max: MAX_CLASSES }), 'mapping', { source });
  const sorted = labels.categories.slice().sort();
  const remap = Int32Array.from(labels.categories, (name) => sorted.indexOf(name));
  const classOf = new Int32Array(labels.codes.length);
  for (let i = 0; i < classOf.length; i++) classOf[i] = remap[labels.codes[i]!]!;
  let chosen: 'onehot' | 'index' | 'binary' = encoding === 'index' ? 'index' : 'onehot';
  if (encoding === 'auto') {
    if (target?.loss === 'sparseCategoricalCrossentropy') chosen = 'index';
    else if (target?.units === 1) chosen = sorted.length === 2 ? 'binary' : 'index';
  }
  return { kind: 'classes', classOf, classNames: sorted, encoding: chosen };
}

function requireSeveralClasses(count: number, names: string[], { what, source, column }: { what: DatasetText; source: string; column?: string }): void {
  if (count < 2)
    throw new DatasetError(
      count === 0
        ? datasetText('noLabelValues', { what })
        : datasetText(column !== undefined ? 'singleClassColumn' : 'singleClassSamples', { what, name: names[0]! }),
      'single-class',
      { source },
    );
}

/** The target rows for the given source rows, as the model's loss expects them. */
export function targetRows(targets: Targets, rows: ArrayLike<number>): { y: Float32Array; width: number } {
  if (targets.kind === 'values') {
    const y = new Float32Array(rows.length);
    for (let i = 0; i < rows.length; i++) y[i] = targets.values[rows[i]!]!;
    return { y, width: 1 };
  }
  if (targets.encoding !== 'onehot') {
    const y = new Float32Array(rows.length);
    for (let i = 0; i < rows.length; i++) y[i] = targets.classOf[rows[i]!]!;
    return { y, width: 1 };
  }
  const width = targets.classNames.length;
  const y = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) y[i * width + targets.classOf[rows[i]!]!] = 1;
  return { y, width };
}

/** How many samples of each class, for the class-balance bars. */
export function classCounts(targets: Targets, rows: ArrayLike<number>): number[] | null {
  if (targets.kind !== 'classes') return null;
  const counts = new Array<number>(targets.classNames.length).fill(0);
  for (let i = 0; i < rows.length; i++) counts[targets.classOf[rows[i]!]!]!++;
  return counts;
}
