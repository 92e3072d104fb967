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
    }),
  ),
});
export type AttentionMaps = z.infer<typeof AttentionMapsSchema>;

export const GeneratedTextSchema = z.object({
  prompt: z.string(),
  /** The characters or words written after the prompt. */
  continuation: z.string(),
});
export type GeneratedText = z.infer<typeof GeneratedTextSchema>;
