import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'BatchNormalization', params: {}, inputs: [[null, 6]] },
  { type: 'BatchNormalization', params: { momentum: 0.9, epsilon: 1e-5 }, inputs: [[null, 8, 8, 3]] },
  { type: 'BatchNormalization', params: { axis: 3 }, inputs: [[null, 5, 5, 4]] },
  { type: 'BatchNormalization', params: { axis: 1 }, inputs: [[null, 7, 2]] },
  { type: 'BatchNormalization', params: { center: false }, inputs: [[null, 10, 5]] },
  { type: 'BatchNormalization', params: { scale: false }, inputs: [[null, 9]] },
  { type: 'BatchNormalization', params: { center: false, scale: false }, inputs: [[null, null, 4]] },
];
