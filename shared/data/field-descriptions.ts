import { BUILTIN_DATASET_INFO, builtinTableMapping } from './builtin';
import { DatasetError } from './errors';
import type { FieldDescription } from './fields';
import { INPUT_FIELD, TARGET_FIELD } from './fields';
import { maskClassNames } from './image-masks';
import { isUnlabelledSet, type DatasetReference, type LabelEncoding, type TableMapping } from './reference';
import { SEQUENCE_VOCABULARY, sequenceTaskLengths } from './sequence-tasks';
import { SHAPE_CLASSES } from './shapes';
import { resolveColumns } from './tabular';
import type { TargetHint } from './targets';

/**
 * The fields a dataset reference promises, known without reading a file: what validation
 * checks a document's bindings against in the editor and in `nnd validate`. Null when the
 * shapes depend on the file's contents (a CSV's columns, a NumPy array). `target` is the
 * model's output, as the loaders' `auto` label encoding sees it (one-hot classes for a
 * softmax, indices for a sparse loss).
 */
export function describeReferenceFields(ref: DatasetReference, target?: TargetHint): Record<string, FieldDescription> | null {
  switch (ref.kind) {
    case 'generated': {
      if (isUnlabelledSet(ref.name)) return { [INPUT_FIELD]: { shape: [2], kind: 'features' } };
      const classes = ref.name === 'xor' || ref.name === 'circles' ? 2 : ref.classes;
      return xy({ shape: [2], kind: 'features' }, ref.labels === 'onehot' ? { shape: [classes], kind: 'classes' } : { shape: [1], kind: 'class-index' });
    }
    case 'shapes': {
      const classNames = [...SHAPE_CLASSES];
      return xy({ shape: [ref.size, ref.size, 1], kind: 'image' }, { shape: [ref.size, ref.size, 1], kind: 'class-index', classNames });
    }
    case 'sequence-task': {
      const lengths = sequenceTaskLengths(ref);
      const classNames = [...SEQUENCE_VOCABULARY];
      const source: FieldDescription = { shape: [lengths.source], kind: 'tokens' };
      const targetField: FieldDescription = { shape: [lengths.target], kind: 'class-index', classNames, ignoreValue: 0 };
      return { ...xy(source, targetField), source, decoder_input: { shape: [lengths.target], kind: 'tokens' }, target: targetField };
    }
    case 'image-masks': {
      const x: FieldDescription = { shape: [ref.height, ref.width, ref.color === 'rgb' ? 3 : 1], kind: 'image' };
      // Without listed grey levels, how many classes the masks hold is known only once they are read.
      return xy(x, { shape: [ref.height, ref.width, 1], kind: 'class-index', ...(ref.classes ? { classNames: maskClassNames(ref, 0) } : {}) });
    }
    case 'images':
      return xy({ shape: [ref.height, ref.width, ref.color === 'rgb' ? 3 : 1], kind: 'image' }, classTarget(null, ref.labelEncoding, target));
    case 'text': {
      const x: FieldDescription = { shape: [ref.maxLength], kind: 'tokens' };
      if (ref.task === 'classify') return xy(x, classTarget(null, ref.labelEncoding, target));
      if (ref.targetAt === 'every-position') return xy(x, { shape: [ref.maxLength], kind: 'class-index', ignoreValue: 0 });
      return xy(x, classTarget(ref.vocabularySize, ref.labelEncoding, target));
    }
    case 'builtin':
      return describeBuiltin(ref, target);
    default:
      return null;
  }
}

function xy(x: FieldDescription, y: FieldDescription): Record<string, FieldDescription> {
  return { [INPUT_FIELD]: x, [TARGET_FIELD]: y };
}

/** Class labels as the loaders encode them (decideTargets for text categories); `classes` null when the file decides. */
function classTarget(classes: number | null, encoding: LabelEncoding | 'auto' | 'onehot' | 'index', target: TargetHint | undefined): FieldDescription {
  let chosen = encoding === 'index' ? 'index' : 'onehot';
  if (encoding === 'auto') {
    if (target?.loss === 'sparseCategoricalCrossentropy') chosen = 'index';
    else if (target?.units === 1) chosen = 'index';
  }
  return chosen === 'index' ? { shape: [1], kind: 'class-index' } : { shape: [classes], kind: 'classes' };
}

/** The columns of the shipped tables: their categories (null for numbers), as the loaders read them. */
const BUILTIN_COLUMNS: Record<'penguins' | 'seattle-weather', Record<string, string[] | null>> = {
  penguins: {
    Species: ['Adelie', 'Chinstrap', 'Gentoo'],
    Island: ['Biscoe', 'Dream', 'Torgersen'],
    'Beak Length (mm)': null,
    'Beak Depth (mm)': null,
    'Flipper Length (mm)': null,
    'Body Mass (g)': null,
    Sex: ['FEMALE', 'MALE'],
  },
  'seattle-weather': {
    date: [],
    precipitation: null,
    temp_max: null,
    temp_min: null,
    wind: null,
    weather: ['drizzle', 'fog', 'rain', 'snow', 'sun'],
  },
};

function describeBuiltin(ref: Extract<DatasetReference, { kind: 'builtin' }>, target: TargetHint | undefined): Record<string, FieldDescription> | null {
  if (ref.name === 'mnist') {
    const info = BUILTIN_DATASET_INFO.mnist;
    const encoding = ref.labelEncoding ?? 'auto';
    // Digits are integer labels: `auto` regresses them for one unit, as decideTargets does.
    const y: FieldDescription =
      encoding === 'raw' || (encoding === 'auto' && target?.units === 1 && target.loss !== 'sparseCategoricalCrossentropy')
        ? { shape: [1], kind: 'numbers' }
        : { ...classTarget(info.classes.length, encoding, target), classNames: info.classes };
    return xy({ shape: info.sampleShape, kind: 'image' }, y);
  }
  if (ref.forecast) return xy({ shape: [ref.forecast.window, 4], kind: 'features' }, { shape: [1], kind: 'numbers' });
  return describeTable(BUILTIN_COLUMNS[ref.name], builtinTableMapping(ref), target);
}

/** A table whose columns are known: the width of its features and each label's target. */
function describeTable(columns: Record<string, string[] | null>, mapping: TableMapping, target: TargetHint | undefined): Record<string, FieldDescription> | null {
  let resolved;
  try {
    resolved = resolveColumns({ names: Object.keys(columns), source: 'table' }, mapping);
  } catch (err) {
    if (err instanceof DatasetError) return null;
    throw err;
  }
  let width = 0;
  for (const feature of resolved.features) {
    const categories = columns[feature];
    // A free-text column (a date) cannot be a feature: the loader refuses it.
    if (categories && categories.length === 0) return null;
    width += categories && (mapping.categorical?.[feature] ?? 'onehot') === 'onehot' ? categories.length : 1;
  }
  const fields: Record<string, FieldDescription> = { [INPUT_FIELD]: { shape: [width], kind: 'features' } };
  resolved.labelColumns.forEach(({ field, column }, i) => {
    const categories = columns[column];
    const description: FieldDescription = categories
      ? { ...classTarget(categories.length, mapping.labelEncoding, i === 0 ? target : undefined), classNames: categories }
      : { shape: [1], kind: 'numbers' };
    if (i === 0) fields[TARGET_FIELD] = description;
    fields[field] = description;
  });
  return fields;
}
