import * as tf from '@tensorflow/tfjs';
import { fusedGru, fusedLstm, fusedResetAfterGru, fusedSimpleRnn, isFusableActivation, type FusableActivation, type FusedRecurrenceOptions, type RecurrenceExtras } from './fused-recurrence';
import { ownMask } from './own-mask';
import { tfjsLayerClass } from './tfjs-class';

type Kwargs = Parameters<tf.layers.Layer['call']>[1];

/** The fields of tfjs's RNN layers and cells the fast path reads (tfjs does not export the classes). */
interface RecurrentInternals {
  returnSequences: boolean;
  returnState: boolean;
  goBackwards: boolean;
  stateful: boolean;
  cell: {
    units: number;
    dropout: number;
    recurrentDropout: number;
    useBias: boolean;
    activation: tf.serialization.Serializable;
    recurrentActivation?: tf.serialization.Serializable;
    kernel: tf.LayerVariable;
    recurrentKernel: tf.LayerVariable;
    bias: tf.LayerVariable | null;
    dropoutFunc?: unknown;
  };
}

/** The activation's registered name (tfjs-layers' Activation classes are named 'tanh', 'hardSigmoid', …). */
function activationName(activation: tf.serialization.Serializable | undefined): string {
  return activation ? activation.getClassName() : 'linear';
}

/** What the fused path needs from a call, or null when only the stock loop handles it. */
interface FastCall {
  x: tf.Tensor;
  mask: tf.Tensor | null;
  training: boolean;
  activation: FusableActivation;
  recurrentActivation: FusableActivation;
}

function fastCall(layer: RecurrentInternals, inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): FastCall | null {
  const x = Array.isArray(inputs) ? (inputs.length === 1 ? inputs[0]! : null) : inputs;
  if (!x || x.rank !== 3 || x.shape[1] === 0 || x.dtype !== 'float32') return null;
  if (layer.stateful || kwargs?.initialState != null || kwargs?.constants != null) return null;
  if (layer.cell.dropoutFunc != null) return null;
  const activation = activationName(layer.cell.activation);
  const recurrentActivation = activationName(layer.cell.recurrentActivation);
  if (!isFusableActivation(activation) || !isFusableActivation(recurrentActivation)) return null;
  const rawMask = Array.isArray(kwargs?.mask) ? kwargs.mask[0] : kwargs?.mask;
  return { x, mask: ownMask(x, rawMask as tf.Tensor | undefined) ?? null, training: Boolean(kwargs?.training), activation, recurrentActivation };
}

/**
 * Masks drawn as tfjs's cells draw them (generateDropoutMask with count `gates`), so the
 * random stream is consumed the same way and a seeded run drops the same units; like
 * tfjs, only the first of each set is applied.
 */
function dropoutMasks(layer: RecurrentInternals, batch: number, features: number, gates: number, training: boolean): { input: tf.Tensor | null; recurrent: tf.Tensor | null } {
  const { dropout, recurrentDropout, units } = layer.cell;
  const draw = (shape: number[], rate: number): tf.Tensor | null => {
    if (!(rate > 0 && rate < 1)) return null;
    if (!training) return null;
    const masks = Array.from({ length: gates }, () => tf.dropout(tf.ones(shape), rate));
    return masks[0]!;
  };
  const input = draw([batch, features], dropout);
  const recurrent = draw([batch, units], recurrentDropout);
  return { input, recurrent };
}

interface PreparedSequence {
  /** [steps·batch, features], time-major, in processing order, with input dropout applied. */
  x: tf.Tensor;
  extras: RecurrenceExtras;
  options: Omit<FusedRecurrenceOptions, 'appendCellState'>;
}

function prepareSequence(layer: RecurrentInternals, call: FastCall, gates: number): PreparedSequence {
  const [batch, steps, features] = call.x.shape as [number, number, number];
  const masks = dropoutMasks(layer, batch, features, gates, call.training);
  let x = call.x;
  if (masks.input) x = tf.mul(x, tf.expandDims(masks.input, 1));
  let timeMajor = tf.transpose(x, [1, 0, 2]);
  if (layer.goBackwards) timeMajor = tf.reverse(timeMajor, 0);
  const extras: RecurrenceExtras = {};
  if (call.mask) {
    let mask = tf.transpose(tf.cast(tf.cast(call.mask, 'bool'), 'float32'));
    if (layer.goBackwards) mask = tf.reverse(mask, 0);
    extras.mask = tf.reshape(mask, [steps * batch, 1]);
  }
  if (masks.recurrent) extras.recurrentDropoutMask = masks.recurrent;
  return {
    x: tf.reshape(timeMajor, [steps * batch, features]),
    extras,
    options: {
      steps,
      batch,
      units: layer.cell.units,
      activation: call.activation,
      recurrentActivation: call.recurrentActivation,
      returnSequences: layer.returnSequences,
    },
  };
}

/** [steps·batch, units] time-major back to [batch, steps, units], or the last state as it is. */
function layerOutput(layer: RecurrentInternals, hidden: tf.Tensor, steps: number, batch: number): tf.Tensor {
  if (!layer.returnSequences) return hidden;
  return tf.transpose(tf.reshape(hidden, [steps, batch, hidden.shape[1]!]), [1, 0, 2]);
}

/** A whole-sequence op of fused-recurrence.ts, on the prepared time-major input. */
type FusedOp = (
  options: FusedRecurrenceOptions,
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor | null,
  extras: RecurrenceExtras,
) => tf.Tensor;

