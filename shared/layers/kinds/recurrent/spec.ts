import { z } from 'zod';
import { initializerKeys, readKerasConfig, regularizerKeys, type KerasConfigReader } from '../../keras-config';
import { activation, activationFromKeras, dropRate, positiveInt } from '../../params';
import { recurrentInput } from '../../recurrence';
import { isInferFailure, ok } from '../../shape-utils';
import { defineSpec, type LayerSpec, type ParamCount, type Shape } from '../../types';

export type RecurrentType = 'LSTM' | 'GRU' | 'SimpleRNN';

/** Weight blocks per unit: LSTM has input, forget, cell and output gates; GRU update, reset and candidate. */
const GATES: Record<RecurrentType, number> = { SimpleRNN: 1, GRU: 3, LSTM: 4 };

/** The state outputs after `out` when returnState is on, in the order tfjs returns them. */
const STATE_NAMES: Record<RecurrentType, string[]> = {
  SimpleRNN: ['hiddenState'],
  GRU: ['hiddenState'],
  LSTM: ['hiddenState', 'cellState'],
};

const commonParams = {
  units: positiveInt(32),
  activation: activation('tanh'),
  useBias: z.boolean().default(true),
  returnSequences: z.boolean().default(false).describe('output every step [batch, steps, units] instead of only the last [batch, units]'),
  returnState: z.boolean().default(false).describe('also output the final state(s), e.g. to start a decoder'),
  dropout: dropRate(0).describe('fraction of the inputs dropped while training'),
  recurrentDropout: dropRate(0).describe('fraction of the recurrent connections dropped while training'),
  goBackwards: z.boolean().default(false).describe('read the sequence from its end to its start'),
};

export const simpleRnnParams = z.object(commonParams);
export const gruParams = z.object({
  ...commonParams,
  recurrentActivation: activation('sigmoid'),
  // On is Keras's default since TensorFlow 2 (and the CuDNN GRU); tfjs has only the original, off.
  resetAfter: z
    .boolean()
    .default(false)
    .describe('apply the reset gate after the recurrent matrix product, with separate input and recurrent biases (Keras 2.1+ default)'),
});
export const lstmParams = z.object({
  ...commonParams,
  recurrentActivation: activation('sigmoid'),
  unitForgetBias: z.boolean().default(true).describe('start the forget gate’s bias at 1, so the cell remembers by default'),
});

export type RecurrentParams = z.output<typeof lstmParams> | z.output<typeof gruParams> | z.output<typeof simpleRnnParams>;

/** Output shapes of a recurrent layer on a checked [batch, steps, features] input: out, then states. */
function recurrentOutputs(type: RecurrentType, x: Shape, p: RecurrentParams): Shape[] {
  const out: Shape = p.returnSequences ? [x[0]!, x[1]!, p.units] : [x[0]!, p.units];
  const states = p.returnState ? STATE_NAMES[type].map((): Shape => [x[0]!, p.units]) : [];
  return [out, ...states];
}

function recurrentParamCount(type: RecurrentType, features: number, p: RecurrentParams): ParamCount {
  const resetAfter = type === 'GRU' && (p as z.output<typeof gruParams>).resetAfter;
  // With resetAfter the recurrent product has a bias of its own.
  const biasesPerGate = p.useBias ? (resetAfter ? 2 : 1) : 0;
  const perGate = p.units * (features + p.units) + biasesPerGate * p.units;
  return { trainable: GATES[type] * perGate, nonTrainable: 0 };
}

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

function recurrentKind<S extends z.ZodObject>({
  type,
  order,
  label,
  doc,
  params,
  kerasClasses,
}: {
  type: RecurrentType;
  order: number;
  label: string;
  doc: string;
  params: S;
  kerasClasses: string[];
}): LayerSpec<S> {
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

export const simpleRnnSpec = recurrentKind({
  type: 'SimpleRNN',
  order: 320,
  label: 'Simple RNN',
  doc: 'A plain recurrent layer: each step mixes the input with the previous output.',
  params: simpleRnnParams,
  kerasClasses: ['SimpleRNN'],
});

export const lstmSpec = recurrentKind({
  type: 'LSTM',
  order: 330,
  label: 'LSTM',
  doc: 'Long short-term memory: a gated recurrent layer that keeps a cell state over long sequences.',
  params: lstmParams,
  // CuDNNLSTM (Keras 2 on GPU) computes the same function; its bias is split in two halves
  // that sum to ours, which is a matter for weight import, not for the graph.
  kerasClasses: ['LSTM', 'CuDNNLSTM'],
});

export const gruSpec = recurrentKind({
  type: 'GRU',
  order: 340,
  label: 'GRU',
  doc: 'Gated recurrent unit: a lighter gated recurrent layer than the LSTM.',
  params: gruParams,
  // NndResetAfterGRU is our own class for resetAfter, as written into the model.json files we export.
  kerasClasses: ['GRU', 'CuDNNGRU', 'NndResetAfterGRU'],
});

export const specs = [simpleRnnSpec, lstmSpec, gruSpec];
