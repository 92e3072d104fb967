import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { GraphDataset } from '../../shared/data/graph';
import { loadGraphDataset } from '../../shared/data/graph-load';
import type { GraphDatasetReference } from '../../shared/data/graph-reference';
import { DatasetError } from '../../shared/data/errors';
import { TrainingUserError } from '../../shared/training/errors';
import { trainingText } from '../../shared/training/messages';

const requireHere = createRequire(import.meta.url);

/** vega-datasets ships its JSON files beside its build, outside its package exports. */
function miserablesPath(): string {
  return path.join(path.dirname(requireHere.resolve('vega-datasets')), '..', 'data', 'miserables.json');
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const text =
      code === 'ENOENT'
        ? trainingText('graphFileMissing', { file })
        : code === 'EACCES'
          ? trainingText('graphFileDenied', { file })
          : trainingText('graphFileUnreadable', { file, detail: (err as Error).message });
    throw new TrainingUserError(text, { cause: err });
  }
}

/** Resolves a graph reference in the worker (paths are absolute by now). */
export async function loadGraphDatasetFromDisk(ref: GraphDatasetReference): Promise<GraphDataset> {
  try {
    return await loadGraphDataset(ref, { readText, miserablesJson: () => readText(miserablesPath()) });
  } catch (err) {
    if (err instanceof TrainingUserError) throw err;
    throw new TrainingUserError((err as Error).message, { cause: err, ...(err instanceof DatasetError ? { said: { dataset: err.text } } : {}) });
  }
}
