import { stat } from 'node:fs/promises';
import path from 'node:path';
import { builtinDatasetEntries } from '../../shared/data/builtin';
import { DatasetError } from '../../shared/data/errors';
import { datasetPaths, mapDatasetPaths, type DatasetReference } from '../../shared/data/reference';
import { HOST_ERROR_CODES, HostError, type HostImplementation } from '../../shared/host-api';
import { previewDataset, suggestDatasetReference } from '../node/datasets';

type DatasetMethods = Pick<HostImplementation, 'importDataset' | 'previewDataset' | 'listBuiltinDatasets' | 'checkDatasetFiles'>;

/**
 * The HostApi's dataset methods. Paths in a reference may be relative to the project's
 * folder (as the project stores them); they are resolved here, and a file that cannot be
 * read comes back as a HostError with the reader's located message.
 */
export function createDatasetMethods(options: { cwd: string; absolute: (p: string) => string }): DatasetMethods {
  const resolved = (dataset: DatasetReference, projectPath: string | undefined): DatasetReference => {
    const base = projectPath ? path.dirname(options.absolute(projectPath)) : options.cwd;
    return mapDatasetPaths(dataset, (p) => (path.isAbsolute(p) || p.startsWith('~') ? options.absolute(p) : path.resolve(base, p)));
  };

  return {
    async importDataset({ path: requested, validationSplit, seed }) {
      const file = options.absolute(requested);
      try {
        const dataset = await suggestDatasetReference(file);
        return { dataset, preview: await previewDataset(dataset, { validationSplit, seed }) };
      } catch (err) {
        throw asHostError(err);
      }
    },

    async previewDataset({ dataset, projectPath, validationSplit, seed }) {
      try {
        return await previewDataset(resolved(dataset, projectPath), { validationSplit, seed });
      } catch (err) {
        throw asHostError(err);
      }
    },

    listBuiltinDatasets: () => builtinDatasetEntries(),

    async checkDatasetFiles({ dataset, projectPath }) {
      const missing: string[] = [];
      for (const file of datasetPaths(resolved(dataset, projectPath))) if (!(await stat(file).then(() => true, () => false))) missing.push(file);
      return { missing };
    },
  };
}

function asHostError(err: unknown): unknown {
  if (!(err instanceof DatasetError)) return err;
  return new HostError(err.message, err.code === 'not-found' ? HOST_ERROR_CODES.notFound : HOST_ERROR_CODES.badDataset, undefined, undefined, { dataset: err.text });
}
