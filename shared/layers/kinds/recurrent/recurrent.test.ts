import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../..';
import { tfjsCatalog } from '../../tfjs-catalog';
import type { InferResult, Shape } from '../../types';

function infer(type: string, params: Record<string, unknown>, inputs: Shape[]): InferResult {
  const resolved = catalog.resolveParams(type, params);
  if (!resolved.success) throw new Error(resolved.error);
  return catalog.kind(type)!.inferShape(inputs, resolved.params, catalog);
}

const message = (r: InferResult) => (r.ok ? `unexpectedly ok: ${JSON.stringify(r.shapes)}` : r.message);
const fromKeras = (className: string, config: Record<string, unknown>) =>
  catalog.forKerasClass(className)!.keras!.fromConfig(config, catalog, className);

describe('recurrent shapes', () => {
  it('read [batch, steps, features] and return the last output or every step', () => {
    expect(infer('LSTM', { units: 8 }, [[null, 10, 3]])).toEqual({ ok: true, shapes: [[null, 8]] });
    expect(infer('GRU', { units: 8, returnSequences: true }, [[null, null, 3]])).toEqual({ ok: true, shapes: [[null, null, 8]] });
  });

  it('add state outputs on the extra ports when returnState is on', () => {
    expect(catalog.kind('LSTM')!.outputs.map((p) => p.name)).toEqual(['out', 'hiddenState', 'cellState']);
    expect(catalog.kind('GRU')!.outputs.map((p) => p.name)).toEqual(['out', 'hiddenState']);
    expect(infer('LSTM', { units: 4, returnState: true }, [[null, 6, 2]])).toEqual({ ok: true, shapes: [[null, 4], [null, 4], [null, 4]] });
    expect(infer('SimpleRNN', { units: 4, returnState: true, returnSequences: true }, [[null, 6, 2]])).toEqual({
      ok: true,
      shapes: [[null, 6, 4], [null, 4]],
    });
  });

  it('say how to turn a flat input into a sequence', () => {
    expect(message(infer('LSTM', {}, [[null, 8]]))).toBe(
      'LSTM expects a 3-D input [batch, steps, features] but gets [batch, 8] — add a Reshape to [steps, features] (e.g. [8, 1]) or an Embedding before it',
    );
    expect(message(infer('GRU', {}, [[null, 28, 28, 1]]))).toBe(
      'GRU expects a 3-D input [batch, steps, features] but gets [batch, 28, 28, 1] — add a Reshape to [steps, features] before it',
    );
  });

  it('need a known number of features per step', () => {
    expect(message(infer('SimpleRNN', {}, [[null, 5, null]]))).toBe(
      'SimpleRNN needs a known number of features per step but gets [batch, 5, ?]',
    );
  });

  it('count weights per gate: 4 for LSTM, 3 for GRU, 1 for SimpleRNN', () => {
    const count = (type: string, params: Record<string, unknown>) =>
      catalog.kind(type)!.countParams([[null, 5, 3]], (catalog.resolveParams(type, params) as { params: Record<string, unknown> }).params, catalog);
    expect(count('LSTM', { units: 2 })).toEqual({ trainable: 4 * (2 * 3 + 2 * 2 + 2), nonTrainable: 0 });
    expect(count('GRU', { units: 2, useBias: false })).toEqual({ trainable: 3 * (2 * 3 + 2 * 2), nonTrainable: 0 });
    expect(count('SimpleRNN', { units: 2 })).toEqual({ trainable: 2 * 3 + 2 * 2 + 2, nonTrainable: 0 });
  });
});

const keras215Lstm = {
  name: 'lstm_1',
  trainable: true,
  dtype: 'float32',
  return_sequences: false,
  return_state: false,
  go_backwards: false,
  stateful: false,
  unroll: false,
  time_major: false,
  units: 100,
  activation: 'tanh',
  recurrent_activation: 'sigmoid',
  use_bias: true,
  kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null },
  recurrent_initializer: { module: 'keras.initializers', class_name: 'Orthogonal', config: { gain: 1.0, seed: null }, registered_name: null },
  bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null },
  unit_forget_bias: true,
  kernel_regularizer: null,
  recurrent_regularizer: null,
  bias_regularizer: null,
  activity_regularizer: null,
  kernel_constraint: null,
  recurrent_constraint: null,
  bias_constraint: null,
  dropout: 0.0,
  recurrent_dropout: 0.0,
  implementation: 2,
};

