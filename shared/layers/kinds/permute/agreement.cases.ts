import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'Permute', params: { dims: [2, 1] }, inputs: [[null, 5, 3]] },
  { type: 'Permute', params: { dims: [3, 1, 2] }, inputs: [[null, 4, 6, 2]] },
  { type: 'Permute', params: { dims: [2, 1] }, inputs: [[null, null, 3]] },
];
