import { DocumentError, GRAPH_FORMAT, parseDocument, type GraphDocument } from '../../shared/graph/document';
import { catalog } from '../../shared/layers';
import { importModelJson } from '../../shared/model-json/import';
import { ProjectFileError, parseJsonText, readTextFile } from '../node/project-files';
import { CliError } from './errors';

export interface LoadedNetwork {
  doc: GraphDocument;
  /** Things the importer had to approximate, printed to stderr. */
  warnings: string[];
  source: 'project' | 'model-json';
}

/**
 * A project file or a TensorFlow.js / Keras model file, told apart by content (a project
 * names its format), so `nnd summary` takes either whatever the file is called.
 */
export async function loadNetwork(file: string): Promise<LoadedNetwork> {
  const json = parseJsonText(await readTextFile(file), file);
  const format = (json as { format?: unknown } | null)?.format;
  if (format === GRAPH_FORMAT) {
    try {
      return { doc: parseDocument(json), warnings: [], source: 'project' };
    } catch (err) {
      if (err instanceof DocumentError) throw new ProjectFileError(`${file}: ${err.message}`, file, err.path);
      throw err;
    }
  }
  try {
    const { document, warnings } = importModelJson(json, catalog);
    return { doc: document, warnings, source: 'model-json' };
  } catch (err) {
    throw new CliError(`${file}: ${(err as Error).message}`);
  }
}
