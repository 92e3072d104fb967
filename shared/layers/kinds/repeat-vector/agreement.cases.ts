import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'RepeatVector', params: { n: 4 }, inputs: [[null, 6]] },
  { type: 'RepeatVector', params: {}, inputs: [[null, 1]] },
];
