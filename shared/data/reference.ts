import { z } from 'zod';

/**
 * Where a project's data comes from. The document holds this reference, never the data:
 * the worker resolves it, so no large array crosses a process boundary.
 */
export const GENERATED_SETS = ['xor', 'spirals', 'circles', 'blobs'] as const;

export const GeneratedDatasetSchema = z.object({
  kind: z.literal('generated'),
  name: z.enum(GENERATED_SETS),
  samples: z.number().int().min(4).max(1_000_000).default(400),
  noise: z.number().min(0).max(5).default(0.1),
  /** Blobs and spirals only. */
  classes: z.number().int().min(2).max(20).default(2),
  seed: z.number().int().default(1),
  /** Labels as one-hot vectors (for softmax + categorical crossentropy) or one 0/1 column / integer. */
  labels: z.enum(['onehot', 'index']).default('onehot'),
});

export const ColumnRoleSchema = z.enum(['feature', 'label', 'ignore']);

export const CsvDatasetSchema = z.object({
  kind: z.literal('csv'),
  /** Relative to the project file, or absolute. */
  path: z.string().min(1),
  /** Columns not listed are features, except `label`. */
  columns: z.record(z.string(), ColumnRoleSchema).default({}),
  label: z.string().optional(),
  /** How the label becomes targets. `auto`: one-hot for text or small integer classes, else as is. */
  labelEncoding: z.enum(['auto', 'onehot', 'index', 'raw']).default('auto'),
  normalize: z.enum(['none', 'standardize', 'minmax']).default('none'),
});

export const DatasetReferenceSchema = z.discriminatedUnion('kind', [GeneratedDatasetSchema, CsvDatasetSchema]);
export type DatasetReference = z.infer<typeof DatasetReferenceSchema>;
export type GeneratedDatasetReference = z.infer<typeof GeneratedDatasetSchema>;
export type CsvDatasetReference = z.infer<typeof CsvDatasetSchema>;
