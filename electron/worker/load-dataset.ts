import type { Dataset } from '../../shared/data/dataset';
import { DatasetError } from '../../shared/data/errors';
import type { DatasetReference } from '../../shared/data/reference';
import type { TrainingConfig } from '../../shared/training/config';
import { TrainingUserError } from '../../shared/training/errors';
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
  if (ref.kind === 'graph') throw new TrainingUserError('a graph dataset trains through the graph loop (electron/worker/graph), not as a table of samples');
  try {
    return await loadDatasetFromReference(ref, {
      validationSplit: training.validationSplit,
      seed: training.seed,
      target: { units: outputUnits, loss: training.loss },
    });
  } catch (err) {
    if (err instanceof DatasetError) {
      const message =
        err.code === 'not-found' && 'path' in ref
          ? `cannot read the dataset ${err.location?.source ?? ref.path}: the file does not exist — check the dataset path`
          : err.message;
      throw new TrainingUserError(message, { cause: err });
    }
    throw err;
  }
}