/**
 * The layer's output exactly as tfjs's RNN.call returns it: the last state or every step,
 * then with returnState the final states (hidden; for the LSTM also the cell state).
 */
function runFused(layer: RecurrentInternals, call: FastCall, gates: number, op: FusedOp, hasCellState: boolean): tf.Tensor | tf.Tensor[] {
  return tf.tidy(() => {
    const { x, extras, options } = prepareSequence(layer, call, gates);
    const { steps, batch, units } = options;
    const cell = layer.cell;
    const appendCellState = hasCellState && layer.returnState;
    const result = op({ ...options, appendCellState }, x, cell.kernel.read(), cell.recurrentKernel.read(), cell.useBias ? cell.bias!.read() : null, extras);
    const hiddenRows = layer.returnSequences ? steps * batch : batch;
    const hidden = appendCellState ? tf.slice(result, [0, 0], [hiddenRows, units]) : result;
    const output = layerOutput(layer, hidden, steps, batch);
    if (!layer.returnState) return output;
    const lastHidden = layer.returnSequences ? tf.slice(hidden, [hiddenRows - batch, 0], [batch, units]) : hidden;
    if (!hasCellState) return [output, lastHidden];
    return [output, lastHidden, tf.slice(result, [hiddenRows, 0], [batch, units])];
  });
}

/**
 * One call of a fast recurrent layer: the fused op where `fastCall` accepts the
 * configuration, else tfjs's own step loop (`stock`). Records which one ran.
 */
function fusedOrStock(
  layer: { lastCallWasFused: boolean },
  inputs: tf.Tensor | tf.Tensor[],
  kwargs: Kwargs,
  gates: number,
  op: FusedOp,
  hasCellState: boolean,
  stock: (kwargs: Kwargs) => tf.Tensor | tf.Tensor[],
): tf.Tensor | tf.Tensor[] {
  const internals = layer as unknown as RecurrentInternals;
  const call = fastCall(internals, inputs, kwargs);
  layer.lastCallWasFused = call !== null;
  if (call) return runFused(internals, call, gates, op, hasCellState);
  // tfjs's own loop reads kwargs.mask too: a mask that is not this sequence's is taken away.
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  const rawMask = (Array.isArray(kwargs?.mask) ? kwargs.mask[0] : kwargs?.mask) as tf.Tensor | undefined;
  if (rawMask && !ownMask(x, rawMask)) kwargs = { ...kwargs, mask: undefined };
  return stock(kwargs);
}

const StockLSTM = tfjsLayerClass<Parameters<typeof tf.layers.lstm>[0]>(tf.layers.lstm({ units: 1 }));
const StockGRU = tfjsLayerClass<Parameters<typeof tf.layers.gru>[0]>(tf.layers.gru({ units: 1 }));
const StockSimpleRNN = tfjsLayerClass<Parameters<typeof tf.layers.simpleRNN>[0]>(tf.layers.simpleRNN({ units: 1 }));

/**
 * tfjs's LSTM with the whole sequence computed by one fused op (fused-recurrence.ts). Same
 * class name, config, weights and results, so model.json files, saved weights and Keras
 * imports are unchanged; stands in for tfjs's own once registered (register.ts). Configurations the fused op
 * does not cover (stateful layers, initial states, other activations) run tfjs's loop.
 */
export class FastLSTM extends StockLSTM {
  static override className = 'NndFastLSTM';
  /** tfjs's class this one stands in for: what model.json names, so plain tfjs loads the file. */
  static readonly tfjsClassName = StockLSTM.className;

  override getClassName(): string {
    return FastLSTM.tfjsClassName;
  }

  /** Whether the last call ran the fused op: lets tests see which path a configuration takes. */
  lastCallWasFused = false;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return fusedOrStock(this, inputs, kwargs, 4, fusedLstm, true, (own) => super.call(inputs, own));
  }
}

/** tfjs's GRU (reset before the recurrent product) with the fused op; as FastLSTM. */
export class FastGRU extends StockGRU {
  static override className = 'NndFastGRU';
  /** tfjs's class this one stands in for: what model.json names, so plain tfjs loads the file. */
  static readonly tfjsClassName = StockGRU.className;

  override getClassName(): string {
    return FastGRU.tfjsClassName;
  }

  lastCallWasFused = false;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return fusedOrStock(this, inputs, kwargs, 3, fusedGru, false, (own) => super.call(inputs, own));
  }
}

/** tfjs's SimpleRNN with the fused op; as FastLSTM. */
export class FastSimpleRNN extends StockSimpleRNN {
  static override className = 'NndFastSimpleRNN';
  /** tfjs's class this one stands in for: what model.json names, so plain tfjs loads the file. */
  static readonly tfjsClassName = StockSimpleRNN.className;

  override getClassName(): string {
    return FastSimpleRNN.tfjsClassName;
  }

  lastCallWasFused = false;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return fusedOrStock(this, inputs, kwargs, 1, fusedSimpleRnn, false, (own) => super.call(inputs, own));
  }
}

/**
 * The fused path for ResetAfterGRU (reset-after-gru.ts), or null where its own loop must run.
 * Its cell keeps the same fields as tfjs's cells; its dropout masks are drawn one per set.
 */
export function fusedResetAfterGruCall(layer: tf.layers.Layer, inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] | null {
  const internals = layer as unknown as RecurrentInternals;
  const call = fastCall(internals, inputs, kwargs);
  if (!call) return null;
  return runFused(internals, call, 1, fusedResetAfterGru, false);
}
