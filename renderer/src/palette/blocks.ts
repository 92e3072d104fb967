import { analyzeGraph } from '../../../shared/graph/analyze';
import type { GraphDocument } from '../../../shared/graph/document';
import { insertTransformerBlock, type TransformerBlockOptions } from '../../../shared/blocks/transformer';
import { catalog } from '../store/catalog';
import { useEditor } from '../store/editor-store';

/** Ready-made groups of layers the palette offers beside single layers. */
export const BLOCKS = [
  { id: 'transformerEncoder', label: 'palette.blocks.encoder', doc: 'palette.blocks.encoderDoc', options: { kind: 'encoder', normFirst: false } },
  { id: 'transformerDecoder', label: 'palette.blocks.decoder', doc: 'palette.blocks.decoderDoc', options: { kind: 'decoder', normFirst: true } },
] as const satisfies readonly { id: string; label: string; doc: string; options: TransformerBlockOptions }[];
export type BlockId = (typeof BLOCKS)[number]['id'];

/** The most heads (of 8, 4, 2, 1) that split d_model evenly. */
function headsFor(dModel: number): number {
  return [8, 4, 2, 1].find((h) => dModel % h === 0 && dModel / h >= 4) ?? 1;
}

/**
 * Where a block goes and what it reads: after the one selected layer whose output is a
 * sequence [batch, steps, features] (wired from it, sized to its features), else unwired
 * with d_model 64 at `position`.
 */
export function blockPlacement(doc: GraphDocument, selected: readonly string[], position: { x: number; y: number }) {
  const only = selected.length === 1 ? doc.nodes.find((n) => n.id === selected[0]) : undefined;
  const shape = only ? analyzeGraph(doc, catalog).nodes.get(only.id)?.outputShapes[0] : undefined;
  const features = shape && shape.length === 3 ? shape[2] : null;
  if (!only || typeof features !== 'number') return { dModel: 64, numHeads: 4, position };
  // A row below when a layer already follows on the same row, so the block does not cover it.
  const taken = doc.nodes.some((n) => n.id !== only.id && n.position.x > only.position.x && Math.abs(n.position.y - only.position.y) < 100);
  const at = { x: only.position.x + 280, y: only.position.y + (taken ? 180 : 0) };
  return { dModel: features, numHeads: headsFor(features), position: at, from: only.id };
}

/** Inserts the block as one undo step and selects its nodes. */
export function addBlockAt(id: BlockId, position: { x: number; y: number }): void {
  const store = useEditor.getState();
  const block = BLOCKS.find((b) => b.id === id)!;
  let nodeIds: string[] = [];
  store.edit((doc) => {
    const { dModel, numHeads, position: at, from } = blockPlacement(doc, store.selection.nodes, position);
    const inserted = insertTransformerBlock(
      doc,
      { ...block.options, dModel, numHeads, ffDim: 2 * dModel },
      { position: at, ...(from ? { from } : {}) },
    );
    nodeIds = inserted.nodeIds;
    return inserted.doc;
  });
  if (nodeIds.length) useEditor.getState().select({ nodes: nodeIds, edges: [] });
}
