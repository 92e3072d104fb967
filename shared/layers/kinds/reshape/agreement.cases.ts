import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'Reshape', params: { targetShape: [28, 28, 1] }, inputs: [[null, 784]] },
  { type: 'Reshape', params: { targetShape: [-1, 4] }, inputs: [[null, 6, 6]] },
  { type: 'Reshape', params: { targetShape: [3, -1] }, inputs: [[null, 2, 3, 5]] },
  { type: 'Reshape', params: { targetShape: [-1] }, inputs: [[null, 3, 3, 2]] },
  { type: 'Reshape', params: { targetShape: [4, 2] }, inputs: [[null, null, 8]] },
  { type: 'Reshape', params: { targetShape: [-1, 2] }, inputs: [[null, null, 8]] },
];
