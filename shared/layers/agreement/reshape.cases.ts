import type { AgreementCase } from './harness';

export const reshapeCases: AgreementCase[] = [
  { type: 'Flatten', params: {}, inputs: [[null, 28, 28, 1]] },
  { type: 'Flatten', params: {}, inputs: [[null, 5, 7]] },
  { type: 'Reshape', params: { targetShape: [28, 28, 1] }, inputs: [[null, 784]] },
  { type: 'Reshape', params: { targetShape: [-1, 4] }, inputs: [[null, 6, 6]] },
  { type: 'Reshape', params: { targetShape: [3, -1] }, inputs: [[null, 2, 3, 5]] },
  { type: 'Reshape', params: { targetShape: [-1] }, inputs: [[null, 3, 3, 2]] },
  { type: 'Reshape', params: { targetShape: [4, 2] }, inputs: [[null, null, 8]] },
  { type: 'Reshape', params: { targetShape: [-1, 2] }, inputs: [[null, null, 8]] },
  { type: 'Permute', params: { dims: [2, 1] }, inputs: [[null, 5, 3]] },
  { type: 'Permute', params: { dims: [3, 1, 2] }, inputs: [[null, 4, 6, 2]] },
  { type: 'Permute', params: { dims: [2, 1] }, inputs: [[null, null, 3]] },
  { type: 'RepeatVector', params: { n: 4 }, inputs: [[null, 6]] },
  { type: 'RepeatVector', params: {}, inputs: [[null, 1]] },
];
