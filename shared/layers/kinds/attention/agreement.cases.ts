import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  // Self-attention over one sequence: query and value are the same shape.
  { type: 'Attention', params: {}, inputs: [[null, 6, 8], [null, 6, 8]] },
  // Decoder steps attend over encoder steps; the value's features set the output's.
  { type: 'Attention', params: { useScale: true }, inputs: [[null, 3, 4], [null, 9, 4]] },
  // A separate key: scores come from query·key, the average from the value.
  { type: 'Attention', params: { causal: true, dropout: 0.2 }, inputs: [[null, 5, 4], [null, 5, 7], [null, 5, 4]] },
  // Free sequence lengths stay free.
  { type: 'Attention', params: { useScale: true }, inputs: [[null, null, 16], [null, null, 16]] },
];
