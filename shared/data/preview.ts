import { z } from 'zod';
import type { Dataset } from './dataset';
import { DatasetTextSchema } from './dataset-messages';
import { DatasetError } from './errors';
import { DatasetReferenceSchema, type TableMapping } from './reference';
import { resolveColumns } from './tabular';
import type { ColumnTable, TableColumn } from './table';

const HISTOGRAM_BINS = 12;
const PREVIEW_ROWS = 20;
const TOP_CATEGORIES = 12;
/** Enough to see what the images look like without sending many pixels to the page. */
export const PREVIEW_THUMBNAILS = 24;

export const ColumnSummarySchema = z.object({
  name: z.string(),
  type: z.enum(['numeric', 'categorical', 'text', 'empty']),
  /** The role the mapping gives it now. */
  role: z.enum(['feature', 'label', 'ignore']),
  missing: z.number().int(),
  /** Numbers in a mostly numeric column that are not numbers. */
  nonNumbers: z.number().int(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  /** Counts in equal-width bins from min to max (numeric columns). */
  histogram: z.array(z.number().int()),
  /** The most frequent categories with their counts (categorical columns). */
  categories: z.array(z.object({ name: z.string(), count: z.number().int() })),
  distinct: z.number().int(),
});
export type ColumnSummary = z.infer<typeof ColumnSummarySchema>;

export const ThumbnailSchema = z.object({
  label: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  /** RGBA bytes, row-major. */
  rgba: z.array(z.number().int().min(0).max(255)),
});
export type Thumbnail = z.infer<typeof ThumbnailSchema>;

export const DatasetPreviewSchema = z.object({
  /** What was read: a file path, or the built-in set's name. */
  source: z.string(),
  format: z.enum(['csv', 'json', 'numpy', 'idx', 'images', 'builtin', 'generated']),
  /** Bytes on disk (0 for generated and built-in sets). */
  fileSize: z.number(),
  /** Rows or samples read. */
  sampleCount: z.number().int(),
  /** Tables only. */
  columns: z.array(ColumnSummarySchema),
  /** The first rows as read (tables only); null where a value is missing. */
  rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))),
  thumbnails: z.array(ThumbnailSchema),
  /** What the mapping produces, or null when it cannot (see `problem`). */
  result: z
    .object({
      /** One sample as the model's Input takes it. */
      sampleShape: z.array(z.number().int()),
      /** Values per target: classes when one-hot, 1 for indices or regression. */
      targetWidth: z.number().int(),
      task: z.enum(['classification', 'regression']),
      classNames: z.array(z.string()),
      /** Samples per class over the whole dataset (training + validation + test). */
      classBalance: z.array(z.object({ name: z.string(), count: z.number().int() })),
      split: z.object({ train: z.number().int(), validation: z.number().int(), test: z.number().int() }),
      featureNames: z.array(z.string()),
    })
    .nullable(),
  /** Why the mapping cannot be used as it is; the preview above still shows the data. */
  problem: z.object({ message: z.string(), code: z.string(), text: DatasetTextSchema.optional() }).nullable(),
});
export type DatasetPreview = z.infer<typeof DatasetPreviewSchema>;

/** Per-column type, range, mean, gaps, histogram and top categories, with the role the mapping gives it. */
export function summarizeColumns(table: ColumnTable, mapping: Pick<TableMapping, 'columns' | 'label' | 'labels'> | null): ColumnSummary[] {
  let labels: string[] = [];
  let features: string[] = [];
  if (mapping) {
    try {
      const resolved = resolveColumns(table, mapping);
      labels = resolved.labelColumns.map((l) => l.column);
      features = resolved.features;
    } catch (err) {
      if (!(err instanceof DatasetError)) throw err;
    }
  }
  return table.columns.map((column) => ({
    ...summarizeColumn(column),
    role: labels.includes(column.name) ? 'label' : features.includes(column.name) || !mapping ? 'feature' : 'ignore',
  }));
}

