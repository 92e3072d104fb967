import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'LayerNormalization', params: {}, inputs: [[null, 6]] },
  { type: 'LayerNormalization', params: { epsilon: 1e-6 }, inputs: [[null, null, 16]] },
  { type: 'LayerNormalization', params: { axis: 1 }, inputs: [[null, 5, 3]] },
  { type: 'LayerNormalization', params: { center: false }, inputs: [[null, 4, 4, 8]] },
  { type: 'LayerNormalization', params: { scale: false, center: false }, inputs: [[null, 12]] },
];
