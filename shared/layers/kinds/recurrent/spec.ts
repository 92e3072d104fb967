import type { z } from 'zod';
import { initializerKeys, readKerasConfig, regularizerKeys, type KerasConfigReader } from '../../keras-config';
import { activationFromKeras } from '../../params';
import { gruParams, lstmParams, recurrentInput, recurrentOutputs, recurrentParamCount, simpleRnnParams, STATE_NAMES, type RecurrentParams, type RecurrentType } from '../../recurrence';
import { isInferFailure, ok } from '../../shape-utils';
import { defineSpec, type LayerSpec } from '../../types';

const KERAS_RECURRENT_KEYS = [
  'units',
  'activation',
  'recurrent_activation',
  'use_bias',
  'unit_forget_bias',
  ...initializerKeys('kernel', 'recurrent', 'bias'),
  ...regularizerKeys('kernel', 'recurrent', 'bias'),
  'dropout',
  'recurrent_dropout',
  'return_sequences',
  'return_state',
  'go_backwards',
  'stateful',
  'unroll',
  'time_major',
  'reset_after',
  // Execution choices that do not change what is computed.
  'implementation',
  'use_cudnn',
  'seed',
  'zero_output_for_mask',
];

function recurrentFromKeras(type: RecurrentType, c: KerasConfigReader, className: string): Record<string, unknown> {
  c.refuseUnless(
    'stateful',
    (v) => v === false || v === null,
    'a stateful layer carries its state from batch to batch, which NN Designer does not train — rebuild it with stateful=False',
  );
  c.refuseUnless('time_major', (v) => v === false || v === null, 'NN Designer reads sequences as [batch, steps, features] — rebuild it with time_major=False');
  // Keras 3 (the one that writes dtype as a DTypePolicy object) redefined hard_sigmoid as
  // relu6(x + 3) / 6; tfjs computes Keras 2's 0.2·x + 0.5, so the imported layer would differ.
  if (typeof c.raw('dtype') === 'object' && c.raw('dtype') !== null)
    for (const key of ['activation', 'recurrent_activation'])
      c.refuseUnless(
        key,
        (v) => v !== 'hard_sigmoid',
        'Keras 3’s hard_sigmoid is relu6(x + 3) / 6, TensorFlow.js’s is Keras 2’s 0.2·x + 0.5 — rebuild the layer with sigmoid',
      );
  const params: Record<string, unknown> = {
    units: c.requiredInt('units'),
    // CuDNN layers write no activations: theirs are fixed to tanh and sigmoid.
    activation: activationFromKeras(c.raw('activation') ?? 'tanh'),
    useBias: c.boolean('use_bias', true),
    returnSequences: c.boolean('return_sequences', false),
    returnState: c.boolean('return_state', false),
    dropout: c.number('dropout', 0),
    recurrentDropout: c.number('recurrent_dropout', 0),
    goBackwards: c.boolean('go_backwards', false),
  };
  if (type !== 'SimpleRNN') params.recurrentActivation = activationFromKeras(c.raw('recurrent_activation') ?? 'sigmoid');
  if (type === 'LSTM') params.unitForgetBias = c.boolean('unit_forget_bias', true);
  // Configs from before Keras 2.1 have no reset_after, which means False; CuDNNGRU always resets after.
  if (type === 'GRU') params.resetAfter = className === 'CuDNNGRU' || c.boolean('reset_after', false);
  return params;
}

function recurrentKind<S extends z.ZodObject>(
  type: RecurrentType,
  order: number,
  label: string,
  doc: string,
  params: S,
  kerasClasses: string[],
): LayerSpec<S> {
  return defineSpec({
    type,
    order,
    family: 'Recurrent',
    label,
    doc,
    params,
    inputs: [{ name: 'in' }],
    outputs: [{ name: 'out' }, ...STATE_NAMES[type].map((name) => ({ name, optional: true }))],
    inferShape(inputs, p) {
      const x = recurrentInput(inputs, type);
      if (isInferFailure(x)) return x;
      return ok(...recurrentOutputs(type, x, p as RecurrentParams));
    },
    countParams: (inputs, p) => recurrentParamCount(type, inputs[0]![2]!, p as RecurrentParams),
    keras: {
      classNames: kerasClasses,
      fromConfig: (config, _ctx, className) => recurrentFromKeras(type, readKerasConfig(className, config, KERAS_RECURRENT_KEYS), className),
    },
  });
}

export const simpleRnnSpec = recurrentKind(
  'SimpleRNN',
  320,
  'Simple RNN',
  'A plain recurrent layer: each step mixes the input with the previous output.',
  simpleRnnParams,
  ['SimpleRNN'],
);

export const lstmSpec = recurrentKind(
  'LSTM',
  330,
  'LSTM',
  'Long short-term memory: a gated recurrent layer that keeps a cell state over long sequences.',
  lstmParams,
  // CuDNNLSTM (Keras 2 on GPU) computes the same function; its bias is split in two halves
  // that sum to ours, which is a matter for weight import, not for the graph.
  ['LSTM', 'CuDNNLSTM'],
);

export const gruSpec = recurrentKind(
  'GRU',
  340,
  'GRU',
  'Gated recurrent unit: a lighter gated recurrent layer than the LSTM.',
  gruParams,
  // NndResetAfterGRU is our own class for resetAfter, as written into the model.json files we export.
  ['GRU', 'CuDNNGRU', 'NndResetAfterGRU'],
);

export const specs = [simpleRnnSpec, lstmSpec, gruSpec];