function summarizeColumn(column: TableColumn): Omit<ColumnSummary, 'role'> {
  const base = { name: column.name, type: column.type, missing: column.missing, nonNumbers: column.type === 'numeric' ? column.nonNumbers : 0 };
  if (column.type === 'categorical') {
    const counts = new Array<number>(column.categories.length).fill(0);
    for (const code of column.codes!) if (code >= 0) counts[code]!++;
    const categories = column.categories
      .map((name, i) => ({ name, count: counts[i]! }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
      .slice(0, TOP_CATEGORIES);
    return { ...base, min: null, max: null, mean: null, histogram: [], categories, distinct: column.categories.length };
  }
  if (column.type !== 'numeric') return { ...base, min: null, max: null, mean: null, histogram: [], categories: [], distinct: 0 };
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  for (const v of column.numbers) {
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    n++;
  }
  const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
  const span = max - min;
  for (const v of column.numbers) {
    if (v !== v) continue;
    histogram[span > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor(((v - min) / span) * HISTOGRAM_BINS)) : 0]!++;
  }
  const distinct = new Set<number>();
  for (const v of column.numbers) if (v === v && distinct.size <= 1000) distinct.add(v);
  return { ...base, min: n ? min : null, max: n ? max : null, mean: n ? sum / n : null, histogram, categories: [], distinct: distinct.size };
}

/** The first rows as they were read: numbers, category names, null for gaps. */
export function previewRows(table: ColumnTable): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  for (let r = 0; r < Math.min(PREVIEW_ROWS, table.rowCount); r++)
    rows.push(
      table.columns.map((c) => {
        if (c.type === 'categorical') return c.codes![r]! >= 0 ? c.categories[c.codes![r]!]! : null;
        const v = c.numbers[r]!;
        return v === v ? v : null;
      }),
    );
  return rows;
}

/** What the mapping produced, for the summary under the preview and for "Use this dataset". */
export function summarizeResult(data: Dataset, validationSplit: number): NonNullable<DatasetPreview['result']> {
  const count = data.xShape[0] ?? 0;
  const targetWidth = data.yShape.slice(1).reduce((a, b) => a * b, 1);
  const classification = data.classNames.length > 0;
  const balance = new Array<number>(data.classNames.length).fill(0);
  const addClasses = (y: Float32Array, rows: number) => {
    for (let r = 0; r < rows; r++) {
      if (targetWidth === 1) balance[Math.round(y[r]!)]!++;
      else {
        let best = 0;
        for (let k = 1; k < targetWidth; k++) if (y[r * targetWidth + k]! > y[r * targetWidth + best]!) best = k;
        balance[best]!++;
      }
    }
  };
  if (classification) {
    addClasses(data.y, count);
    if (data.test) addClasses(data.test.y, data.test.count);
  }
  const validation = validationSplit > 0 ? Math.min(count - 1, Math.max(1, Math.round(count * validationSplit))) : 0;
  return {
    sampleShape: data.xShape.slice(1),
    targetWidth,
    task: classification ? 'classification' : 'regression',
    classNames: data.classNames,
    classBalance: data.classNames.map((name, i) => ({ name, count: balance[i] ?? 0 })),
    split: { train: count - validation, validation, test: data.test?.count ?? 0 },
    featureNames: data.featureNames,
  };
}

/** What the page asks the host to preview: the reference as the mapping now stands, and the split it will train with. */
export const DatasetPreviewRequestSchema = z.object({
  dataset: DatasetReferenceSchema,
  /** The saved project, so a relative path resolves against its folder. */
  projectPath: z.string().min(1).optional(),
  validationSplit: z.number().min(0).lt(1).default(0.2),
  seed: z.number().int().default(42),
});

/** A dataset the app ships with, as the start page and the dataset picker list it. */
export const BuiltinDatasetEntrySchema = z.object({
  /** Stable key (`mnist`, `generated-spirals`), for lists and i18n. */
  id: z.string(),
  dataset: DatasetReferenceSchema,
  task: z.enum(['classification', 'regression']),
  samples: z.number().int(),
  sampleShape: z.array(z.number().int()),
  classes: z.array(z.string()),
  origin: z.string(),
});
export type BuiltinDatasetEntry = z.infer<typeof BuiltinDatasetEntrySchema>;
