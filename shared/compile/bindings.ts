import type { FieldSource } from '../data/fields';
import { datasetFields, describeFields } from '../data/fields';
import type { GraphAnalysis } from '../graph/analyze';
import type { GraphDocument } from '../graph/document';
import { blockingProblems, resolveBindings, type Bindings } from '../graph/objectives';
import type { TrainingConfig } from '../graph/training-config';
import { CompileError } from './compile';

/**
 * The document's objectives resolved against the fields the loaded dataset actually has, as
 * both engines train them (the tfjs worker, the exported train.py). A document that cannot
 * train this data is refused with the problems `nnd validate` and the editor say.
 */
export function bindingsForData(doc: GraphDocument, analysis: GraphAnalysis, data: FieldSource, training: TrainingConfig = doc.training): Bindings {
  const resolved = resolveBindings(doc, analysis, describeFields(datasetFields(data)), training);
  const problems = blockingProblems(resolved);
  if (problems.length) throw new CompileError(problems);
  return resolved;
}
