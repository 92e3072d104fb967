/**
 * What the values of a dataset field are: they decide which losses fit a target, how an
 * evaluation shows it and how try-it asks for one.
 * - `features`: numbers per sample (a table's feature columns);
 * - `image`: [height, width, channels] values in 0..1;
 * - `tokens`: integer token ids (padding 0);
 * - `classes`: one-hot class vectors;
 * - `class-index`: one class index per sample, or per position / pixel (a mask, next tokens);
 * - `numbers`: values to regress.
 */
export const FIELD_KINDS = ['features', 'image', 'tokens', 'classes', 'class-index', 'numbers'] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** One named array of a dataset, sample axis first. */
export interface DatasetField {
  values: Float32Array;
  /** [samples, ...one sample]. */
  shape: number[];
  kind: FieldKind;
  /** Class names in index order, for `classes` and `class-index`. */
  classNames?: string[];
  /** A target value that marks a position to leave out of the loss and metrics (padding). */
  ignoreValue?: number;
  /** Token of each id, for `tokens` and token targets. */
  vocabulary?: string[];
  /** How numbers were standardized (value' = (value - offset) / scale), so a prediction reads in the column's units. */
  normalization?: { offset: number; scale: number };
}

/** A field as validation sees it, without its values: what a dataset reference promises. */
export interface FieldDescription {
  /** One sample's shape; null where it depends on the file. */
  shape: (number | null)[];
  kind: FieldKind;
  classNames?: string[];
  ignoreValue?: number;
}

/** The fields every table-like dataset has: `x` (what the model reads) and `y` (the label). */
export const INPUT_FIELD = 'x';
export const TARGET_FIELD = 'y';

/** The part of a Dataset (dataset.ts) the fields come from. */
export interface FieldSource {
  x: Float32Array;
  xShape: number[];
  y: Float32Array;
  yShape: number[];
  classNames: string[];
  fields?: Record<string, DatasetField>;
}

function defaultTargetKind(data: Pick<FieldSource, 'yShape' | 'classNames'>): FieldKind {
  if (!data.classNames.length) return 'numbers';
  const width = data.yShape.slice(1).reduce((a, b) => a * b, 1);
  return width === 1 && data.classNames.length !== 1 ? 'class-index' : 'classes';
}

function defaultInputKind(data: Pick<FieldSource, 'xShape'>): FieldKind {
  const sample = data.xShape.slice(1);
  return sample.length === 3 && [1, 3, 4].includes(sample[2]!) ? 'image' : 'features';
}

/**
 * Every field of `data` by name: `x` and `y` as the loaders made them, and the set's own
 * (a mask, the decoder's input, each label column of a table). A loader may describe `x`
 * and `y` more precisely in `data.fields`; the arrays are the same.
 */
export function datasetFields(data: FieldSource): Record<string, DatasetField> {
  // An unlabelled set (a GAN's real samples) has y of shape [N, 0]: no target to learn, so no field `y` to bind one to.
  const labelled = !(data.yShape.length > 1 && fieldSampleSize({ shape: data.yShape }) === 0);
  return {
    [INPUT_FIELD]: { values: data.x, shape: data.xShape, kind: defaultInputKind(data) },
    ...(labelled
      ? {
          [TARGET_FIELD]: {
            values: data.y,
            shape: data.yShape,
            kind: defaultTargetKind(data),
            ...(data.classNames.length ? { classNames: data.classNames } : {}),
          },
        }
      : {}),
    ...data.fields,
  };
}

export function describeField(field: DatasetField): FieldDescription {
  return {
    shape: field.shape.slice(1),
    kind: field.kind,
    ...(field.classNames ? { classNames: field.classNames } : {}),
    ...(field.ignoreValue !== undefined ? { ignoreValue: field.ignoreValue } : {}),
  };
}

export function describeFields(fields: Record<string, DatasetField>): Record<string, FieldDescription> {
  return Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, describeField(field)]));
}

/** Values in one sample of a field. */
export function fieldSampleSize(field: Pick<DatasetField, 'shape'>): number {
  return field.shape.slice(1).reduce((a, b) => a * b, 1);
}

/** The first `count` samples of every field of `data` (a quick run, a parity check on one batch). */
export function firstSamples<T extends FieldSource>(data: T, count: number): T {
  const take = (values: Float32Array, shape: number[]) => ({ values: values.slice(0, (values.length / shape[0]!) * count), shape: [count, ...shape.slice(1)] });
  const x = take(data.x, data.xShape);
  const y = take(data.y, data.yShape);
  const fields = Object.fromEntries(Object.entries(data.fields ?? {}).map(([name, field]): [string, DatasetField] => [name, { ...field, ...take(field.values, field.shape) }]));
  return { ...data, x: x.values, xShape: x.shape, y: y.values, yShape: y.shape, fields };
}
