import type { AgreementCase } from './harness';

const ids = { dtype: 'int32' as const };

export const sequenceCases: AgreementCase[] = [
  { type: 'Embedding', params: { inputDim: 50, outputDim: 8 }, inputs: [[null, 10]], ...ids },
  { type: 'Embedding', params: { inputDim: 20, outputDim: 3, maskZero: true }, inputs: [[null, null]], ...ids },
  { type: 'Embedding', params: { inputDim: 30, outputDim: 4, inputLength: 6 }, inputs: [[null, 6]], ...ids },
  { type: 'Embedding', params: { inputDim: 30, outputDim: 4, inputLength: 6 }, inputs: [[null, null]], ...ids },

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

  { type: 'Bidirectional', params: {}, inputs: [[null, 5, 3]] },
  { type: 'Bidirectional', params: { layer: { type: 'LSTM', params: { units: 4, returnSequences: true } }, mergeMode: 'sum' }, inputs: [[null, 6, 2]] },
  { type: 'Bidirectional', params: { layer: { type: 'GRU', params: { units: 3 } }, mergeMode: 'mul' }, inputs: [[null, 4, 5]] },
  { type: 'Bidirectional', params: { layer: { type: 'SimpleRNN', params: { units: 2, returnSequences: true } }, mergeMode: 'ave' }, inputs: [[null, null, 3]] },
  { type: 'Bidirectional', params: { layer: { type: 'LSTM', params: { units: 3, returnState: true }, name: 'encoder' } }, inputs: [[null, 5, 4]] },
  { type: 'Bidirectional', params: { layer: { type: 'GRU', params: { units: 2, returnState: true, returnSequences: true } }, mergeMode: 'sum' }, inputs: [[null, 5, 4]] },
  { type: 'Bidirectional', params: { layer: { type: 'GRU', params: { units: 3, resetAfter: true } } }, inputs: [[null, 5, 4]] },

  { type: 'TimeDistributed', params: {}, inputs: [[null, 5, 3]] },
  { type: 'TimeDistributed', params: { layer: { type: 'Dense', params: { units: 7, activation: 'softmax' } } }, inputs: [[null, null, 6]] },
  { type: 'TimeDistributed', params: { layer: { type: 'Conv2D', params: { filters: 2, kernelSize: [3, 3] } } }, inputs: [[null, 4, 8, 8, 3]] },
  { type: 'TimeDistributed', params: { layer: { type: 'Flatten', params: {} } }, inputs: [[null, 3, 4, 5]] },
  { type: 'TimeDistributed', params: { layer: { type: 'BatchNormalization', params: {} } }, inputs: [[null, 6, 4]] },
];
