import type { GraphDocument } from '../../../shared/graph/document';
import type { LayerCatalog } from '../../../shared/layers';
import { COURSE_STAGE_OF_FAMILY } from '../../../shared/layers/families';

/**
 * The templates in the order a deep-learning course meets them (perceptron → MLP → CNN →
 * RNN → Transformer → GNN → GAN), read from the layer families each one uses (and a GAN from
 * its training.gan), so a new template finds its place without a list to update. Within a
 * stage, the smaller graph first.
 */
type Staged = Pick<GraphDocument, 'nodes'> & Partial<Pick<GraphDocument, 'training'>>;

/** Two networks trained against each other: the generative chapter, after the graph networks. */
const GAN_STAGE = Math.max(...Object.values(COURSE_STAGE_OF_FAMILY)) + 1;

export function courseStage(doc: Staged, catalog: Pick<LayerCatalog, 'kind'>): number {
  if (doc.training?.gan) return GAN_STAGE;
  let stage = 0;
  let layers = 0;
  for (const node of doc.nodes) {
    const family = catalog.kind(node.type)?.family ?? 'Core';
    if (family !== 'Input') layers++;
    stage = Math.max(stage, COURSE_STAGE_OF_FAMILY[family] ?? 0);
  }
  // A single trainable layer is a perceptron; more, a multilayer perceptron.
  return stage === 0 && layers > 1 ? 1 : stage;
}

export function inCourseOrder<T extends { file: string; document: Staged }>(examples: readonly T[], catalog: Pick<LayerCatalog, 'kind'>): T[] {
  const keyed = examples.map((example) => ({ example, stage: courseStage(example.document, catalog), size: example.document.nodes.length }));
  keyed.sort((a, b) => a.stage - b.stage || a.size - b.size || a.example.file.localeCompare(b.example.file));
  return keyed.map((k) => k.example);
}
