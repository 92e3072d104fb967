import { construct, kwargs, type KerasKeywords, type KerasLayerEmitter } from '../../../codegen/keras';

const RECURRENT: KerasKeywords = {
  activation: ['activation', 'tanh'],
  recurrentActivation: ['recurrent_activation', 'sigmoid'],
  useBias: ['use_bias', true],
  returnSequences: ['return_sequences', false],
  returnState: ['return_state', false],
  goBackwards: ['go_backwards', false],
  dropout: ['dropout', 0],
  recurrentDropout: ['recurrent_dropout', 0],
  unitForgetBias: ['unit_forget_bias', true],
  resetAfter: ['reset_after', true],
};

// Keras's classes have our names.
const recurrent = (type: string): KerasLayerEmitter => ({ type, layer: (p, _ctx, name) => construct(`layers.${type}`, [String(p.units), ...kwargs(p, RECURRENT)], name) });

export const kerasEmitters: KerasLayerEmitter[] = [
  recurrent('SimpleRNN'),
  recurrent('LSTM'),
  {
    type: 'GRU',
    // Keras's GRU resets after by default, NN Designer's (like tfjs's) before: always say which.
    layer: (p, _ctx, name) =>
      construct('layers.GRU', [String(p.units), ...kwargs({ ...p, resetAfter: p.resetAfter ?? false }, { ...RECURRENT, resetAfter: ['reset_after', undefined] })], name),
  },
];
