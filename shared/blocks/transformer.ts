import { z } from 'zod';
import type { GraphDocument } from '../graph/document';
import { BlockFragmentSchema, insertFragment, type InsertedBlock } from './fragment';
import transformerJson from './transformer.json';

/**
 * Transformer encoder and decoder blocks, inserted as collapsible groups of the primitive
 * nodes they are made of (attention, residual Add, LayerNormalization, a GELU feed-forward),
 * so a student sees the block as one box and can open it to see — and change — every part.
 * The nodes and wires are data (transformer.json); this file says what the options mean.
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
export type { InsertedBlock };

const TRANSFORMER_BLOCK = BlockFragmentSchema.parse(transformerJson);

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
  const values = {
    dModel: o.dModel,
    numHeads: o.numHeads,
    keyDim: o.dModel / o.numHeads,
    ffDim: o.ffDim,
    dropout: o.dropout,
    hasDropout: o.dropout > 0,
    epsilon: o.epsilon,
    normFirst: o.normFirst,
    normLast: !o.normFirst,
    // A decoder masks the steps ahead in its self-attention; only a decoder attends over memory.
    causal: o.kind === 'decoder',
    crossAttention: o.kind === 'decoder' && o.crossAttention,
  };
  const name = `${o.normFirst ? 'Pre-norm' : 'Post-norm'} Transformer ${o.kind}`;
  return insertFragment(doc, TRANSFORMER_BLOCK, values, placement, name);
}
