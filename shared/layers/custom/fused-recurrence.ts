import * as tf from '@tensorflow/tfjs';

/**
 * Whole-sequence forward and backward passes of the LSTM, GRU and SimpleRNN cells, each one
 * tf.customGrad op. The stock tfjs-layers loop runs about a hundred small kernels per time
 * step and records every one on the gradient tape; here the input projection of all steps
 * is one matrix product before the loop, each step costs one matrix product for all gates
 * plus a few elementwise ops, and the backward pass (backpropagation through time) is
 * written by hand: gate gradients per step, then one matrix product each for the kernel,
 * the recurrent kernel and the inputs over all steps at once.
 *
 * Tensors are time-major and flattened: row t·batch + b holds step t of sequence b, so one
 * step is a contiguous block of rows (cheap to slice) and the per-step gate factors of the
 * backward pass are computed for all steps in a few large ops.
 */

/** Activations whose derivative follows from their output, which is what the backward pass keeps. */
export const FUSABLE_ACTIVATIONS = ['tanh', 'sigmoid', 'hardSigmoid', 'relu', 'linear'] as const;
export type FusableActivation = (typeof FUSABLE_ACTIVATIONS)[number];

export function isFusableActivation(name: string): name is FusableActivation {
  return (FUSABLE_ACTIVATIONS as readonly string[]).includes(name);
}

