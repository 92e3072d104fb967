import { z } from 'zod';
import { GraphDatasetSchema, graphDatasetPaths, mapGraphDatasetPaths } from './graph-reference';
import { ImageMasksDatasetSchema } from './image-masks';
import { SequenceTaskDatasetSchema } from './sequence-tasks';
import { ShapesDatasetSchema } from './shapes';
import { TextDatasetSchema } from './text';
import { TimeseriesDatasetSchema } from './timeseries';

/**
 * Where a project's data comes from. The document holds this reference, never the data:
 * the worker resolves it, so no large array crosses a process boundary. A reference is a
 * path plus how to read it (mapping, preprocessing, split) — small enough to diff in git.
 */
export const GENERATED_SETS = ['xor', 'spirals', 'circles', 'blobs', 'ring', 'grid', 'two-gaussians', 'line'] as const;
/**
 * GAN Lab's 2-D distributions: real samples for a GAN's discriminator, x [N, 2] with no labels
 * (y is [N, 0], and the set has no field `y` to learn).
 */
export const UNLABELLED_SETS = ['ring', 'grid', 'two-gaussians', 'line'] as const satisfies readonly (typeof GENERATED_SETS)[number][];

export function isUnlabelledSet(name: (typeof GENERATED_SETS)[number]): name is (typeof UNLABELLED_SETS)[number] {
  return (UNLABELLED_SETS as readonly string[]).includes(name);
}

export const GeneratedDatasetSchema = z.object({
  kind: z.literal('generated'),
  name: z.enum(GENERATED_SETS),
  samples: z.number().int().min(4).max(1_000_000).default(400),
  noise: z.number().min(0).max(5).default(0.1),
  /** Blobs and spirals only. */
  classes: z.number().int().min(2).max(20).default(2),
  seed: z.number().int().default(1),
  /** Labels as one-hot vectors (for softmax + categorical crossentropy) or one 0/1 column / integer; the unlabelled sets have none. */
  labels: z.enum(['onehot', 'index']).default('onehot'),
});

export const ColumnRoleSchema = z.enum(['feature', 'label', 'ignore']);
export type ColumnRole = z.infer<typeof ColumnRoleSchema>;
export const LabelEncodingSchema = z.enum(['auto', 'onehot', 'index', 'raw']);
export type LabelEncoding = z.infer<typeof LabelEncodingSchema>;
export const NormalizationModeSchema = z.enum(['none', 'standardize', 'minmax']);
export const CategoricalEncodingSchema = z.enum(['onehot', 'integer']);
export type CategoricalEncoding = z.infer<typeof CategoricalEncodingSchema>;
/** `error`: refuse the data and say where the gaps are; `drop`: leave those rows out; `impute`: mean (numbers) or most frequent value (categories) of the training rows. */
export const MissingValuesSchema = z.enum(['error', 'drop', 'impute']);
export type MissingValues = z.infer<typeof MissingValuesSchema>;

/**
 * Split fields shared by every kind that reads a file. The validation fraction and the seed
 * are the training config's (one source of truth); the test rows are held out of training.
 * Optional, not defaulted, so references written before these existed stay as they were.
 */
const splitFields = {
  /** Fraction of the samples held out as a test set, never seen in training. */
  testSplit: z.number().min(0).max(0.5).optional(),
  /** Keep each class's share the same in every split (classification only). Default true. */
  stratify: z.boolean().optional(),
};

/**
 * Several label columns → several targets (one per model output): each becomes a field named
 * as written here (a column is found by its exact name or its snake_case form, `body_mass_g`
 * for "Body Mass (g)"); `y` is the first. Classes follow `labelEncoding`; numbers stay as
 * they are or are standardized, the mean and spread kept on the field.
 */
const labelColumnsFields = {
  labels: z.array(z.string().min(1)).min(1).optional(),
  labelNormalize: z.enum(['none', 'standardize']).optional(),
};

/** How a table (CSV, TSV, JSON) becomes features and targets. */
const tableMappingFields = {
  /** Columns not listed are features, except `label`. */
  columns: z.record(z.string(), ColumnRoleSchema).default({}),
  label: z.string().optional(),
  /** How the label becomes targets. `auto`: one-hot for text or small integer classes, else as is. */
  labelEncoding: LabelEncodingSchema.default('auto'),
  normalize: NormalizationModeSchema.default('none'),
  /** Text feature columns: one-hot (default) or one integer code per category. */
  categorical: z.record(z.string(), CategoricalEncodingSchema).optional(),
  /** Default `error`. */
  missing: MissingValuesSchema.optional(),
  ...labelColumnsFields,
  ...splitFields,
};

export const CsvDatasetSchema = z.object({
  kind: z.literal('csv'),
  /** Relative to the project file, or absolute. TSV and other delimiters are read by the same kind. */
  path: z.string().min(1),
  /** Default `auto`: detected from the first lines. */
  delimiter: z.enum(['auto', ',', ';', '\t', '|']).optional(),
  ...tableMappingFields,
});

/** A JSON file holding an array of objects (one per row) or of arrays (the first one may be a header). */
export const JsonDatasetSchema = z.object({
  kind: z.literal('json'),
  path: z.string().min(1),
  ...tableMappingFields,
});

/** Arrays already shaped as tensors: an image-like sample shape and integer class labels, or numbers to regress. */
const tensorLabelFields = {
  /** `auto`: integers become one-hot classes, other numbers stay as they are. */
  labelEncoding: LabelEncodingSchema.default('auto'),
  /** Divide by this after reading (255 turns bytes into 0..1). 1 leaves values as they are. */
  scale: z.number().positive().optional(),
  ...splitFields,
};

