import { z } from 'zod';
import { addNode, connect } from '../graph/actions';
import type { GraphDocument } from '../graph/document';
import { groupNodes } from '../graph/groups';

/**
 * Transformer encoder and decoder blocks, inserted as collapsible groups of the primitive
 * nodes they are made of (attention, residual Add, LayerNormalization, a GELU feed-forward),
 * so a student sees the block as one box and can open it to see — and change — every part.
 */
export const TransformerBlockOptionsSchema = z.object({
  kind: z.enum(['encoder', 'decoder']).default('encoder'),
  /** Features of the sequence going in and out (d_model). */
  dModel: z.number().int().min(1).default(64),
  numHeads: z.number().int().min(1).default(4),
  /** Hidden units of the feed-forward part; 4·dModel in the original. */
  ffDim: z.number().int().min(1).default(128),
  /** Pre-norm (normalize before each sublayer, as GPT-2 and most new models) or post-norm (the 2017 original). */
  normFirst: z.boolean().default(false),
  dropout: z.number().min(0).max(1).default(0),
  /** torch's default, so a block matches torch.nn.TransformerEncoderLayer as built by default. */
  epsilon: z.number().positive().default(1e-5),
  /** Decoder only: attend over an encoder's output as well (the original decoder); off for a GPT-style decoder. */
  crossAttention: z.boolean().default(false),
});
export type TransformerBlockOptions = z.input<typeof TransformerBlockOptionsSchema>;

export interface InsertedBlock {
  doc: GraphDocument;
  groupId: string;
  /** The block's nodes in data-flow order. */
  nodeIds: string[];
  /** Where the sequence enters: wire the previous layer into these ports. */
  entry: { nodeId: string; port: string }[];
  /** Decoder with cross-attention: the node and port that take the encoder's output. */
  memoryEntry?: { nodeId: string; port: string };
  /** The node whose output is the block's output. */
  exitId: string;
}

/** Wide enough for a layer box and the shape label on the wire to the next one. */
const STEP_X = 280;

/**
 * Adds a Transformer block to the document as a new group, laid out left to right from
 * `position`. When `from` names a node, its output is wired into the block (and `memory`
 * into the cross-attention of a decoder that has one).
 */
export function insertTransformerBlock(
  doc: GraphDocument,
  options: TransformerBlockOptions,
  placement: { position: { x: number; y: number }; from?: string; memory?: string },
): InsertedBlock {
  const o = TransformerBlockOptionsSchema.parse(options);
  if (o.dModel % o.numHeads !== 0)
    throw new Error(`d_model ${o.dModel} does not split evenly over ${o.numHeads} heads — choose a head count that divides it`);
  const keyDim = o.dModel / o.numHeads;
  const nodeIds: string[] = [];
  let column = 0;
  let row = 0;
  const add = (type: string, params: Record<string, unknown>): string => {
    doc = addNode(doc, { type, params, position: { x: placement.position.x + column * STEP_X, y: placement.position.y + row * 110 } });
    const id = doc.nodes[doc.nodes.length - 1]!.id;
    nodeIds.push(id);
    column++;
    return id;
  };
  const wire = (source: string, target: string, targetHandle = 'in', sourceHandle = 'out') => {
    doc = connect(doc, { source, target, sourceHandle, targetHandle, targetTakesMany: targetHandle === 'in' });
  };
  const norm = () => add('LayerNormalization', { epsilon: o.epsilon });
  const maybeDropout = (source: string) => {
    if (o.dropout === 0) return source;
    const id = add('Dropout', { rate: o.dropout });
    wire(source, id);
    return id;
  };
  const entry: InsertedBlock['entry'] = [];
  let memoryEntry: InsertedBlock['memoryEntry'];

  /**
   * One residual sublayer around `inner`: post-norm is LN(x + f(x)), pre-norm x + f(LN(x)).
   * `inner` wires its input and returns its output node. `residual` is x.
   */
  const sublayer = (x: string | null, inner: (input: string | null) => string): string => {
    const sublayerInput = o.normFirst ? norm() : null;
    if (o.normFirst && x) wire(x, sublayerInput!);
    if (o.normFirst && !x) entry.push({ nodeId: sublayerInput!, port: 'in' });
    const out = maybeDropout(inner(o.normFirst ? sublayerInput : x));
    const sum = add('Add', {});
    if (x) wire(x, sum);
    else entry.push({ nodeId: sum, port: 'in' });
    wire(out, sum);
    if (o.normFirst) return sum;
    const normed = norm();
    wire(sum, normed);
    return normed;
  };

  const attention = (causal: boolean, memory: boolean) => (input: string | null) => {
    const mha = add('MultiHeadAttention', { numHeads: o.numHeads, keyDim, dropout: o.dropout, causal });
    if (input) wire(input, mha, 'query');
    else entry.push({ nodeId: mha, port: 'query' });
    if (memory) memoryEntry = { nodeId: mha, port: 'value' };
    else if (input) wire(input, mha, 'value');
    else entry.push({ nodeId: mha, port: 'value' });
    return mha;
  };

  const feedForward = (input: string | null) => {
    const hidden = add('Dense', { units: o.ffDim, activation: 'gelu' });
    if (input) wire(input, hidden);
    else entry.push({ nodeId: hidden, port: 'in' });
    const inner = o.dropout > 0 ? maybeDropout(hidden) : hidden;
    const projected = add('Dense', { units: o.dModel });
    wire(inner, projected);
    return projected;
  };

  let x = sublayer(null, attention(o.kind === 'decoder', false));
  if (o.kind === 'decoder' && o.crossAttention) {
    row = 1;
    x = sublayer(x, attention(false, true));
  }
  row = 0;
  x = sublayer(x, feedForward);

  if (placement.from) for (const e of entry) wire(placement.from, e.nodeId, e.port);
  if (placement.memory && memoryEntry) wire(placement.memory, memoryEntry.nodeId, memoryEntry.port);
  const name = `${o.normFirst ? 'Pre-norm' : 'Post-norm'} Transformer ${o.kind}`;
  const grouped = groupNodes(doc, nodeIds, name);
  return { doc: grouped.doc, groupId: grouped.groupId, nodeIds, entry, ...(memoryEntry ? { memoryEntry } : {}), exitId: x };
}
