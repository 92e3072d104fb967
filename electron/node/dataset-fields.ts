import { datasetFields, describeFields, type FieldDescription } from '../../shared/data/fields';
import type { DatasetReference } from '../../shared/data/reference';
import type { GraphAnalysis } from '../../shared/graph/analyze';
import { firstOutputUnits, promisedFields } from '../../shared/graph/objectives';
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
 * The fields of a project's dataset as validation needs them (shapes and kinds, no values):
 * what the reference promises where that is known without its file, else read the way the
 * worker reads it (the same label encoding for the model's output units). Null fields
 * without a dataset, for a graph dataset (its trainer binds Inputs by role), and for a
 * dataset that does not load (training says why; validation checks what needs no data).
 */
export async function describeDatasetFields(
  ref: DatasetReference | null,
  analysis: GraphAnalysis,
  training: Pick<TrainingConfig, 'validationSplit' | 'seed' | 'loss'>,
  baseDir: string,
): Promise<DescribedFields> {
  if (!ref || ref.kind === 'graph') return { fields: null };
  const promised = promisedFields(ref, analysis, training);
  if (promised) return { fields: promised };
  try {
    const data = await loadDataset(resolveDatasetPath(ref, baseDir), training, firstOutputUnits(analysis));
    return { fields: describeFields(datasetFields(data)) };
  } catch (err) {
    if (err instanceof TrainingUserError) return { fields: null, unreadable: err.message };
    throw err;
  }
}
