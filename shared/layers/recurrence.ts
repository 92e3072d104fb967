import { z } from 'zod';
import { activation, fraction, positiveInt } from './params';
import { shapeError, shapeHint } from './shape-errors';
import { expectRank, fail, formatShape, isInferFailure, singleInput } from './shape-utils';
import type { InferResult, ParamCount, Shape } from './types';

/**
 * What a recurrent layer is, shape-wise: shared by the recurrent kinds and the
 * Bidirectional wrapper, which runs one of them in each direction.
 */
export const RECURRENT_TYPES = ['LSTM', 'GRU', 'SimpleRNN'] as const;
export type RecurrentType = (typeof RECURRENT_TYPES)[number];

/** Weight blocks per unit: LSTM has input, forget, cell and output gates; GRU update, reset and candidate. */
const GATES: Record<RecurrentType, number> = { SimpleRNN: 1, GRU: 3, LSTM: 4 };

/** The state outputs after `out` when returnState is on, in the order tfjs returns them. */
export const STATE_NAMES: Record<RecurrentType, string[]> = {
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
  dropout: fraction(0).describe('fraction of the inputs dropped while training'),
  recurrentDropout: fraction(0).describe('fraction of the recurrent connections dropped while training'),
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

/** Shape of the step input a recurrent layer reads: [batch, steps, features] with known features. */
export function recurrentInput(inputs: Shape[], label: string): Shape | InferResult {
  const x = singleInput(inputs, label);
  if (isInferFailure(x)) return x;
  const hint = x.length === 2 ? shapeHint('reshapeOrEmbedding', { target: `[${x[1] ?? 'steps'}, 1]` }) : shapeHint('reshapeToStepsFeatures');
  const wrongRank = expectRank(x, 3, label, '[batch, steps, features]', hint);
  if (wrongRank) return wrongRank;
  if (x[2] === null)
    return fail(shapeError('unknownStepFeatures', { layer: label, shape: formatShape(x) }), 'in');
  return x;
}

/** Output shapes of a recurrent layer on a checked [batch, steps, features] input: out, then states. */
export function recurrentOutputs(type: RecurrentType, x: Shape, p: RecurrentParams): Shape[] {
  const out: Shape = p.returnSequences ? [x[0]!, x[1]!, p.units] : [x[0]!, p.units];
  const states = p.returnState ? STATE_NAMES[type].map((): Shape => [x[0]!, p.units]) : [];
  return [out, ...states];
}

export function recurrentParamCount(type: RecurrentType, features: number, p: RecurrentParams): ParamCount {
  const resetAfter = type === 'GRU' && (p as z.output<typeof gruParams>).resetAfter;
  // With resetAfter the recurrent product has a bias of its own.
  const biasesPerGate = p.useBias ? (resetAfter ? 2 : 1) : 0;
  const perGate = p.units * (features + p.units) + biasesPerGate * p.units;
  return { trainable: GATES[type] * perGate, nonTrainable: 0 };
}
