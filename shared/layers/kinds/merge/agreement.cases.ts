import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'Add', params: {}, inputs: [[null, 4], [null, 4]] },
  { type: 'Add', params: {}, inputs: [[null, 8, 8, 3], [null, 8, 8, 3], [null, 8, 8, 3]] },
  { type: 'Add', params: {}, inputs: [[null, null, 5], [null, 7, 5]] },
  { type: 'Multiply', params: {}, inputs: [[null, 6, 6, 4], [null, 1, 1, 4]] },
  { type: 'Multiply', params: {}, inputs: [[null, 3], [null, 3]] },
  { type: 'Average', params: {}, inputs: [[null, 5, 2], [null, 5, 2]] },
  { type: 'Average', params: {}, inputs: [[null, 3], [null, 3], [null, 3], [null, 3]] },
  { type: 'Maximum', params: {}, inputs: [[null, 4], [null, 4]] },
  { type: 'Maximum', params: {}, inputs: [[null, 3, 3, 2], [null, 1, 1, 2], [null, 3, 3, 2]] },
  { type: 'Minimum', params: {}, inputs: [[null, 5, 2], [null, 5, 2]] },
  { type: 'Concatenate', params: {}, inputs: [[null, 3], [null, 5]] },
  { type: 'Concatenate', params: {}, inputs: [[null, 4, 4, 2], [null, 4, 4, 6], [null, 4, 4, 1]] },
  { type: 'Concatenate', params: { axis: 1 }, inputs: [[null, 3, 8], [null, 5, 8]] },
  { type: 'Concatenate', params: { axis: 1 }, inputs: [[null, null, 8], [null, 5, 8]] },
  { type: 'Concatenate', params: { axis: -2 }, inputs: [[null, 2, 6, 3], [null, 2, 4, 3]] },
  { type: 'Concatenate', params: { axis: 2 }, inputs: [[null, null, 6], [null, null, 4]] },
];
