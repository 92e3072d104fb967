import type { Dataset } from '../../shared/data/dataset';
import { DatasetError } from '../../shared/data/errors';
import type { DatasetReference } from '../../shared/data/reference';
import type { TrainingConfig } from '../../shared/training/config';
import { TrainingUserError } from '../../shared/training/errors';
import { trainingText } from '../../shared/training/messages';
import { loadDatasetFromReference } from '../host/datasets';

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
