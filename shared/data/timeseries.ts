import Papa from 'papaparse';
import { z } from 'zod';
import type { Dataset, FeatureNormalization } from './dataset';
import { datasetText } from './dataset-messages';
import { DatasetError } from './errors';

/**
 * A numeric table read as one time series, row after row, windowed for forecasting: each
 * sample is `window` consecutive rows of the feature columns, and its target the `target`
 * column `horizon` rows after the window's last. What an LSTM forecaster trains on.
 */
export const TimeseriesDatasetSchema = z.object({
  kind: z.literal('timeseries'),
  /** A CSV or TSV file with a header row, one time step per row in time order. */
  path: z.string().min(1),
  /** The columns each step carries; empty means every numeric column. */
  features: z.array(z.string().min(1)).default([]),
  /** The column forecast. */
  target: z.string().min(1),
  /** Steps the model sees. */
  window: z.number().int().min(1).max(10_000).default(14),
  /** How far ahead of the window's last step the target lies (1: the next step). */
  horizon: z.number().int().min(1).default(1),
  /** Scale every column (features and target) by the whole series' mean and spread, so the target's loss is in standard units. */
  normalize: z.enum(['none', 'standardize']).default('standardize'),
});
export type TimeseriesDatasetReference = z.infer<typeof TimeseriesDatasetSchema>;

export interface TimeseriesDataset extends Dataset {
  /** How the target was scaled: a prediction p means p · scale + offset in the column's units. */
  targetNormalization?: { offset: number; scale: number };
}

function meanAndSpread(values: Float64Array): { offset: number; scale: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const std = Math.sqrt(squares / values.length);
  return { offset: mean, scale: std > 0 ? std : 1 };
}

/** The table text → windows [samples, window, features] and targets [samples, 1]. */
export function parseTimeseriesDataset(content: string, ref: TimeseriesDatasetReference, options: { source: string }): TimeseriesDataset {
  const { source } = options;
  const parsed = Papa.parse<Record<string, string>>(content, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
  const headers = parsed.meta.fields ?? [];
  const rows = parsed.data;
  const isNumeric = (column: string) => rows.every((row) => row[column]?.trim() !== '' && Number.isFinite(Number(row[column])));
  const missing = (column: string) =>
    new DatasetError(datasetText('seriesColumnMissing', { source, column, columns: headers.map((h) => `"${h}"`).join(', ') }), 'mapping', { source });
  if (!headers.includes(ref.target)) throw missing(ref.target);
  for (const f of ref.features) if (!headers.includes(f)) throw missing(f);
  const features = ref.features.length ? ref.features : headers.filter(isNumeric);
  if (features.length === 0) throw new DatasetError(datasetText('seriesNoNumeric', { source }), 'not-a-number', { source });

  const read = (column: string): Float64Array =>
    Float64Array.from(rows, (row, r) => {
      const raw = (row[column] ?? '').trim();
      const value = raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(value))
        throw new DatasetError(
          raw === '' ? datasetText('seriesEmptyValue', { source, line: r + 2, column }) : datasetText('seriesNotANumber', { source, line: r + 2, column, value: raw }),
          raw === '' ? 'missing-values' : 'not-a-number',
          { source, line: r + 2 },
        );
      return value;
    });
  const columns = features.map(read);
  const target = read(ref.target);

  const samples = rows.length - ref.window - ref.horizon + 1;
  if (samples < 2)
    throw new DatasetError(
      datasetText('seriesTooShort', { source, steps: rows.length, window: ref.window, horizon: ref.horizon }),
      'empty',
      { source },
    );

  let normalization: FeatureNormalization | undefined;
  let targetNormalization: { offset: number; scale: number } | undefined;
  if (ref.normalize === 'standardize') {
    const stats = columns.map(meanAndSpread);
    normalization = { mode: 'standardize', offset: stats.map((s) => s.offset), scale: stats.map((s) => s.scale) };
    columns.forEach((c, i) => c.forEach((v, j) => (c[j] = (v - stats[i]!.offset) / stats[i]!.scale)));
    targetNormalization = meanAndSpread(target);
    target.forEach((v, j) => (target[j] = (v - targetNormalization!.offset) / targetNormalization!.scale));
  }

  const width = features.length;
  const x = new Float32Array(samples * ref.window * width);
  const y = new Float32Array(samples);
  for (let s = 0; s < samples; s++) {
    for (let t = 0; t < ref.window; t++) for (let f = 0; f < width; f++) x[(s * ref.window + t) * width + f] = columns[f]![s + t]!;
    y[s] = target[s + ref.window - 1 + ref.horizon]!;
  }
  return {
    x,
    xShape: [samples, ref.window, width],
    y,
    yShape: [samples, 1],
    featureNames: features,
    classNames: [],
    ...(normalization ? { normalization } : {}),
    ...(targetNormalization ? { targetNormalization } : {}),
  };
}
