import type { DatasetErrorCode } from '../../../shared/data/errors';
import type { TFunction } from 'i18next';
import type { DatasetReference } from '../../../shared/data/reference';
import { formatNumber } from '../i18n';

/**
 * Locale keys for values that come from data (a built-in set's id, a loss, a column type):
 * spelled out in full so the locale test can see every key the dialog uses.
 */
export const BUILTIN_LABEL_KEYS: Record<string, string> = {
  'generated-xor': 'dataset.builtin.generatedXor',
  'generated-spirals': 'dataset.builtin.generatedSpirals',
  'generated-circles': 'dataset.builtin.generatedCircles',
  'generated-blobs': 'dataset.builtin.generatedBlobs',
  mnist: 'dataset.builtin.mnist',
  penguins: 'dataset.builtin.penguins',
  'seattle-weather': 'dataset.builtin.seattleWeather',
  'seattle-weather-forecast': 'dataset.builtin.seattleWeatherForecast',
  'les-miserables': 'dataset.builtin.lesMiserables',
};

/** A preview's format (the reference's kind). */
export const FORMAT_KEYS: Record<string, string> = {
  csv: 'dataset.format.csv',
  json: 'dataset.format.json',
  numpy: 'dataset.format.numpy',
  idx: 'dataset.format.idx',
  images: 'dataset.format.images',
  builtin: 'dataset.format.builtin',
  generated: 'dataset.format.generated',
};

export const LOSS_LABEL_KEYS: Record<string, string> = {
  categoricalCrossentropy: 'dataset.loss.categoricalCrossentropy',
  binaryCrossentropy: 'dataset.loss.binaryCrossentropy',
  mse: 'dataset.loss.mse',
};

export const COLUMN_TYPE_KEYS: Record<string, string> = {
  numeric: 'dataset.columnType.numeric',
  categorical: 'dataset.columnType.categorical',
  text: 'dataset.columnType.text',
  empty: 'dataset.columnType.empty',
};

export const LABEL_ENCODING_KEYS = {
  auto: 'dataset.labelEncodings.auto',
  onehot: 'dataset.labelEncodings.onehot',
  index: 'dataset.labelEncodings.index',
  raw: 'dataset.labelEncodings.raw',
} as const;

export const NORMALIZATION_KEYS = {
  none: 'dataset.normalizations.none',
  standardize: 'dataset.normalizations.standardize',
  minmax: 'dataset.normalizations.minmax',
} as const;

export const MISSING_POLICY_KEYS = {
  error: 'dataset.missingPolicies.error',
  drop: 'dataset.missingPolicies.drop',
  impute: 'dataset.missingPolicies.impute',
} as const;

export const TASK_KEYS: Record<string, string> = {
  classification: 'dataset.task.classification',
  regression: 'dataset.task.regression',
};

/** Where each built-in set comes from (the host's `origin`, which is English), by entry id. */
export const BUILTIN_ORIGIN_KEYS: Record<string, string> = {
  'generated-xor': 'dataset.builtinOrigin.generated',
  'generated-spirals': 'dataset.builtinOrigin.generated',
  'generated-circles': 'dataset.builtinOrigin.generated',
  'generated-blobs': 'dataset.builtinOrigin.generated',
  mnist: 'dataset.builtinOrigin.mnist',
  penguins: 'dataset.builtinOrigin.penguins',
  'seattle-weather': 'dataset.builtinOrigin.seattleWeather',
  'seattle-weather-forecast': 'dataset.builtinOrigin.seattleWeatherForecast',
  'les-miserables': 'dataset.builtinOrigin.lesMiserables',
};

/** The name of a built-in dataset (by entry id or built-in name) in the page's language. */
export function builtinLabelKey(id: string): string {
  return BUILTIN_LABEL_KEYS[id] ?? 'dataset.imported';
}

/**
 * A heading for each kind of dataset problem, in the interface language. The located detail
 * under it is the host's message said again from its id and values (see i18n/said-text.ts).
 */
export const DATASET_PROBLEM_KEYS: Record<DatasetErrorCode, string> = {
  empty: 'dataset.problemKinds.empty',
  binary: 'dataset.problemKinds.binary',
  encoding: 'dataset.problemKinds.encoding',
  ragged: 'dataset.problemKinds.ragged',
  'not-a-number': 'dataset.problemKinds.notANumber',
  'missing-values': 'dataset.problemKinds.missingValues',
  'single-class': 'dataset.problemKinds.singleClass',
  'too-large': 'dataset.problemKinds.tooLarge',
  format: 'dataset.problemKinds.format',
  mapping: 'dataset.problemKinds.mapping',
  image: 'dataset.problemKinds.image',
  'not-found': 'dataset.problemKinds.notFound',
  unreadable: 'dataset.problemKinds.unreadable',
};

/** What the training panel's chip says of a dataset read as it is: a built-in set's name, a generated scene or task, else its file. */
export function datasetChipText(t: TFunction, dataset: DatasetReference): string {
  switch (dataset.kind) {
    case 'builtin':
      return t(builtinLabelKey(dataset.name));
    case 'shapes':
      return t('dataset.kinds.shapes', { size: dataset.size, samples: formatNumber(dataset.samples) });
    case 'sequence-task': {
      const values = { length: dataset.length, samples: formatNumber(dataset.samples) };
      if (dataset.task === 'sort') return t('dataset.kinds.sequenceSort', values);
      if (dataset.task === 'add') return t('dataset.kinds.sequenceAdd', values);
      return t('dataset.kinds.sequenceReverse', values);
    }
    default:
      return ('path' in dataset && dataset.path) || dataset.kind;
  }
}
