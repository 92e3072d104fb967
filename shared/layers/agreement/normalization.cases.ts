import type { AgreementCase } from './harness';

export const normalizationCases: AgreementCase[] = [
  { type: 'BatchNormalization', params: {}, inputs: [[null, 6]] },
  { type: 'BatchNormalization', params: { momentum: 0.9, epsilon: 1e-5 }, inputs: [[null, 8, 8, 3]] },
  { type: 'BatchNormalization', params: { axis: 3 }, inputs: [[null, 5, 5, 4]] },
  { type: 'BatchNormalization', params: { axis: 1 }, inputs: [[null, 7, 2]] },
  { type: 'BatchNormalization', params: { center: false }, inputs: [[null, 10, 5]] },
  { type: 'BatchNormalization', params: { scale: false }, inputs: [[null, 9]] },
  { type: 'BatchNormalization', params: { center: false, scale: false }, inputs: [[null, null, 4]] },
  { type: 'LayerNormalization', params: {}, inputs: [[null, 6]] },
  { type: 'LayerNormalization', params: { epsilon: 1e-6 }, inputs: [[null, null, 16]] },
  { type: 'LayerNormalization', params: { axis: 1 }, inputs: [[null, 5, 3]] },
  { type: 'LayerNormalization', params: { center: false }, inputs: [[null, 4, 4, 8]] },
  { type: 'LayerNormalization', params: { scale: false, center: false }, inputs: [[null, 12]] },
];
