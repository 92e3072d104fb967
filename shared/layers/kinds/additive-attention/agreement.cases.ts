import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'AdditiveAttention', params: {}, inputs: [[null, 3, 4], [null, 7, 4]] },
  { type: 'AdditiveAttention', params: { useScale: false, causal: true }, inputs: [[null, 5, 4], [null, 5, 6], [null, 5, 4]] },
];
