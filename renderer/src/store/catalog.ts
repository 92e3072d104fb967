import { analyzeGraph, type GraphAnalysis } from '../../../shared/graph/analyze';
import type { GraphDocument } from '../../../shared/graph/document';
import { catalog } from '../../../shared/layers';

export { catalog };

const analyses = new WeakMap<GraphDocument, GraphAnalysis>();

/**
 * Documents are immutable values, so the analysis of one is computed once however many
 * components ask for it; an edit makes a new document and so a new analysis.
 */
export function analysisOf(doc: GraphDocument): GraphAnalysis {
  let analysis = analyses.get(doc);
  if (!analysis) {
    analysis = analyzeGraph(doc, catalog);
    analyses.set(doc, analysis);
  }
  return analysis;
}
