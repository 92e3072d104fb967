import { describe, expect, it } from 'vitest';
import { addNode } from '../graph/actions';
import { analyzeGraph } from '../graph/analyze';
import { emptyDocument, type GraphDocument } from '../graph/document';
import { catalog } from '../layers';
import { insertTransformerBlock } from './transformer';

function withSequences(): { doc: GraphDocument; tokens: string; memory: string } {
  let doc = addNode(emptyDocument(), { type: 'Input', params: { shape: [10, 16] } });
  doc = addNode(doc, { type: 'Input', params: { shape: [12, 16] } });
  return { doc, tokens: doc.nodes[0]!.id, memory: doc.nodes[1]!.id };
}

const typesOf = (doc: GraphDocument, ids: string[]) => ids.map((id) => doc.nodes.find((n) => n.id === id)!.type);
const wiresInto = (doc: GraphDocument, id: string) => doc.edges.filter((e) => e.target === id).map((e) => `${e.source}→${e.targetHandle}`);

describe('a Transformer block', () => {
  it('as a post-norm encoder: attention, residual, norm, then the GELU feed-forward, in one group', () => {
    const { doc, tokens } = withSequences();
    const block = insertTransformerBlock(doc, { dModel: 16, numHeads: 4, ffDim: 32 }, { position: { x: 300, y: 0 }, from: tokens });
    expect(typesOf(block.doc, block.nodeIds)).toEqual(['MultiHeadAttention', 'Add', 'LayerNormalization', 'Dense', 'Dense', 'Add', 'LayerNormalization']);
    const [attention, residual, , hidden] = block.nodeIds;
    expect(block.doc.nodes.find((n) => n.id === attention)!.params).toEqual({ numHeads: 4, keyDim: 4, dropout: 0, causal: false });
    expect(block.doc.nodes.find((n) => n.id === hidden)!.params).toEqual({ units: 32, activation: 'gelu' });
    expect(block.entry).toEqual([
      { nodeId: attention, port: 'query' },
      { nodeId: attention, port: 'value' },
      { nodeId: residual, port: 'in' },
    ]);
    // The block's input is wired last, once the block stands.
    expect(wiresInto(block.doc, residual!)).toEqual([`${attention}→in`, `${tokens}→in`]);
    expect(block.exitId).toBe(block.nodeIds.at(-1));
    expect(block.doc.groups).toEqual([{ id: block.groupId, name: 'Post-norm Transformer encoder', nodeIds: block.nodeIds, collapsed: false }]);
    // Laid out left to right, one column per layer.
    expect(block.nodeIds.map((id) => block.doc.nodes.find((n) => n.id === id)!.position.x)).toEqual([300, 580, 860, 1140, 1420, 1700, 1980]);
    expect(analyzeGraph(block.doc, catalog).problems).toEqual([]);
  });

  it('as a pre-norm decoder with dropout and cross-attention: causal self-attention, the encoder output into the second attention', () => {
    const { doc, tokens, memory } = withSequences();
    const block = insertTransformerBlock(doc, { kind: 'decoder', normFirst: true, dropout: 0.1, crossAttention: true, dModel: 16, numHeads: 2, ffDim: 32 }, { position: { x: 0, y: 0 }, from: tokens, memory });
    expect(typesOf(block.doc, block.nodeIds)).toEqual([
      ...['LayerNormalization', 'MultiHeadAttention', 'Dropout', 'Add'],
      ...['LayerNormalization', 'MultiHeadAttention', 'Dropout', 'Add'],
      ...['LayerNormalization', 'Dense', 'Dropout', 'Dense', 'Dropout', 'Add'],
    ]);
    const [firstNorm, selfAttention, , , , crossAttention] = block.nodeIds;
    expect(block.doc.nodes.find((n) => n.id === selfAttention)!.params).toMatchObject({ causal: true, keyDim: 8 });
    expect(block.doc.nodes.find((n) => n.id === crossAttention)!.params).toMatchObject({ causal: false });
    expect(block.memoryEntry).toEqual({ nodeId: crossAttention, port: 'value' });
    expect(wiresInto(block.doc, crossAttention!)).toEqual([`${block.nodeIds[4]}→query`, `${memory}→value`]);
    expect(block.entry[0]).toEqual({ nodeId: firstNorm, port: 'in' });
    // The cross-attention sublayer is drawn on a second row.
    expect(block.doc.nodes.find((n) => n.id === crossAttention)!.position.y).toBe(110);
    expect(block.doc.groups![0]!.name).toBe('Pre-norm Transformer decoder');
    expect(analyzeGraph(block.doc, catalog).problems).toEqual([]);
  });

  it('leaves the cross-attention out of an encoder, and refuses a head count that does not divide d_model', () => {
    const { doc } = withSequences();
    const encoder = insertTransformerBlock(doc, { crossAttention: true }, { position: { x: 0, y: 0 } });
    expect(typesOf(encoder.doc, encoder.nodeIds).filter((t) => t === 'MultiHeadAttention')).toHaveLength(1);
    expect(encoder.memoryEntry).toBeUndefined();
    expect(() => insertTransformerBlock(doc, { dModel: 10, numHeads: 4 }, { position: { x: 0, y: 0 } })).toThrow(/does not split evenly over 4 heads/);
  });
});
