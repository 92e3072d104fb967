import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'Dense', params: { units: 5 }, inputs: [[null, 3]] },
  { type: 'Dense', params: { units: 7, useBias: false, activation: 'relu' }, inputs: [[null, 12]] },
  { type: 'Dense', params: { units: 4, activation: 'gelu' }, inputs: [[null, 10, 6]] },
];
