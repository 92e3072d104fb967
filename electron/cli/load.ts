import { GRAPH_FORMAT, type GraphDocument } from '../../shared/graph/document';
import { parseDocument, DocumentError } from '../../shared/graph/document';
import { ProjectFileError, parseJsonText, readTextFile } from '../host/projects';

export interface LoadedNetwork {
  doc: GraphDocument;
  /** Things the reader had to approximate, printed to stderr. */
  warnings: string[];
  source: 'project';
}

/** Reads a project file (`*.nnd.json`) by its content, so the name does not matter. */
export async function loadNetwork(file: string): Promise<LoadedNetwork> {
  const json = parseJsonText(await readTextFile(file), file);
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== GRAPH_FORMAT)
    throw new ProjectFileError(`${file}: not an NN Designer project (expected "format": "${GRAPH_FORMAT}")`, file, 'format');
  try {
    return { doc: parseDocument(json), warnings: [], source: 'project' };
  } catch (err) {
    if (err instanceof DocumentError) throw new ProjectFileError(`${file}: ${err.message}`, file, err.path);
    throw err;
  }
}
