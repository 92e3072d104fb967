import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'SinusoidalPositionalEncoding', params: {}, inputs: [[null, 12, 8]] },
  { type: 'SinusoidalPositionalEncoding', params: {}, inputs: [[null, null, 6]] },
];
