import { analyzeGraph, DEFAULT_MEMORY_BYTES, type GraphAnalysis } from '../../../shared/graph/analyze';
import type { GraphDocument } from '../../../shared/graph/document';
import { promisedFields, trainingProblems } from '../../../shared/graph/objectives';
import { catalog } from '../../../shared/layers';

export { catalog };

let analyses = new WeakMap<GraphDocument, GraphAnalysis>();
let memoryBytes = DEFAULT_MEMORY_BYTES;

/** The training machine's memory (the host's), so a model too large for it is a problem before training. */
export function setTrainingMemory(bytes: number): void {
  if (bytes === memoryBytes) return;
  memoryBytes = bytes;
  analyses = new WeakMap();
}

/**
 * The graph's problems and what keeps it from training, as `nnd validate` says them. The
 * editor has no data at hand: the objectives are checked against the fields the dataset
 * reference promises, and where its file decides them (a CSV's columns), only what needs no
 * data (a missing objective, a loss that cannot fit the output).
 */
export function editorAnalysis(doc: GraphDocument): GraphAnalysis {
  const analysis = analyzeGraph(doc, catalog, { memoryBytes });
  const training = trainingProblems(doc, analysis, promisedFields(doc.dataset, analysis, doc.training));
  return training.length ? { ...analysis, problems: [...analysis.problems, ...training] } : analysis;
}

/**
 * Documents are immutable values, so the analysis of one is computed once however many
 * components ask for it; an edit makes a new document and so a new analysis.
 */
export function analysisOf(doc: GraphDocument): GraphAnalysis {
  let analysis = analyses.get(doc);
  if (!analysis) {
    analysis = editorAnalysis(doc);
    analyses.set(doc, analysis);
  }
  return analysis;
}
