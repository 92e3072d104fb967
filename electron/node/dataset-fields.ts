import { datasetFields, describeFields, type FieldDescription } from '../../shared/data/fields';
import type { DatasetReference } from '../../shared/data/reference';
import type { TrainingConfig } from '../../shared/graph/training-config';
import { TrainingUserError } from '../../shared/training/errors';
import { loadDataset, resolveDatasetPath } from './load-dataset';

export interface DescribedFields {
  /** Each field's per-sample shape and kind; null when they are not known. */
  fields: Record<string, FieldDescription> | null;
  /** Why a dataset that exists was not described: it did not load (the loader's message). */
  unreadable?: string;
}

/**
 * The fields of a project's dataset as validation needs them (shapes and kinds, no values),
 * read the way the worker reads them: the same label encoding for the model's output units.
 * Null fields without a dataset, for a graph dataset (its trainer binds Inputs by role), and
 * for a dataset that does not load (training says why; validation checks what needs no data).
 */
export async function describeDatasetFields(
  ref: DatasetReference | null,
  training: Pick<TrainingConfig, 'validationSplit' | 'seed' | 'loss'>,
  outputUnits: number | null,
  baseDir: string,
): Promise<DescribedFields> {
  if (!ref || ref.kind === 'graph') return { fields: null };
  try {
    const data = await loadDataset(resolveDatasetPath(ref, baseDir), training, outputUnits);
    return { fields: describeFields(datasetFields(data)) };
  } catch (err) {
    if (err instanceof TrainingUserError) return { fields: null, unreadable: err.message };
    throw err;
  }
}