/** The activation exactly as tfjs-layers computes it (its Activation classes). */
function activate(name: FusableActivation, x: tf.Tensor): tf.Tensor {
  switch (name) {
    case 'tanh':
      return tf.tanh(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'hardSigmoid':
      return tf.clipByValue(tf.add(0.5, tf.mul(0.2, x)), 0, 1);
    case 'relu':
      return tf.relu(x);
    case 'linear':
      return x;
  }
}

/**
 * d activation / d input, from the activation's output y. At the kinks of relu and
 * hardSigmoid, tfjs's gradients give relu 0 at 0 and hardSigmoid 0.2 at exactly ±2.5; from
 * the output alone the latter reads as saturated (0), a difference only on a set of measure zero.
 */
function derivativeFromOutput(name: FusableActivation, y: tf.Tensor): tf.Tensor {
  switch (name) {
    case 'tanh':
      return tf.sub(1, tf.square(y));
    case 'sigmoid':
      return tf.mul(y, tf.sub(1, y));
    case 'hardSigmoid':
      return tf.mul(0.2, tf.cast(tf.logicalAnd(tf.greater(y, 0), tf.less(y, 1)), 'float32'));
    case 'relu':
      return tf.cast(tf.greater(y, 0), 'float32');
    case 'linear':
      return tf.onesLike(y);
  }
}

export interface FusedRecurrenceOptions {
  steps: number;
  batch: number;
  units: number;
  activation: FusableActivation;
  /** Gate activation (LSTM, GRU); SimpleRNN has none. */
  recurrentActivation: FusableActivation;
  /** Whether the output holds every step's hidden state or only the last. */
  returnSequences: boolean;
  /** LSTM only: append the last cell state to the output (rows after the hidden states). */
  appendCellState: boolean;
}

/** Optional inputs of a fused recurrence; absent ones are simply not passed. */
export interface RecurrenceExtras {
  /** [steps·batch, 1] of 0/1: a 0 keeps the previous state for that step (padding). */
  mask?: tf.Tensor;
  /** [batch, units]: multiplies the previous hidden state wherever the cell multiplies it by the recurrent kernel. */
  recurrentDropoutMask?: tf.Tensor;
}

// Not tf.fused.matMul with a bias: tfjs-backend-wasm reads the bias's rank from its storage,
// so a bias that is a reshape of a 2-D tensor (a slice, or weights set from one) fails there.
const rows = (t: tf.Tensor, first: number, count: number): tf.Tensor => tf.slice(t, [first, 0], [count, t.shape[1]!]);
const columns = (t: tf.Tensor, first: number, count: number): tf.Tensor => tf.slice(t, [0, first], [t.shape[0]!, count]);

/** Adds tensors, skipping absent ones; null when all are absent. */
function sum(...terms: (tf.Tensor | null)[]): tf.Tensor | null {
  const present = terms.filter((t): t is tf.Tensor => t !== null);
  if (present.length === 0) return null;
  return present.reduce((a, b) => tf.add(a, b));
}

/** previous + mask·(next − previous): the masked-step update of tfjs's rnn(), exact for masks of 0 and 1. */
function keepWhereMasked(next: tf.Tensor, previous: tf.Tensor | null, mask: tf.Tensor | null): tf.Tensor {
  if (!mask) return next;
  if (!previous) return tf.mul(mask, next);
  return tf.add(previous, tf.mul(mask, tf.sub(next, previous)));
}

/** Inputs in the order customGrad receives them; the optional ones sit at known indices. */
function inputList(required: tf.Tensor[], bias: tf.Tensor | null, extras: RecurrenceExtras): { list: tf.Tensor[]; biasAt: number; maskAt: number; dropoutAt: number } {
  const list = [...required];
  const push = (t: tf.Tensor | null | undefined) => (t ? list.push(t) - 1 : -1);
  const biasAt = push(bias);
  const maskAt = push(extras.mask);
  const dropoutAt = push(extras.recurrentDropoutMask);
  return { list, biasAt, maskAt, dropoutAt };
}

type GradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[];

/** tf.customGrad over a list of inputs, with the types tfjs's signature leaves loose. */
function customOp(inputs: tf.Tensor[], forward: (inputs: tf.Tensor[], save: tf.GradSaveFunc) => { value: tf.Tensor; gradFunc: GradFunc }): tf.Tensor {
  const op = tf.customGrad(((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args.pop() as tf.GradSaveFunc;
    return forward(args as tf.Tensor[], save);
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (op as unknown as (...x: tf.Tensor[]) => tf.Tensor)(...inputs);
}

/** Gradients for the mask and dropout inputs, which nothing differentiates through. */
function zeroGradients(inputs: tf.Tensor[], grads: tf.Tensor[]): tf.Tensor[] {
  return inputs.map((t, i) => grads[i] ?? tf.zerosLike(t));
}

/**
 * Σ_rows inputᵀ·dZ for each input (each [steps·batch, n], time-aligned with dZ), plus
 * Σ_rows dZ (the bias gradient), as one matrix product: the inputs side by side with a
 * column of ones. tfjs-backend-wasm packs the right operand for every product, and its Sum
 * over the first axis transposes first; one product packs dZ once and needs neither.
 */
function weightGradients(dZ: tf.Tensor, inputs: tf.Tensor[]): { perInput: tf.Tensor[]; bias: tf.Tensor } {
  const total = dZ.shape[0]!;
  const all = tf.matMul(tf.concat([...inputs, tf.ones([total, 1])], 1), dZ, true, false);
  let offset = 0;
  const perInput = inputs.map((input) => {
    const block = rows(all, offset, input.shape[1]!);
    offset += input.shape[1]!;
    return block;
  });
  return { perInput, bias: tf.reshape(rows(all, offset, 1), [dZ.shape[1]!]) };
}

/**
 * LSTM over a whole sequence (tfjs's LSTMCell: gates i, f, c, o in that order in the
 * kernels; c' = f·c + i·act(z_c), h' = o·act(c')). x is [steps·batch, features]; the result
 * is [steps·batch or batch, units] hidden states, then [batch, units] of the last cell
 * state when `appendCellState`.
 */
export function fusedLstm(
  o: FusedRecurrenceOptions,
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor | null,
  extras: RecurrenceExtras = {},
): tf.Tensor {
  const { steps, batch, units } = o;
  const { list, biasAt, maskAt, dropoutAt } = inputList([x, kernel, recurrentKernel], bias, extras);
  return customOp(list, (inputs, save) => {
    const [xIn, kernelIn, recurrentIn] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor];
    const biasIn = biasAt >= 0 ? inputs[biasAt]! : null;
    const maskIn = maskAt >= 0 ? inputs[maskAt]! : null;
    const dropoutIn = dropoutAt >= 0 ? inputs[dropoutAt]! : null;
    const projected = biasIn ? tf.add(tf.matMul(xIn, kernelIn), biasIn) : tf.matMul(xIn, kernelIn);
    const gates: tf.Tensor[] = [];
    const candidates: tf.Tensor[] = [];
    const activatedCells: tf.Tensor[] = [];
    const cells: tf.Tensor[] = [];
    const hiddens: tf.Tensor[] = [];
    const recurrentInputs: tf.Tensor[] = [];
    let h: tf.Tensor | null = null;
    let c: tf.Tensor | null = null;
    // Step 0's recurrent input is h₀ = 0: a zero block keeps the saved inputs time-aligned with dZ.
    recurrentInputs.push(tf.zeros([batch, units]));
    for (let t = 0; t < steps; t++) {
      const fromInput = rows(projected, t * batch, batch);
      let z = fromInput;
      if (h) {
        const hIn = dropoutIn ? tf.mul(h, dropoutIn) : h;
        recurrentInputs.push(hIn);
        z = tf.add(fromInput, tf.matMul(hIn, recurrentIn));
      }
      const a = activate(o.recurrentActivation, z);
      const i = columns(a, 0, units);
      const f = columns(a, units, units);
      const out = columns(a, 3 * units, units);
      const g = activate(o.activation, columns(z, 2 * units, units));
      const newCell = c ? tf.add(tf.mul(f, c), tf.mul(i, g)) : tf.mul(i, g);
      const activatedCell = activate(o.activation, newCell);
      const newHidden = tf.mul(out, activatedCell);
      const m = maskIn ? rows(maskIn, t * batch, batch) : null;
      c = keepWhereMasked(newCell, c, m);
      h = keepWhereMasked(newHidden, h, m);
      gates.push(a);
      candidates.push(g);
      activatedCells.push(activatedCell);
      cells.push(c);
      hiddens.push(h);
    }
    const hiddenOut = o.returnSequences ? tf.concat(hiddens, 0) : h!;
    const value = o.appendCellState ? tf.concat([hiddenOut, c!], 0) : hiddenOut;
    save([
      xIn,
      kernelIn,
      recurrentIn,
      tf.concat(gates, 0),
      tf.concat(candidates, 0),
      tf.concat(activatedCells, 0),
      tf.concat(cells, 0),
      tf.concat(recurrentInputs, 0),
      maskIn ?? tf.zeros([0, 1]),
      dropoutIn ?? tf.zeros([0, units]),
    ]);

    const gradFunc: GradFunc = (dy, saved) => {
      const [xS, kernelS, recurrentS, gatesS, candidatesS, activatedS, cellsS, recurrentInputsS, maskS, dropoutS] = saved as [
        tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor,
      ];
      const hasMask = maskS.shape[0]! > 0;
      const hasDropout = dropoutS.shape[0]! > 0;
      const total = steps * batch;
      const inputGate = columns(gatesS, 0, units);
      const forgetGate = columns(gatesS, units, units);
      const outputGate = columns(gatesS, 3 * units, units);
      const previousCells = steps > 1 ? tf.concat([tf.zeros([batch, units]), rows(cellsS, 0, total - batch)], 0) : tf.zeros([batch, units]);
      const gateDerivative = (gate: tf.Tensor) => derivativeFromOutput(o.recurrentActivation, gate);
      // dZ = [dc·g·σ'(i), dc·c₋₁·σ'(f), dc·i·act'(g), dh·act(c)·σ'(o)] per step: the factors of dc and dh for all steps at once.
      const gateFactors = tf.concat(
        [
          tf.mul(candidatesS, gateDerivative(inputGate)),
          tf.mul(previousCells, gateDerivative(forgetGate)),
          tf.mul(inputGate, derivativeFromOutput(o.activation, candidatesS)),
          tf.mul(activatedS, gateDerivative(outputGate)),
        ],
        1,
      );
      // dc from dh through h = o·act(c).
      const cellFromHidden = tf.mul(outputGate, derivativeFromOutput(o.activation, activatedS));
      const keptByMask = hasMask ? tf.sub(1, maskS) : null;
      const recurrentT = tf.transpose(recurrentS);

      const outRows = o.returnSequences ? total : batch;
      const dOut = o.appendCellState ? rows(dy, 0, outRows) : dy;
      let dc: tf.Tensor | null = o.appendCellState ? rows(dy, outRows, batch) : null;
      let dh: tf.Tensor | null = null;
      const dZ: tf.Tensor[] = new Array<tf.Tensor>(steps);
      for (let t = steps - 1; t >= 0; t--) {
        const dOutStep = o.returnSequences ? rows(dOut, t * batch, batch) : t === steps - 1 ? dOut : null;
        const dHidden = sum(dOutStep, dh)!;
        let dNewHidden = dHidden;
        let dCellIn = dc;
        let hiddenCarry: tf.Tensor | null = null;
        let cellCarry: tf.Tensor | null = null;
        if (hasMask) {
          const m = rows(maskS, t * batch, batch);
          const kept = rows(keptByMask!, t * batch, batch);
          dNewHidden = tf.mul(m, dHidden);
          hiddenCarry = tf.mul(kept, dHidden);
          if (dc) {
            cellCarry = tf.mul(kept, dc);
            dCellIn = tf.mul(m, dc);
          }
        }
        const dNewCell = sum(tf.mul(dNewHidden, rows(cellFromHidden, t * batch, batch)), dCellIn)!;
        const dz = tf.mul(tf.concat([dNewCell, dNewCell, dNewCell, dNewHidden], 1), rows(gateFactors, t * batch, batch));
        dZ[t] = dz;
        if (t > 0) {
          dc = sum(tf.mul(dNewCell, rows(forgetGate, t * batch, batch)), cellCarry);
          let dRecurrentInput = tf.matMul(dz, recurrentT);
          if (hasDropout) dRecurrentInput = tf.mul(dRecurrentInput, dropoutS);
          dh = sum(dRecurrentInput, hiddenCarry);
        }
      }
      const dZAll = tf.concat(dZ, 0);
      const w = weightGradients(dZAll, [xS, recurrentInputsS]);
      const grads: tf.Tensor[] = [tf.matMul(dZAll, kernelS, false, true), w.perInput[0]!, w.perInput[1]!];
      if (biasAt >= 0) grads[biasAt] = w.bias;
      return zeroGradients(list, grads);
    };
    return { value, gradFunc };
  });
}

/** The per-step mask and the complementary "keep the previous state" factor, or nulls without a mask. */
function stepMask(mask: tf.Tensor | null, kept: tf.Tensor | null, t: number, batch: number): [tf.Tensor | null, tf.Tensor | null] {
  if (!mask) return [null, null];
  return [rows(mask, t * batch, batch), rows(kept!, t * batch, batch)];
}

/** Splits dL/d(state at t) into the part that reaches this step's new state and the part a masked step passes to t−1. */
function splitByMask(d: tf.Tensor, m: tf.Tensor | null, kept: tf.Tensor | null): [tf.Tensor, tf.Tensor | null] {
  if (!m) return [d, null];
  return [tf.mul(m, d), tf.mul(kept!, d)];
}

function unpackSaved(saved: tf.Tensor[], count: number): { tensors: tf.Tensor[]; mask: tf.Tensor | null; dropout: tf.Tensor | null } {
  const mask = saved[count]!;
  const dropout = saved[count + 1]!;
  return { tensors: saved.slice(0, count), mask: mask.shape[0]! > 0 ? mask : null, dropout: dropout.shape[0]! > 0 ? dropout : null };
}

/** The [steps·batch, units] gradient of the output at step t, or null where the output is only the last state. */
function outputGradient(o: FusedRecurrenceOptions, dy: tf.Tensor, t: number): tf.Tensor | null {
  if (o.returnSequences) return rows(dy, t * o.batch, o.batch);
  return t === o.steps - 1 ? dy : null;
}

/**
 * SimpleRNN over a whole sequence (tfjs's SimpleRNNCell: h' = act(x·W + b + h·U)).
 * Same layout as fusedLstm; no cell state.
 */
export function fusedSimpleRnn(
  o: FusedRecurrenceOptions,
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor | null,
  extras: RecurrenceExtras = {},
): tf.Tensor {
  const { steps, batch, units } = o;
  const { list, biasAt, maskAt, dropoutAt } = inputList([x, kernel, recurrentKernel], bias, extras);
  return customOp(list, (inputs, save) => {
    const [xIn, kernelIn, recurrentIn] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor];
    const maskIn = maskAt >= 0 ? inputs[maskAt]! : null;
    const dropoutIn = dropoutAt >= 0 ? inputs[dropoutAt]! : null;
    const projected = biasAt >= 0 ? tf.add(tf.matMul(xIn, kernelIn), inputs[biasAt]!) : tf.matMul(xIn, kernelIn);
    const newStates: tf.Tensor[] = [];
    const hiddens: tf.Tensor[] = [];
    const recurrentInputs: tf.Tensor[] = [tf.zeros([batch, units])];
    let h: tf.Tensor | null = null;
    for (let t = 0; t < steps; t++) {
      let z = rows(projected, t * batch, batch);
      if (h) {
        const hIn = dropoutIn ? tf.mul(h, dropoutIn) : h;
        recurrentInputs.push(hIn);
        z = tf.add(z, tf.matMul(hIn, recurrentIn));
      }
      const newHidden = activate(o.activation, z);
      h = keepWhereMasked(newHidden, h, maskIn ? rows(maskIn, t * batch, batch) : null);
      newStates.push(newHidden);
      hiddens.push(h);
    }
    const value = o.returnSequences ? tf.concat(hiddens, 0) : h!;
    save([
      xIn,
      kernelIn,
      recurrentIn,
      tf.concat(newStates, 0),
      tf.concat(recurrentInputs, 0),
      maskIn ?? tf.zeros([0, 1]),
      dropoutIn ?? tf.zeros([0, units]),
    ]);
    const gradFunc: GradFunc = (dy, saved) => {
      const { tensors, mask, dropout } = unpackSaved(saved, 5);
      const [xS, kernelS, recurrentS, newStatesS, recurrentInputsS] = tensors as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const derivative = derivativeFromOutput(o.activation, newStatesS);
      const kept = mask ? tf.sub(1, mask) : null;
      const recurrentT = tf.transpose(recurrentS);
      const dZ: tf.Tensor[] = new Array<tf.Tensor>(steps);
      let dh: tf.Tensor | null = null;
      for (let t = steps - 1; t >= 0; t--) {
        const [m, keep] = stepMask(mask, kept, t, batch);
        const [dNew, carry] = splitByMask(sum(outputGradient(o, dy, t), dh)!, m, keep);
        const dz = tf.mul(dNew, rows(derivative, t * batch, batch));
        dZ[t] = dz;
        if (t > 0) {
          let dRecurrentInput = tf.matMul(dz, recurrentT);
          if (dropout) dRecurrentInput = tf.mul(dRecurrentInput, dropout);
          dh = sum(dRecurrentInput, carry);
        }
      }
      const dZAll = tf.concat(dZ, 0);
      const w = weightGradients(dZAll, [xS, recurrentInputsS]);
      const grads: tf.Tensor[] = [tf.matMul(dZAll, kernelS, false, true), w.perInput[0]!, w.perInput[1]!];
      if (biasAt >= 0) grads[biasAt] = w.bias;
      return zeroGradients(list, grads);
    };
    return { value, gradFunc };
  });
}

/**
 * tfjs's GRU (reset before the recurrent product, gates z, r, h): z and r from
 * x·W + b + h·U[:, :2u]; ĥ = act(x·W_h + b_h + (r·h)·U[:, 2u:]); h' = z·h + (1 − z)·ĥ. With
 * recurrent dropout, tfjs uses the dropped h everywhere, the blend included; so does this.
 */
export function fusedGru(
  o: FusedRecurrenceOptions,
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor | null,
  extras: RecurrenceExtras = {},
): tf.Tensor {
  const { steps, batch, units } = o;
  const { list, biasAt, maskAt, dropoutAt } = inputList([x, kernel, recurrentKernel], bias, extras);
  return customOp(list, (inputs, save) => {
    const [xIn, kernelIn, recurrentIn] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor];
    const maskIn = maskAt >= 0 ? inputs[maskAt]! : null;
    const dropoutIn = dropoutAt >= 0 ? inputs[dropoutAt]! : null;
    const projected = biasAt >= 0 ? tf.add(tf.matMul(xIn, kernelIn), inputs[biasAt]!) : tf.matMul(xIn, kernelIn);
    const gatesKernel = columns(recurrentIn, 0, 2 * units);
    const candidateKernel = columns(recurrentIn, 2 * units, units);
    const zero = tf.zeros([batch, units]);
    const gatesAll: tf.Tensor[] = [];
    const candidates: tf.Tensor[] = [];
    const previous: tf.Tensor[] = [];
    const resetPrevious: tf.Tensor[] = [];
    const hiddens: tf.Tensor[] = [];
    let h: tf.Tensor | null = null;
    for (let t = 0; t < steps; t++) {
      const fromInput = rows(projected, t * batch, batch);
      // h₀ = 0: the recurrent products vanish on the first step.
      const hIn = h ? (dropoutIn ? tf.mul(h, dropoutIn) : h) : zero;
      const gates = activate(o.recurrentActivation, h ? tf.add(columns(fromInput, 0, 2 * units), tf.matMul(hIn, gatesKernel)) : columns(fromInput, 0, 2 * units));
      const update = columns(gates, 0, units);
      const reset = columns(gates, units, units);
      const resetHidden = tf.mul(reset, hIn);
      const candidateInput = columns(fromInput, 2 * units, units);
      const candidate = activate(o.activation, h ? tf.add(candidateInput, tf.matMul(resetHidden, candidateKernel)) : candidateInput);
      const newHidden = tf.add(candidate, tf.mul(update, tf.sub(hIn, candidate)));
      h = keepWhereMasked(newHidden, h, maskIn ? rows(maskIn, t * batch, batch) : null);
      gatesAll.push(gates);
      candidates.push(candidate);
      previous.push(hIn);
      resetPrevious.push(resetHidden);
      hiddens.push(h);
    }
    const value = o.returnSequences ? tf.concat(hiddens, 0) : h!;
    save([
      xIn,
      kernelIn,
      recurrentIn,
      tf.concat(gatesAll, 0),
      tf.concat(candidates, 0),
      tf.concat(previous, 0),
      tf.concat(resetPrevious, 0),
      maskIn ?? tf.zeros([0, 1]),
      dropoutIn ?? tf.zeros([0, units]),
    ]);
    const gradFunc: GradFunc = (dy, saved) => {
      const { tensors, mask, dropout } = unpackSaved(saved, 7);
      const [xS, kernelS, recurrentS, gatesS, candidatesS, previousS, resetPreviousS] = tensors as [
        tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor,
      ];
      const update = columns(gatesS, 0, units);
      const reset = columns(gatesS, units, units);
      const gateDerivative = derivativeFromOutput(o.recurrentActivation, gatesS);
      // Factors of dh' for all steps at once: ∂h'/∂(z pre-activation), ∂h'/∂(ĥ pre-activation), ∂h'/∂h (direct).
      const updateFactor = tf.mul(tf.sub(previousS, candidatesS), columns(gateDerivative, 0, units));
      const candidateFactor = tf.mul(tf.sub(1, update), derivativeFromOutput(o.activation, candidatesS));
      const resetFactor = tf.mul(previousS, columns(gateDerivative, units, units));
      const kept = mask ? tf.sub(1, mask) : null;
      const gatesKernelT = tf.transpose(columns(recurrentS, 0, 2 * units));
      const candidateKernelT = tf.transpose(columns(recurrentS, 2 * units, units));
      const dZ: tf.Tensor[] = new Array<tf.Tensor>(steps);
      let dh: tf.Tensor | null = null;
      for (let t = steps - 1; t >= 0; t--) {
        const at = (s: tf.Tensor) => rows(s, t * batch, batch);
        const [m, keep] = stepMask(mask, kept, t, batch);
        const [dNew, carry] = splitByMask(sum(outputGradient(o, dy, t), dh)!, m, keep);
        const dUpdate = tf.mul(dNew, at(updateFactor));
        const dCandidate = tf.mul(dNew, at(candidateFactor));
        const dResetHidden = tf.matMul(dCandidate, candidateKernelT);
        const dReset = tf.mul(dResetHidden, at(resetFactor));
        const dGates = tf.concat([dUpdate, dReset], 1);
        dZ[t] = tf.concat([dGates, dCandidate], 1);
        if (t > 0) {
          let dPrevious = sum(tf.mul(dNew, at(update)), tf.mul(dResetHidden, at(reset)), tf.matMul(dGates, gatesKernelT))!;
          if (dropout) dPrevious = tf.mul(dPrevious, dropout);
          dh = sum(dPrevious, carry);
        }
      }
      const dZAll = tf.concat(dZ, 0);
      // Step 0's recurrent inputs are zeros, so all steps can enter the products. The gate
      // columns take h's product and the candidate columns r·h's; the other blocks are unused.
      const w = weightGradients(dZAll, [xS, previousS, resetPreviousS]);
      const dRecurrent = tf.concat([columns(w.perInput[1]!, 0, 2 * units), columns(w.perInput[2]!, 2 * units, units)], 1);
      const grads: tf.Tensor[] = [tf.matMul(dZAll, kernelS, false, true), w.perInput[0]!, dRecurrent];
      if (biasAt >= 0) grads[biasAt] = w.bias;
      return zeroGradients(list, grads);
    };
    return { value, gradFunc };
  });
}

/**
 * Keras's GRU with reset_after=True (our ResetAfterGRUCell): s = h_d·U + b_rec;
 * z, r = σ(x·W + b_in + s) on their blocks; ĥ = act(x·W_h + b_in,h + r·s_h);
 * h' = z·h + (1 − z)·ĥ, where h_d is h after recurrent dropout and the blend uses h itself.
 * The bias, when present, is [2, 3·units] (input row, recurrent row).
 */
export function fusedResetAfterGru(
  o: FusedRecurrenceOptions,
  x: tf.Tensor,
  kernel: tf.Tensor,
  recurrentKernel: tf.Tensor,
  bias: tf.Tensor | null,
  extras: RecurrenceExtras = {},
): tf.Tensor {
  const { steps, batch, units } = o;
  const { list, biasAt, maskAt, dropoutAt } = inputList([x, kernel, recurrentKernel], bias, extras);
  return customOp(list, (inputs, save) => {
    const [xIn, kernelIn, recurrentIn] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor];
    const biasIn = biasAt >= 0 ? inputs[biasAt]! : null;
    const maskIn = maskAt >= 0 ? inputs[maskAt]! : null;
    const dropoutIn = dropoutAt >= 0 ? inputs[dropoutAt]! : null;
    const recurrentBias = biasIn ? rows(biasIn, 1, 1) : tf.zeros([1, 3 * units]);
    const projected = biasIn ? tf.add(tf.matMul(xIn, kernelIn), rows(biasIn, 0, 1)) : tf.matMul(xIn, kernelIn);
    const zero = tf.zeros([batch, units]);
    const gatesAll: tf.Tensor[] = [];
    const candidates: tf.Tensor[] = [];
    const previous: tf.Tensor[] = [];
    const droppedPrevious: tf.Tensor[] = [];
    const stateCandidates: tf.Tensor[] = [];
    const hiddens: tf.Tensor[] = [];
    let h: tf.Tensor | null = null;
    for (let t = 0; t < steps; t++) {
      const fromInput = rows(projected, t * batch, batch);
      const hPrev = h ?? zero;
      const hIn = h && dropoutIn ? tf.mul(h, dropoutIn) : hPrev;
      const fromState = h ? tf.add(tf.matMul(hIn, recurrentIn), recurrentBias) : tf.add(tf.zeros([batch, 3 * units]), recurrentBias);
      const gates = activate(o.recurrentActivation, tf.add(columns(fromInput, 0, 2 * units), columns(fromState, 0, 2 * units)));
      const update = columns(gates, 0, units);
      const reset = columns(gates, units, units);
      const stateCandidate = columns(fromState, 2 * units, units);
      const candidate = activate(o.activation, tf.add(columns(fromInput, 2 * units, units), tf.mul(reset, stateCandidate)));
      const newHidden = tf.add(candidate, tf.mul(update, tf.sub(hPrev, candidate)));
      h = keepWhereMasked(newHidden, h, maskIn ? rows(maskIn, t * batch, batch) : null);
      gatesAll.push(gates);
      candidates.push(candidate);
      previous.push(hPrev);
      droppedPrevious.push(hIn);
      stateCandidates.push(stateCandidate);
      hiddens.push(h);
    }
    const value = o.returnSequences ? tf.concat(hiddens, 0) : h!;
    save([
      xIn,
      kernelIn,
      recurrentIn,
      tf.concat(gatesAll, 0),
      tf.concat(candidates, 0),
      tf.concat(previous, 0),
      tf.concat(droppedPrevious, 0),
      tf.concat(stateCandidates, 0),
      maskIn ?? tf.zeros([0, 1]),
      dropoutIn ?? tf.zeros([0, units]),
    ]);
    const gradFunc: GradFunc = (dy, saved) => {
      const { tensors, mask, dropout } = unpackSaved(saved, 8);
      const [xS, kernelS, recurrentS, gatesS, candidatesS, previousS, droppedPreviousS, stateCandidatesS] = tensors as [
        tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor,
      ];
      const update = columns(gatesS, 0, units);
      const reset = columns(gatesS, units, units);
      const gateDerivative = derivativeFromOutput(o.recurrentActivation, gatesS);
      const updateFactor = tf.mul(tf.sub(previousS, candidatesS), columns(gateDerivative, 0, units));
      const candidateFactor = tf.mul(tf.sub(1, update), derivativeFromOutput(o.activation, candidatesS));
      const resetFactor = tf.mul(stateCandidatesS, columns(gateDerivative, units, units));
      const kept = mask ? tf.sub(1, mask) : null;
      const recurrentT = tf.transpose(recurrentS);
      const dInputSide: tf.Tensor[] = new Array<tf.Tensor>(steps);
      const dStateSide: tf.Tensor[] = new Array<tf.Tensor>(steps);
      let dh: tf.Tensor | null = null;
      for (let t = steps - 1; t >= 0; t--) {
        const at = (s: tf.Tensor) => rows(s, t * batch, batch);
        const [m, keep] = stepMask(mask, kept, t, batch);
        const [dNew, carry] = splitByMask(sum(outputGradient(o, dy, t), dh)!, m, keep);
        const dUpdate = tf.mul(dNew, at(updateFactor));
        const dCandidate = tf.mul(dNew, at(candidateFactor));
        const dReset = tf.mul(dCandidate, at(resetFactor));
        const dGates = tf.concat([dUpdate, dReset], 1);
        dInputSide[t] = tf.concat([dGates, dCandidate], 1);
        const dState = tf.concat([dGates, tf.mul(dCandidate, at(reset))], 1);
        dStateSide[t] = dState;
        if (t > 0) {
          let dThroughKernel = tf.matMul(dState, recurrentT);
          if (dropout) dThroughKernel = tf.mul(dThroughKernel, dropout);
          dh = sum(tf.mul(dNew, at(update)), dThroughKernel, carry);
        }
      }
      const dInputAll = tf.concat(dInputSide, 0);
      const dStateAll = tf.concat(dStateSide, 0);
      const fromInput = weightGradients(dInputAll, [xS]);
      // Step 0's dropped previous state is zeros, so all steps can enter the product.
      const fromState = weightGradients(dStateAll, [droppedPreviousS]);
      const grads: tf.Tensor[] = [tf.matMul(dInputAll, kernelS, false, true), fromInput.perInput[0]!, fromState.perInput[0]!];
      if (biasAt >= 0) grads[biasAt] = tf.stack([fromInput.bias, fromState.bias]);
      return zeroGradients(list, grads);
    };
    return { value, gradFunc };
  });
}
