import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'Dropout', params: { rate: 0.3 }, inputs: [[null, 12]] },
  { type: 'Dropout', params: {}, inputs: [[null, null, 8]] },
  { type: 'Dropout', params: { rate: 0 }, inputs: [[null, 4, 4, 3]] },
];
