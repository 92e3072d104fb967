import { z } from 'zod';

/** What the HostApi's attentionMaps and generateText answer (see sequence-inspection.ts for how they are computed). */
export const AttentionMapsSchema = z.object({
  /** The input's tokens, in order (padding included, as the empty string). */
  tokens: z.array(z.string()),
  layers: z.array(
    z.object({
      layer: z.string(),
      causal: z.boolean(),
      /** [head][query][key]: how much each query position attends to each key position; rows sum to 1. */
      heads: z.array(z.array(z.array(z.number()))),
      /** A model with several inputs (an encoder–decoder): the tokens along the queries and along the keys (cross-attention: the decoder's and the source's). */
      queryTokens: z.array(z.string()).optional(),
      keyTokens: z.array(z.string()).optional(),
    }),
  ),
  /** An encoder–decoder: the tokens it wrote for the input (the end token left out). */
  answer: z.array(z.string()).optional(),
});
export type AttentionMaps = z.infer<typeof AttentionMapsSchema>;

export const GeneratedTextSchema = z.object({
  prompt: z.string(),
  /** The characters or words written after the prompt. */
  continuation: z.string(),
});
export type GeneratedText = z.infer<typeof GeneratedTextSchema>;
