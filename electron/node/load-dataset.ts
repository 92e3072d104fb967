import path from 'node:path';
import type { Dataset } from '../../shared/data/dataset';
import { DatasetError } from '../../shared/data/errors';
import { mapDatasetPaths, type DatasetReference } from '../../shared/data/reference';
import type { TrainingConfig } from '../../shared/graph/training-config';
import { TrainingUserError } from '../../shared/training/errors';
import { trainingText } from '../../shared/training/messages';
import { loadDatasetFromReference } from './datasets';

/**
 * Resolves a dataset reference in the worker, so the data never crosses the process
 * boundary. `outputUnits` lets `auto` label encoding fit the model's output layer.
 */
export async function loadDataset(
  ref: DatasetReference,
  training: Pick<TrainingConfig, 'validationSplit' | 'seed' | 'loss'>,
  outputUnits: number | null,
): Promise<Dataset> {
  if (ref.kind === 'graph') throw new TrainingUserError(trainingText('graphNotTable'));
  try {
    return await loadDatasetFromReference(ref, {
      validationSplit: training.validationSplit,
      seed: training.seed,
      target: { units: outputUnits, loss: training.loss },
    });
  } catch (err) {
    if (err instanceof DatasetError) {
      if (err.code === 'not-found' && 'path' in ref) throw new TrainingUserError(trainingText('datasetMissing', { file: err.location?.source ?? ref.path }), { cause: err });
      throw new TrainingUserError(err.message, { cause: err, said: { dataset: err.text } });
    }
    throw err;
  }
}

/** A document's dataset paths are relative to its project's folder (else the cwd); the worker gets them absolute. */
export function resolveDatasetPath(dataset: DatasetReference, baseDir: string | undefined): DatasetReference {
  return mapDatasetPaths(dataset, (p) => path.resolve(baseDir ?? process.cwd(), p));
}
