import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'Bidirectional', params: {}, inputs: [[null, 5, 3]] },
  { type: 'Bidirectional', params: { layer: { type: 'LSTM', params: { units: 4, returnSequences: true } }, mergeMode: 'sum' }, inputs: [[null, 6, 2]] },
  { type: 'Bidirectional', params: { layer: { type: 'GRU', params: { units: 3 } }, mergeMode: 'mul' }, inputs: [[null, 4, 5]] },
  { type: 'Bidirectional', params: { layer: { type: 'SimpleRNN', params: { units: 2, returnSequences: true } }, mergeMode: 'ave' }, inputs: [[null, null, 3]] },
  { type: 'Bidirectional', params: { layer: { type: 'LSTM', params: { units: 3, returnState: true }, name: 'encoder' } }, inputs: [[null, 5, 4]] },
  { type: 'Bidirectional', params: { layer: { type: 'GRU', params: { units: 2, returnState: true, returnSequences: true } }, mergeMode: 'sum' }, inputs: [[null, 5, 4]] },
  { type: 'Bidirectional', params: { layer: { type: 'GRU', params: { units: 3, resetAfter: true } } }, inputs: [[null, 5, 4]] },
];
