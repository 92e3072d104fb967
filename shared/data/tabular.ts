import { applyNormalization, fitNormalization } from './normalize';
import type { Dataset } from './dataset';
import { INPUT_FIELD, TARGET_FIELD, type DatasetField } from './fields';
import { datasetText } from './dataset-messages';
import { DatasetError } from './errors';
import type { TableMapping } from './reference';
import { planSplit, type SplitOptions } from './split';
import type { ColumnTable, TableColumn } from './table';
import { decideTargets, targetRows, type LabelValues, type TargetHint, type Targets } from './targets';

export interface TableToDatasetOptions extends Pick<SplitOptions, 'validationSplit' | 'seed'> {
  target?: TargetHint;
}

/** A column name as a field name: `Body Mass (g)` → `body_mass_g`. */
export function snakeCaseColumn(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

/** The table column a label names: its exact name, else the one whose snake_case form it is. */
function findColumn(names: readonly string[], wanted: string): string | undefined {
  return names.includes(wanted) ? wanted : names.find((n) => snakeCaseColumn(n) === wanted);
}

/**
 * Which column is the label and which are features, after checking the mapping against the
 * header. With several `labels`, `label` is the first and `labelColumns` pairs each label as
 * written (its field's name) with its column.
 */
export function resolveColumns(
  table: Pick<ColumnTable, 'names' | 'source'>,
  mapping: Pick<TableMapping, 'columns' | 'label' | 'labels'>,
): { label: string; features: string[]; labelColumns: { field: string; column: string }[] } {
  const { names, source } = table;
  const columns = names.map((h) => `"${h}"`).join(', ');
  if (mapping.labels?.length) {
    const labelColumns = mapping.labels.map((field) => {
      const column = findColumn(names, field);
      if (column === undefined) throw new DatasetError(datasetText('labelColumnMissing', { column: field, source, columns }), 'mapping', { source });
      return { field, column };
    });
    const resolved = resolveColumns(table, { columns: { ...mapping.columns, ...Object.fromEntries(labelColumns.map((l) => [l.column, 'ignore' as const])) }, label: labelColumns[0]!.column });
    return { ...resolved, labelColumns };
  }
  for (const column of Object.keys(mapping.columns))
    if (!names.includes(column)) throw new DatasetError(datasetText('mappedColumnMissing', { column, source, columns }), 'mapping', { source });
  if (mapping.label !== undefined && !names.includes(mapping.label))
    throw new DatasetError(datasetText('labelColumnMissing', { column: mapping.label, source, columns }), 'mapping', { source });
  if (names.length < 2) throw new DatasetError(datasetText('tooFewColumns', { source, columns: names.length }), 'format', { source });
  const label = mapping.label ?? Object.entries(mapping.columns).find(([, role]) => role === 'label')?.[0] ?? names[names.length - 1]!;
  const features = names.filter((h) => h !== label && (mapping.columns[h] ?? 'feature') === 'feature');
  if (features.length === 0) throw new DatasetError(datasetText('noFeatureColumns', { source, label }), 'mapping', { source });
  return { label, features, labelColumns: [{ field: TARGET_FIELD, column: label }] };
}

/**
 * A table and its mapping → the dataset the training loop takes: feature columns as numbers
 * (categories one-hot or as integer codes), the label encoded for the model's output, gaps
 * dropped or imputed, rows arranged for a seeded (stratified) split, normalization fitted on
 * the training rows only. Throws a DatasetError that points at the file, line and column.
 */
export function tableToDataset(table: ColumnTable, mapping: TableMapping, options: TableToDatasetOptions): Dataset {
  const { source } = table;
  if (table.ragged) {
    const { firstLine, firstCount, count } = table.ragged;
    throw new DatasetError(
      datasetText('ragged', {
        at: `${source}:${firstLine}`,
        count: firstCount,
        values: firstCount,
        columns: table.names.length,
        more: count > 1 ? datasetText('raggedMore', { count: count - 1, lines: count - 1 }) : '',
      }),
      'ragged',
      { source, line: firstLine },
    );
  }
  if (table.rowCount === 0) throw new DatasetError(datasetText('noDataRows', { source }), 'empty', { source });
  const { label, features, labelColumns } = resolveColumns(table, mapping);
  const column = (name: string) => table.columns[table.names.indexOf(name)]!;
  const labelColumn = column(label);
  const extraLabels = mapping.labels?.length ? labelColumns.slice(1).map((l) => ({ ...l, table: column(l.column) })) : [];
  for (const { field } of labelColumns.slice(1))
    if (field === INPUT_FIELD || field === TARGET_FIELD) throw new DatasetError(datasetText('labelFieldReserved', { label: field, source }), 'mapping', { source });
  if (mapping.labels?.length && labelColumns[0]!.field === INPUT_FIELD)
    throw new DatasetError(datasetText('labelFieldReserved', { label: INPUT_FIELD, source }), 'mapping', { source });
  const featureColumns = features.map(column);
  const missingPolicy = mapping.missing ?? 'error';
  const lineOf = (row: number) => table.lines[row]!;

  for (const feature of featureColumns) checkFeatureColumn(feature, table);
  for (const c of [labelColumn, ...extraLabels.map((l) => l.table)])
    if (c.type === 'text') throw new DatasetError(datasetText('labelTooManyTexts', { label: c.name, source, max: 1000 }), 'mapping', { source });

  // Rows with a gap: refused, dropped, or (features only) filled in after the split.
  const allLabelColumns = [labelColumn, ...extraLabels.map((l) => l.table)];
  const withGaps = [...allLabelColumns, ...featureColumns].filter((c) => c.missing > 0);
  if (withGaps.length > 0 && missingPolicy === 'error') {
    const first = withGaps.reduce((a, b) => (a.firstMissingLine! <= b.firstMissingLine! ? a : b));
    const total = withGaps.map((c) => `"${c.name}" ${c.missing}`).join(', ');
    throw new DatasetError(
      datasetText('missingValue', { at: `${source}:${first.firstMissingLine}:${table.names.indexOf(first.name) + 1}`, column: first.name, perColumn: total }),
      'missing-values',
      { source, line: first.firstMissingLine!, column: table.names.indexOf(first.name) + 1 },
    );
  }
  const dropFeatureGaps = missingPolicy === 'drop';
  // Typed arrays throughout: a million rows as JS number arrays keep the garbage collector busy.
  const gapColumns = dropFeatureGaps ? featureColumns.filter((c) => c.missing > 0) : [];
  const complete = new Int32Array(table.rowCount);
  let kept = 0;
  for (let r = 0; r < table.rowCount; r++) {
    if (allLabelColumns.some((c) => c.missing > 0 && isMissing(c, r))) continue;
    if (gapColumns.length > 0 && gapColumns.some((c) => isMissing(c, r))) continue;
    complete[kept++] = r;
  }
  const rows = complete.subarray(0, kept);
  if (rows.length === 0)
    throw new DatasetError(datasetText('noCompleteRow', { source }), 'missing-values', { source });

  const labelValues = (c: TableColumn): LabelValues =>
    c.type === 'categorical'
      ? { kind: 'categories', codes: pick(c.codes!, rows, new Int32Array(rows.length)), categories: c.categories }
      : { kind: 'numbers', values: pick(c.numbers, rows, new Float32Array(rows.length)) };
  const targetsOf = (c: TableColumn, hint: TargetHint | undefined): Targets =>
    decideTargets(labelValues(c), labelEncodingOf(c), hint, {
      what: datasetText('labelColumnOf', { label: c.name, source }),
      column: c.name,
      source,
      lineOf: (i) => lineOf(rows[i]!),
    });
  // `labelEncoding` says how classes are written; with several labels a column of numbers stays
  // numbers when it holds fractions, and numbers asked to be standardized always do.
  const labelEncodingOf = (c: TableColumn): TableMapping['labelEncoding'] => {
    if (c.type !== 'numeric') return mapping.labelEncoding;
    if (mapping.labelNormalize === 'standardize') return 'raw';
    if (mapping.labels?.length && mapping.labelEncoding !== 'auto' && !rows.every((r) => Number.isInteger(c.numbers[r]!))) return 'raw';
    return mapping.labelEncoding;
  };
  const targets: Targets = targetsOf(labelColumn, options.target);
  // The model's output hint is the first output's: the other labels take their plain encoding.
  const extraTargets = extraLabels.map((l) => targetsOf(l.table, undefined));
  // decideTargets saw only the kept rows: index them 0..rows.length-1 from here on.
  const positions = new Int32Array(rows.length);
  for (let i = 0; i < positions.length; i++) positions[i] = i;
  const plan = planSplit(positions, targets.kind === 'classes' ? targets.classOf : null, {
    validationSplit: options.validationSplit,
    seed: options.seed,
    ...(mapping.testSplit !== undefined ? { testSplit: mapping.testSplit } : {}),
    ...(mapping.stratify !== undefined ? { stratify: mapping.stratify } : {}),
  });

  // Feature layout: one slot per numeric column or integer-coded category, one per category when one-hot.
  const encodings = featureColumns.map((c) => (c.type === 'categorical' ? (mapping.categorical?.[c.name] ?? 'onehot') : 'number'));
  const featureNames: string[] = [];
  featureColumns.forEach((c, i) => {
    if (encodings[i] === 'onehot') for (const category of c.categories) featureNames.push(`${c.name}=${category}`);
    else featureNames.push(c.name);
  });
  const width = featureNames.length;
  const trainTableRows = () => Array.from(plan.trainPositions, (p) => rows[plan.order[p]!]!);
  const fills = featureColumns.map((c) => (c.missing > 0 ? imputedValue(c, trainTableRows()) : 0));

  // Column by column: one tight loop per feature over the rows, rather than branching per value.
  const fillX = (datasetRows: ArrayLike<number>): Float32Array => {
    const count = datasetRows.length;
    const source = new Int32Array(count);
    for (let i = 0; i < count; i++) source[i] = rows[datasetRows[i]!]!;
    const x = new Float32Array(count * width);
    let slot = 0;
    featureColumns.forEach((c, f) => {
      const fill = fills[f]!;
      if (encodings[f] === 'number') {
        const numbers = c.numbers;
        for (let i = 0; i < count; i++) {
          const v = numbers[source[i]!]!;
          x[i * width + slot] = v === v ? v : fill;
        }
        slot += 1;
        return;
      }
      const codes = c.codes!;
      const oneHot = encodings[f] === 'onehot';
      for (let i = 0; i < count; i++) {
        const code = codes[source[i]!]! >= 0 ? codes[source[i]!]! : fill;
        if (oneHot) x[i * width + slot + code] = 1;
        else x[i * width + slot] = code;
      }
      slot += oneHot ? c.categories.length : 1;
    });
    return x;
  };

  const x = fillX(plan.order);
  const { y, width: targetWidth } = targetRows(targets, plan.order);
  const dataset: Dataset = {
    x,
    xShape: [plan.order.length, width],
    y,
    yShape: [plan.order.length, targetWidth],
    featureNames,
    classNames: targets.kind === 'classes' ? targets.classNames : [],
  };
  const standardize = mapping.labelNormalize === 'standardize';
  const yNormalization = standardize && targets.kind === 'values' ? standardizeTarget(y, plan.trainPositions) : undefined;
  if (plan.test.length > 0) {
    const test = targetRows(targets, plan.test);
    if (yNormalization) applyTargetNormalization(test.y, yNormalization);
    dataset.test = { x: fillX(plan.test), y: test.y, count: plan.test.length };
  }
  if (mapping.labels?.length || yNormalization) {
    const fields: Record<string, DatasetField> = {};
    const first = targetField(targets, y, [plan.order.length, targetWidth], yNormalization);
    fields[TARGET_FIELD] = first;
    if (mapping.labels?.length && labelColumns[0]!.field !== TARGET_FIELD) fields[labelColumns[0]!.field] = first;
    extraLabels.forEach((l, i) => {
      const extra = targetRows(extraTargets[i]!, plan.order);
      const normalization = standardize && extraTargets[i]!.kind === 'values' ? standardizeTarget(extra.y, plan.trainPositions) : undefined;
      fields[l.field] = targetField(extraTargets[i]!, extra.y, [plan.order.length, extra.width], normalization);
    });
    dataset.fields = fields;
  }
  if (mapping.normalize !== 'none') {
    const normalization = fitNormalization(x, width, plan.trainPositions, mapping.normalize);
    // One-hot slots stay 0/1: a category is present or not, whatever the scale.
    featureNames.forEach((_, slot) => {
      if (isOneHotSlot(encodings, featureColumns, slot)) {
        normalization.offset[slot] = 0;
        normalization.scale[slot] = 1;
      }
    });
    applyNormalization(x, normalization);
    if (dataset.test) applyNormalization(dataset.test.x, normalization);
    dataset.normalization = normalization;
  }
  return dataset;
}

/** A label's targets as a field: classes one-hot or as indices, numbers (standardized or not). */
function targetField(targets: Targets, values: Float32Array, shape: number[], normalization: DatasetField['normalization']): DatasetField {
  if (targets.kind === 'values') return { values, shape, kind: 'numbers', ...(normalization ? { normalization } : {}) };
  return { values, shape, kind: targets.encoding === 'onehot' ? 'classes' : 'class-index', classNames: targets.classNames };
}

/** Standardizes a numeric target in place with the mean and spread of its training rows; returns them. */
function standardizeTarget(values: Float32Array, trainPositions: Int32Array): NonNullable<DatasetField['normalization']> {
  const fitted = fitNormalization(values, 1, trainPositions, 'standardize');
  const normalization = { offset: fitted.offset[0]!, scale: fitted.scale[0]! };
  applyTargetNormalization(values, normalization);
  return normalization;
}

function applyTargetNormalization(values: Float32Array, { offset, scale }: NonNullable<DatasetField['normalization']>): void {
  for (let i = 0; i < values.length; i++) values[i] = (values[i]! - offset) / scale;
}

/** `values` at the given rows, into `into` (a plain loop: TypedArray.from with a map function is many times slower). */
function pick<T extends Float32Array | Int32Array>(values: T, rows: Int32Array, into: T): T {
  for (let i = 0; i < rows.length; i++) into[i] = values[rows[i]!]!;
  return into;
}

function isMissing(column: TableColumn, row: number): boolean {
  return column.type === 'categorical' ? column.codes![row]! < 0 : Number.isNaN(column.numbers[row]!);
}

function isOneHotSlot(encodings: string[], columns: TableColumn[], slot: number): boolean {
  let at = 0;
  for (let f = 0; f < columns.length; f++) {
    const size = encodings[f] === 'onehot' ? columns[f]!.categories.length : 1;
    if (slot < at + size) return encodings[f] === 'onehot';
    at += size;
  }
  return false;
}

/** Mean of a numeric column, or the most frequent category, over the training rows. */
function imputedValue(column: TableColumn, trainRows: number[]): number {
  if (column.type === 'categorical') {
    const counts = new Array<number>(column.categories.length).fill(0);
    for (const r of trainRows) if (column.codes![r]! >= 0) counts[column.codes![r]!]!++;
    return counts.indexOf(Math.max(...counts));
  }
  let sum = 0;
  let n = 0;
  for (const r of trainRows) {
    const v = column.numbers[r]!;
    if (v === v) {
      sum += v;
      n++;
    }
  }
  return n ? sum / n : 0;
}

function checkFeatureColumn(column: TableColumn, table: ColumnTable): void {
  const { source } = table;
  const index = table.names.indexOf(column.name) + 1;
  if (column.type === 'numeric' && column.firstNonNumber) {
    const { line, value } = column.firstNonNumber;
    const others = column.nonNumbers - 1;
    throw new DatasetError(
      datasetText('notANumber', {
        at: `${source}:${line}:${index}`,
        value,
        column: column.name,
        others: others > 0 ? datasetText('notANumberOthers', { count: others, values: others }) : '',
      }),
      'not-a-number',
      { source, line, column: index },
    );
  }
  if (column.type === 'text')
    throw new DatasetError(
      datasetText('featureTooManyTexts', { column: column.name, source, max: 1000 }),
      'mapping',
      { source, column: index },
    );
  if (column.type === 'empty')
    throw new DatasetError(datasetText('columnNoValues', { column: column.name, source }), 'mapping', { source, column: index });
}