/** `.npy` features with an optional `.npy` of labels, or one `.npz` with both inside. */
export const NumpyDatasetSchema = z.object({
  kind: z.literal('numpy'),
  path: z.string().min(1),
  /** The labels' `.npy` when `path` is a `.npy`. */
  labelPath: z.string().min(1).optional(),
  /** Array names inside an `.npz`; default `x` and `y`. */
  xKey: z.string().min(1).optional(),
  yKey: z.string().min(1).optional(),
  ...tensorLabelFields,
});

/** MNIST's IDX format (plain or gzip): an images file and a labels file. */
export const IdxDatasetSchema = z.object({
  kind: z.literal('idx'),
  path: z.string().min(1),
  labelPath: z.string().min(1),
  ...tensorLabelFields,
});

/** A folder with one subfolder of PNG / JPEG images per class. */
export const ImageFolderDatasetSchema = z.object({
  kind: z.literal('images'),
  path: z.string().min(1),
  width: z.number().int().min(1).max(1024).default(32),
  height: z.number().int().min(1).max(1024).default(32),
  color: z.enum(['grayscale', 'rgb']).default('rgb'),
  labelEncoding: LabelEncodingSchema.default('auto'),
  ...splitFields,
});

export const BUILTIN_DATASETS = ['mnist', 'penguins', 'seattle-weather'] as const;
export type BuiltinDatasetName = (typeof BUILTIN_DATASETS)[number];

/** Data shipped with NN Designer (available offline). Mapping fields left out take the set's own defaults. */
export const BuiltinDatasetSchema = z.object({
  kind: z.literal('builtin'),
  name: z.enum(BUILTIN_DATASETS),
  columns: z.record(z.string(), ColumnRoleSchema).optional(),
  label: z.string().optional(),
  labelEncoding: LabelEncodingSchema.optional(),
  normalize: NormalizationModeSchema.optional(),
  categorical: z.record(z.string(), CategoricalEncodingSchema).optional(),
  missing: MissingValuesSchema.optional(),
  ...labelColumnsFields,
  ...splitFields,
  /**
   * seattle-weather only: read as the time series it is — windows of `window` days of
   * precipitation, temperatures and wind, forecasting `target` the next day (regression).
   */
  forecast: z
    .object({
      target: z.enum(['temp_max', 'temp_min', 'precipitation', 'wind']).default('temp_max'),
      window: z.number().int().min(1).max(365).default(14),
    })
    .optional(),
});

export const DatasetReferenceSchema = z.discriminatedUnion('kind', [
  GeneratedDatasetSchema,
  CsvDatasetSchema,
  JsonDatasetSchema,
  NumpyDatasetSchema,
  IdxDatasetSchema,
  ImageFolderDatasetSchema,
  BuiltinDatasetSchema,
  GraphDatasetSchema,
  TextDatasetSchema,
  TimeseriesDatasetSchema,
  ShapesDatasetSchema,
  ImageMasksDatasetSchema,
  SequenceTaskDatasetSchema,
]);
export type DatasetReference = z.infer<typeof DatasetReferenceSchema>;
export type GeneratedDatasetReference = z.infer<typeof GeneratedDatasetSchema>;
export type CsvDatasetReference = z.infer<typeof CsvDatasetSchema>;
export type JsonDatasetReference = z.infer<typeof JsonDatasetSchema>;
export type NumpyDatasetReference = z.infer<typeof NumpyDatasetSchema>;
export type IdxDatasetReference = z.infer<typeof IdxDatasetSchema>;
export type ImageFolderDatasetReference = z.infer<typeof ImageFolderDatasetSchema>;
export type BuiltinDatasetReference = z.infer<typeof BuiltinDatasetSchema>;
/** The references that read a table: their mapping names columns. */
export type TableDatasetReference = CsvDatasetReference | JsonDatasetReference;
/** The mapping part of a table reference, whatever file it came from. */
export type TableMapping = Pick<
  CsvDatasetReference,
  'columns' | 'label' | 'labelEncoding' | 'normalize' | 'categorical' | 'missing' | 'testSplit' | 'stratify' | 'labels' | 'labelNormalize'
>;

/** Kinds whose `path` (and `labelPath`) point at files on disk, resolved against the project's folder. */
export function datasetPaths(ref: DatasetReference): string[] {
  switch (ref.kind) {
    case 'generated':
    case 'builtin':
    case 'shapes':
    case 'sequence-task':
      return [];
    case 'image-masks':
      return [ref.path, ref.maskPath];
    case 'numpy':
      return ref.labelPath ? [ref.path, ref.labelPath] : [ref.path];
    case 'idx':
      return [ref.path, ref.labelPath];
    case 'graph':
      return graphDatasetPaths(ref);
    default:
      return [ref.path];
  }
}

/** The same reference with every file path passed through `resolve` (relative → absolute, or a located file). */
export function mapDatasetPaths(ref: DatasetReference, resolve: (p: string) => string): DatasetReference {
  switch (ref.kind) {
    case 'generated':
    case 'builtin':
    case 'shapes':
    case 'sequence-task':
      return ref;
    case 'image-masks':
      return { ...ref, path: resolve(ref.path), maskPath: resolve(ref.maskPath) };
    case 'numpy':
      return { ...ref, path: resolve(ref.path), ...(ref.labelPath ? { labelPath: resolve(ref.labelPath) } : {}) };
    case 'idx':
      return { ...ref, path: resolve(ref.path), labelPath: resolve(ref.labelPath) };
    case 'graph':
      return mapGraphDatasetPaths(ref, resolve);
    default:
      return { ...ref, path: resolve(ref.path) };
  }
}
