import type { Dataset } from './dataset';
import { datasetMessage, datasetText, type DatasetText } from './dataset-messages';
import { DatasetError } from './errors';
import type { LabelEncoding } from './reference';
import { gatherRows, planSplit, type SplitOptions } from './split';
import { decideTargets, targetRows, type LabelValues, type TargetHint } from './targets';

export interface TensorSamples {
  source: string;
  /** Row-major samples. */
  x: Float32Array;
  sampleShape: number[];
  labels: LabelValues;
  /** Where the labels came from, named in messages (`labelsIn`, `classFoldersOf`, …). */
  labelSource: DatasetText;
}

export interface TensorDatasetOptions extends SplitOptions {
  labelEncoding: LabelEncoding;
  target?: TargetHint;
  /** Divide every value by this (255 for bytes). */
  scale?: number;
}

/**
 * Arrays already shaped as samples (NumPy, IDX, decoded images) → a dataset: labels encoded
 * for the model's output, rows arranged for the seeded (stratified) split, test rows held out.
 */
export function tensorsToDataset(samples: TensorSamples, options: TensorDatasetOptions): Dataset {
  const { source, x, sampleShape, labels } = samples;
  const width = sampleShape.reduce((a, b) => a * b, 1);
  const count = width > 0 ? x.length / width : 0;
  if (count === 0) throw new DatasetError(datasetText('noSamples', { source }), 'empty', { source });
  const labelCount = labels.kind === 'numbers' ? labels.values.length : labels.codes.length;
  if (labelCount !== count)
    throw new DatasetError(
      datasetText('labelCountMismatch', { source, samples: count, labels: labelCount, what: samples.labelSource }),
      'mapping',
      { source },
    );
  if (options.scale && options.scale !== 1) for (let i = 0; i < x.length; i++) x[i] = x[i]! / options.scale;
  const targets = decideTargets(labels, options.labelEncoding, options.target, {
    what: samples.labelSource,
    source: datasetMessage(samples.labelSource),
    lineOf: (row) => row + 1,
  });
  const all = new Int32Array(count);
  for (let i = 0; i < count; i++) all[i] = i;
  const plan = planSplit(all, targets.kind === 'classes' ? targets.classOf : null, options);
  const { y, width: targetWidth } = targetRows(targets, plan.order);
  const dataset: Dataset = {
    x: plan.order === all ? x : gatherRows(x, width, plan.order),
    xShape: [plan.order.length, ...sampleShape],
    y,
    yShape: [plan.order.length, targetWidth],
    featureNames: [],
    classNames: targets.kind === 'classes' ? targets.classNames : [],
  };
  if (plan.test.length > 0) dataset.test = { x: gatherRows(x, width, plan.test), y: targetRows(targets, plan.test).y, count: plan.test.length };
  return dataset;
}
