import { readFile } from 'node:fs/promises';
import { parseCsvDataset } from '../../shared/data/csv';
import type { Dataset } from '../../shared/data/dataset';
import { generateDataset } from '../../shared/data/generated';
import type { DatasetReference } from '../../shared/data/reference';
import type { TrainingConfig } from '../../shared/training/config';
import { TrainingUserError } from '../../shared/training/errors';

/**
 * Resolves a dataset reference in the worker, so the data never crosses the process
 * boundary. `outputUnits` lets `auto` label encoding fit the model's output layer.
 */
export async function loadDataset(
  ref: DatasetReference,
  training: Pick<TrainingConfig, 'validationSplit' | 'seed' | 'loss'>,
  outputUnits: number | null,
): Promise<Dataset> {
  if (ref.kind === 'generated') return generateDataset(ref);
  let text: string;
  try {
    text = await readFile(ref.path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the file does not exist' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new TrainingUserError(`cannot read the dataset ${ref.path}: ${why} — check the dataset path`, { cause: err });
  }
  try {
    return parseCsvDataset(text, ref, {
      source: ref.path,
      validationSplit: training.validationSplit,
      seed: training.seed,
      target: { units: outputUnits, loss: training.loss },
    });
  } catch (err) {
    throw new TrainingUserError((err as Error).message, { cause: err });
  }
}
