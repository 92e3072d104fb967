import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'PositionalEmbedding', params: { maxLength: 20 }, inputs: [[null, 12, 8]] },
];
