import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'UpSampling2D', params: {}, inputs: [[null, 7, 7, 8]] },
  { type: 'UpSampling2D', params: { size: [3, 2] }, inputs: [[null, 5, 4, 2]] },
  { type: 'UpSampling2D', params: { size: [2, 2], interpolation: 'bilinear' }, inputs: [[null, null, null, 3]] },
];
