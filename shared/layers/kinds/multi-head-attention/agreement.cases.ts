import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  // Self-attention: four heads of 8 over a 16-feature sequence; output keeps the query's features.
  { type: 'MultiHeadAttention', params: { numHeads: 4, keyDim: 8 }, inputs: [[null, 10, 16], [null, 10, 16]] },
  // Cross-attention with a separate key, different value size, no biases, a set output size and the weights out.
  {
    type: 'MultiHeadAttention',
    params: { numHeads: 2, keyDim: 3, valueDim: 5, useBias: false, outputDim: 7, returnAttentionScores: true },
    inputs: [[null, 4, 6], [null, 9, 10], [null, 9, 8]],
  },
  { type: 'MultiHeadAttention', params: { numHeads: 3, keyDim: 4, causal: true, dropout: 0.1 }, inputs: [[null, 5, 12], [null, 5, 12]] },
];
