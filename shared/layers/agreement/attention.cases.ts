import type { AgreementCase } from './harness';

export const attentionCases: AgreementCase[] = [
  // Self-attention over one sequence: query and value are the same shape.
  { type: 'Attention', params: {}, inputs: [[null, 6, 8], [null, 6, 8]] },
  // Decoder steps attend over encoder steps; the value's features set the output's.
  { type: 'Attention', params: { useScale: true }, inputs: [[null, 3, 4], [null, 9, 4]] },
  // A separate key: scores come from query·key, the average from the value.
  { type: 'Attention', params: { causal: true, dropout: 0.2 }, inputs: [[null, 5, 4], [null, 5, 7], [null, 5, 4]] },
  // Free sequence lengths stay free.
  { type: 'Attention', params: { useScale: true }, inputs: [[null, null, 16], [null, null, 16]] },
];

export const transformerCases: AgreementCase[] = [
  // Self-attention: four heads of 8 over a 16-feature sequence; output keeps the query's features.
  { type: 'MultiHeadAttention', params: { numHeads: 4, keyDim: 8 }, inputs: [[null, 10, 16], [null, 10, 16]] },
  // Cross-attention with a separate key, different value size, no biases, a set output size and the weights out.
  {
    type: 'MultiHeadAttention',
    params: { numHeads: 2, keyDim: 3, valueDim: 5, useBias: false, outputDim: 7, returnAttentionScores: true },
    inputs: [[null, 4, 6], [null, 9, 10], [null, 9, 8]],
  },
  { type: 'MultiHeadAttention', params: { numHeads: 3, keyDim: 4, causal: true, dropout: 0.1 }, inputs: [[null, 5, 12], [null, 5, 12]] },
  { type: 'PositionalEmbedding', params: { maxLength: 20 }, inputs: [[null, 12, 8]] },
  { type: 'SinusoidalPositionalEncoding', params: {}, inputs: [[null, 12, 8]] },
  { type: 'SinusoidalPositionalEncoding', params: {}, inputs: [[null, null, 6]] },
  { type: 'PatchEmbedding', params: { patchSize: 4, embedDim: 16 }, inputs: [[null, 28, 28, 1]] },
  { type: 'PatchEmbedding', params: { patchSize: 2, embedDim: 8, classToken: true }, inputs: [[null, 8, 6, 3]] },
  { type: 'TakeStep', params: { index: 0 }, inputs: [[null, 9, 8]] },
  { type: 'TakeStep', params: { index: -1 }, inputs: [[null, 9, 8]] },
  { type: 'AdditiveAttention', params: {}, inputs: [[null, 3, 4], [null, 7, 4]] },
  { type: 'AdditiveAttention', params: { useScale: false, causal: true }, inputs: [[null, 5, 4], [null, 5, 6], [null, 5, 4]] },
];
