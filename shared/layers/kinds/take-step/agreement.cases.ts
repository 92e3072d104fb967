import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'TakeStep', params: { index: 0 }, inputs: [[null, 9, 8]] },
  { type: 'TakeStep', params: { index: -1 }, inputs: [[null, 9, 8]] },
];
