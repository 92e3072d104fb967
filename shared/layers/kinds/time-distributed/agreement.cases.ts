import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'TimeDistributed', params: {}, inputs: [[null, 5, 3]] },
  { type: 'TimeDistributed', params: { layer: { type: 'Dense', params: { units: 7, activation: 'softmax' } } }, inputs: [[null, null, 6]] },
  { type: 'TimeDistributed', params: { layer: { type: 'Conv2D', params: { filters: 2, kernelSize: [3, 3] } } }, inputs: [[null, 4, 8, 8, 3]] },
  { type: 'TimeDistributed', params: { layer: { type: 'Flatten', params: {} } }, inputs: [[null, 3, 4, 5]] },
  { type: 'TimeDistributed', params: { layer: { type: 'BatchNormalization', params: {} } }, inputs: [[null, 6, 4]] },
];
