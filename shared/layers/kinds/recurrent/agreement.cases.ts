import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  { type: 'SimpleRNN', params: { units: 5 }, inputs: [[null, 7, 3]] },
  { type: 'SimpleRNN', params: { units: 4, returnSequences: true, useBias: false, activation: 'relu' }, inputs: [[null, null, 2]] },
  { type: 'SimpleRNN', params: { units: 3, returnState: true, goBackwards: true }, inputs: [[null, 6, 4]] },
  { type: 'LSTM', params: { units: 6 }, inputs: [[null, 10, 4]] },
  { type: 'LSTM', params: { units: 3, returnSequences: true }, inputs: [[null, null, 5]] },
  { type: 'LSTM', params: { units: 4, returnState: true }, inputs: [[null, 8, 2]] },
  { type: 'LSTM', params: { units: 2, returnSequences: true, returnState: true, useBias: false, dropout: 0.2, recurrentDropout: 0.1 }, inputs: [[null, 5, 3]] },
  { type: 'GRU', params: { units: 5 }, inputs: [[null, 9, 3]] },
  { type: 'GRU', params: { units: 4, returnSequences: true, recurrentActivation: 'hardSigmoid', goBackwards: true }, inputs: [[null, 6, 2]] },
  { type: 'GRU', params: { units: 3, returnState: true, useBias: false }, inputs: [[null, null, 7]] },
  { type: 'GRU', params: { units: 4, resetAfter: true }, inputs: [[null, 6, 3]] },
  { type: 'GRU', params: { units: 3, resetAfter: true, returnSequences: true, returnState: true, goBackwards: true }, inputs: [[null, null, 2]] },
  { type: 'GRU', params: { units: 2, resetAfter: true, useBias: false }, inputs: [[null, 5, 4]] },
];
