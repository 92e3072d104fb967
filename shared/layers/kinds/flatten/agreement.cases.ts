import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'Flatten', params: {}, inputs: [[null, 28, 28, 1]] },
  { type: 'Flatten', params: {}, inputs: [[null, 5, 7]] },
];
