import * as tf from '@tensorflow/tfjs';
import type { z } from 'zod';
import { FastGRU, FastLSTM, FastSimpleRNN, ResetAfterGRU } from '../../custom';
import { tfjsBuilder } from '../../tfjs-types';
import { gruSpec, lstmSpec, simpleRnnSpec, type gruParams, type lstmParams, type RecurrentParams, type RecurrentType } from './spec';

/** The tfjs layer; Keras's initializers are passed explicitly because tfjs's defaults differ. */
function recurrentToTfjs(type: RecurrentType, p: RecurrentParams, name: string): tf.RNN {
  const common = {
    name,
    units: p.units,
    activation: p.activation,
    useBias: p.useBias,
    returnSequences: p.returnSequences,
    returnState: p.returnState,
    dropout: p.dropout,
    recurrentDropout: p.recurrentDropout,
    goBackwards: p.goBackwards,
    kernelInitializer: 'glorotUniform' as const,
    recurrentInitializer: 'orthogonal' as const,
  };
  // The Fast classes are tfjs's own (same class names and weights) with a fused sequence op.
  if (type === 'SimpleRNN') return new FastSimpleRNN(common) as unknown as tf.RNN;
  if (type === 'GRU') {
    const gru = p as z.output<typeof gruParams>;
    if (!gru.resetAfter) return new FastGRU({ ...common, recurrentActivation: gru.recurrentActivation }) as unknown as tf.RNN;
    const { kernelInitializer: _kernel, recurrentInitializer: _recurrent, ...args } = common;
    return new ResetAfterGRU({ ...args, recurrentActivation: gru.recurrentActivation });
  }
  const lstm = p as z.output<typeof lstmParams>;
  return new FastLSTM({ ...common, recurrentActivation: lstm.recurrentActivation, unitForgetBias: lstm.unitForgetBias }) as unknown as tf.RNN;
}

export const tfjsBuilders = [
  tfjsBuilder(simpleRnnSpec, (p, name) => recurrentToTfjs('SimpleRNN', p as RecurrentParams, name)),
  tfjsBuilder(lstmSpec, (p, name) => recurrentToTfjs('LSTM', p as RecurrentParams, name)),
  tfjsBuilder(gruSpec, (p, name) => recurrentToTfjs('GRU', p as RecurrentParams, name)),
];