describe('recurrent layers from Keras configs', () => {
  it('read a Keras 2.15 LSTM', () => {
    expect(fromKeras('LSTM', keras215Lstm)).toEqual({
      units: 100,
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      useBias: true,
      unitForgetBias: true,
      returnSequences: false,
      returnState: false,
      dropout: 0,
      recurrentDropout: 0,
      goBackwards: false,
    });
  });

  it('read a Keras 3 LSTM (seed, zero_output_for_mask, DTypePolicy)', () => {
    const keras3 = {
      name: 'lstm',
      trainable: true,
      dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null },
      return_sequences: true,
      return_state: false,
      go_backwards: false,
      stateful: false,
      unroll: false,
      zero_output_for_mask: false,
      units: 256,
      activation: 'tanh',
      recurrent_activation: 'sigmoid',
      use_bias: true,
      kernel_initializer: { module: 'keras.initializers', class_name: 'HeNormal', config: { seed: null }, registered_name: null },
      recurrent_initializer: { module: 'keras.initializers', class_name: 'OrthogonalInitializer', config: { gain: 1.0, seed: null }, registered_name: null },
      bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null },
      unit_forget_bias: true,
      kernel_regularizer: null,
      recurrent_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      recurrent_constraint: null,
      bias_constraint: null,
      dropout: 0.3,
      recurrent_dropout: 0.0,
      seed: null,
    };
    expect(fromKeras('LSTM', keras3)).toMatchObject({ units: 256, returnSequences: true, dropout: 0.3 });
  });

  it('read a Keras 2.0 LSTM with hard_sigmoid', () => {
    const keras20 = { ...keras215Lstm, recurrent_activation: 'hard_sigmoid', implementation: 1 } as Record<string, unknown>;
    delete keras20.time_major;
    delete keras20.dtype;
    expect(fromKeras('LSTM', keras20)).toMatchObject({ recurrentActivation: 'hardSigmoid' });
  });

  it('read a tfjs GRU that reads backwards', () => {
    const tfjsGru = {
      units: 4,
      activation: 'tanh',
      recurrent_activation: 'hard_sigmoid',
      use_bias: true,
      kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'normal', seed: null } },
      recurrent_initializer: { class_name: 'Orthogonal', config: { gain: 1, seed: null } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: null,
      recurrent_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      recurrent_constraint: null,
      bias_constraint: null,
      dropout: 0,
      recurrent_dropout: 0,
      implementation: null,
      return_sequences: false,
      return_state: false,
      go_backwards: true,
      stateful: false,
      unroll: false,
      name: 'gru_GRU1',
      trainable: true,
    };
    expect(fromKeras('GRU', tfjsGru)).toEqual({
      units: 4,
      activation: 'tanh',
      recurrentActivation: 'hardSigmoid',
      useBias: true,
      returnSequences: false,
      returnState: false,
      dropout: 0,
      recurrentDropout: 0,
      goBackwards: true,
      resetAfter: false,
    });
  });

  it('read reset_after, Keras 2.1+ and Keras 3’s GRU variant, and the CuDNN GRU that always resets after', () => {
    expect(fromKeras('GRU', { units: 4, activation: 'tanh', recurrent_activation: 'sigmoid', reset_after: true })).toMatchObject({ resetAfter: true });
    expect(fromKeras('GRU', { units: 4, reset_after: false })).toMatchObject({ resetAfter: false });
    expect(fromKeras('CuDNNGRU', { units: 8, return_sequences: true, stateful: false })).toMatchObject({
      units: 8,
      resetAfter: true,
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
    });
    expect(catalog.forKerasClass('NndResetAfterGRU')!.type).toBe('GRU');
  });

  it('count the second bias of a reset-after GRU', () => {
    const params = (catalog.resolveParams('GRU', { units: 2, resetAfter: true }) as { params: Record<string, unknown> }).params;
    expect(catalog.kind('GRU')!.countParams([[null, 5, 3]], params, catalog)).toEqual({ trainable: 3 * (2 * 3 + 2 * 2 + 2 * 2), nonTrainable: 0 });
  });

  it('refuse Keras 3’s hard_sigmoid, which is not the one tfjs computes', () => {
    const dtype = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
    expect(() => fromKeras('GRU', { units: 3, dtype, recurrent_activation: 'hard_sigmoid' })).toThrow(
      /GRU with recurrent_activation="hard_sigmoid" is not supported: Keras 3’s hard_sigmoid is relu6/,
    );
    expect(fromKeras('GRU', { units: 3, dtype: 'float32', recurrent_activation: 'hard_sigmoid' })).toMatchObject({ recurrentActivation: 'hardSigmoid' });
  });

  it('refuse stateful and time-major layers', () => {
    expect(() => fromKeras('LSTM', { ...keras215Lstm, stateful: true })).toThrow(/LSTM with stateful=true is not supported/);
    expect(() => fromKeras('SimpleRNN', { units: 3, time_major: true })).toThrow(/SimpleRNN with time_major=true is not supported/);
  });

  it('map CuDNNLSTM to an LSTM with its fixed activations', () => {
    const cudnn = {
      name: 'cu_dnnlstm_1',
      trainable: true,
      units: 64,
      kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1.0, mode: 'fan_avg', distribution: 'uniform', seed: null } },
      recurrent_initializer: { class_name: 'Orthogonal', config: { gain: 1.0, seed: null } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      unit_forget_bias: true,
      kernel_regularizer: null,
      recurrent_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      recurrent_constraint: null,
      bias_constraint: null,
      return_sequences: true,
      return_state: false,
      stateful: false,
      go_backwards: false,
    };
    expect(catalog.forKerasClass('CuDNNLSTM')!.type).toBe('LSTM');
    expect(fromKeras('CuDNNLSTM', cudnn)).toMatchObject({ units: 64, activation: 'tanh', recurrentActivation: 'sigmoid', returnSequences: true });
  });
});

describe('an LSTM built from the catalog learns on a small sequence task', () => {
  it('tells rising from falling sequences', async () => {
    const kind = catalog.kind('LSTM')!;
    const params = (catalog.resolveParams('LSTM', { units: 6 }) as { params: Record<string, unknown> }).params;
    const input = tf.input({ shape: [5, 1] });
    const hidden = tfjsCatalog.build(kind.type, params, 'lstm_learns', [[null, 5, 1]]).apply(input) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: 1, activation: 'sigmoid' }).apply(hidden) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const sequences: number[][][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 32; i++) {
      const start = (i % 8) / 8;
      const rising = i % 2 === 0;
      sequences.push([0, 1, 2, 3, 4].map((t) => [rising ? start + t * 0.1 : start + 0.4 - t * 0.1]));
      labels.push(rising ? 1 : 0);
    }
    const history = await model.fit(tf.tensor3d(sequences), tf.tensor2d(labels, [32, 1]), { epochs: 40, batchSize: 32, verbose: 0 });
    const accuracy = history.history.acc!.at(-1) as number;
    expect(accuracy).toBe(1);
  });
});
