import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'ZeroPadding2D', params: {}, inputs: [[null, 28, 28, 1]] },
  { type: 'ZeroPadding2D', params: { padding: [[0, 1], [0, 1]] }, inputs: [[null, 112, 112, 16]] },
  { type: 'ZeroPadding2D', params: { padding: [2, 3] }, inputs: [[null, 5, 7, 3]] },
  { type: 'ZeroPadding2D', params: { padding: 2 }, inputs: [[null, null, 4, 2]] },
  { type: 'ZeroPadding2D', params: { padding: [[3, 0], [1, 2]] }, inputs: [[null, 6, 6, 1]] },
];
