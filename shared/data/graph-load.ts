import { cyclesAndTrees, stochasticBlockModel } from './graph-generated';
import type { GraphDataset } from './graph';
import type { GraphDatasetReference } from './graph-reference';
import { readGraphCsv, readNodeLinkJson } from './graph-readers';

/** What resolving a graph reference needs from its process: file text, and the bundled Les Misérables JSON. */
export interface GraphFileAccess {
  readText(path: string): Promise<string>;
  miserablesJson(): Promise<string>;
}

/** A graph reference → the graph in memory. Pure apart from the file access handed in. */
export async function loadGraphDataset(ref: GraphDatasetReference, files: GraphFileAccess): Promise<GraphDataset> {
  const options = { ...ref, source: ref.path ?? ref.source };
  switch (ref.source) {
    case 'sbm':
      return stochasticBlockModel(ref);
    case 'motifs':
      return cyclesAndTrees(ref);
    case 'miserables':
      return readNodeLinkJson(await files.miserablesJson(), { ...options, source: 'miserables.json', label: ref.label ?? 'group' });
    case 'json':
      return readNodeLinkJson(await files.readText(ref.path!), options);
    case 'csv':
      return readGraphCsv(await files.readText(ref.path!), await files.readText(ref.edgesPath!), { ...options, edgesSource: ref.edgesPath! });
  }
}
