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

const keras22Lstm = (units: number, returnSequences: boolean) => ({
  name: 'lstm_1',
  trainable: true,
  dtype: 'float32',
  return_sequences: returnSequences,
  return_state: false,
  go_backwards: false,
  stateful: false,
  unroll: false,
  units,
  activation: 'tanh',
  recurrent_activation: 'hard_sigmoid',
  use_bias: true,
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
  dropout: 0.0,
  recurrent_dropout: 0.0,
  implementation: 1,
});

describe('Bidirectional', () => {
  it('doubles the features when concatenating and keeps them otherwise', () => {
    const layer = { type: 'LSTM', params: { units: 5, returnSequences: true } };
    expect(infer('Bidirectional', { layer }, [[null, 7, 3]])).toEqual({ ok: true, shapes: [[null, 7, 10]] });
    expect(infer('Bidirectional', { layer, mergeMode: 'ave' }, [[null, 7, 3]])).toEqual({ ok: true, shapes: [[null, 7, 5]] });
  });

  it('returns forward then backward states', () => {
    expect(infer('Bidirectional', { layer: { type: 'LSTM', params: { units: 2, returnState: true } } }, [[null, 4, 3]])).toEqual({
      ok: true,
      shapes: [[null, 4], [null, 2], [null, 2], [null, 2], [null, 2]],
    });
    expect(infer('Bidirectional', { layer: { type: 'GRU', params: { units: 2, returnState: true } }, mergeMode: 'sum' }, [[null, 4, 3]])).toEqual({
      ok: true,
      shapes: [[null, 2], [null, 2], [null, 2]],
    });
  });

  it('names the inner layer in its messages', () => {
    expect(message(infer('Bidirectional', { layer: { type: 'GRU', params: {} } }, [[null, 16]]))).toBe(
      'Bidirectional GRU expects a 3-D input [batch, steps, features] but gets [batch, 16] — add a Reshape to [steps, features] (e.g. [16, 1]) or an Embedding before it',
    );
    expect(message(infer('Bidirectional', { layer: { type: 'LSTM', params: { units: 0 } } }, [[null, 4, 3]]))).toMatch(
      /^Bidirectional's inner LSTM has an invalid parameter units: /,
    );
  });

  it('counts both directions', () => {
    const params = (catalog.resolveParams('Bidirectional', { layer: { type: 'SimpleRNN', params: { units: 2 } } }) as { params: Record<string, unknown> }).params;
    expect(catalog.kind('Bidirectional')!.countParams([[null, 4, 3]], params, catalog)).toEqual({ trainable: 2 * (2 * 3 + 2 * 2 + 2), nonTrainable: 0 });
  });

  it('reads a Keras 2.2 config and keeps the inner name its weights are stored under', () => {
    const config = { name: 'bidirectional_1', trainable: true, dtype: 'float32', layer: { class_name: 'LSTM', config: keras22Lstm(46, false) }, merge_mode: 'concat' };
    expect(fromKeras('Bidirectional', config)).toEqual({
      layer: {
        type: 'LSTM',
        name: 'lstm_1',
        params: {
          units: 46,
          activation: 'tanh',
          recurrentActivation: 'hardSigmoid',
          useBias: true,
          unitForgetBias: true,
          returnSequences: false,
          returnState: false,
          dropout: 0,
          recurrentDropout: 0,
          goBackwards: false,
        },
      },
      mergeMode: 'concat',
    });
  });

  it('reads a Keras 3 config whose backward layer mirrors the forward one', () => {
    const dtype = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
    const forward = { ...keras22Lstm(8, true), name: 'forward_lstm', dtype, recurrent_activation: 'sigmoid', seed: null, zero_output_for_mask: true };
    const backward = { ...forward, name: 'backward_lstm', go_backwards: true };
    const config = {
      name: 'bidirectional',
      trainable: true,
      dtype,
      merge_mode: 'sum',
      layer: { module: 'keras.layers', class_name: 'LSTM', config: forward, registered_name: null },
      backward_layer: { module: 'keras.layers', class_name: 'LSTM', config: backward, registered_name: null },
    };
    // Keras 3 writes the forward copy, named forward_lstm; tfjs adds forward_ itself.
    expect(fromKeras('Bidirectional', config)).toMatchObject({ layer: { type: 'LSTM', name: 'lstm', params: { units: 8 } }, mergeMode: 'sum' });

    const different = { ...config, backward_layer: { class_name: 'LSTM', config: { ...backward, units: 4 } } };
    expect(() => fromKeras('Bidirectional', different)).toThrow('Bidirectional with a backward_layer that differs from its forward layer is not supported');
  });

  it('names its weights as the Keras file does, so trained weights load', () => {
    const config = { name: 'bidirectional_1', layer: { class_name: 'LSTM', config: keras22Lstm(3, false) }, merge_mode: 'concat' };
    const params = catalog.resolveParams('Bidirectional', fromKeras('Bidirectional', config)) as { params: Record<string, unknown> };
    const layer = tfjsCatalog.build('Bidirectional', params.params, 'bidirectional_1', [[null, 4, 2]]);
    layer.apply(tf.input({ shape: [4, 2] }));
    expect(layer.weights.map((w) => w.name)).toEqual([
      'bidirectional_1/forward_lstm_1/kernel',
      'bidirectional_1/forward_lstm_1/recurrent_kernel',
      'bidirectional_1/forward_lstm_1/bias',
      'bidirectional_1/backward_lstm_1/kernel',
      'bidirectional_1/backward_lstm_1/recurrent_kernel',
      'bidirectional_1/backward_lstm_1/bias',
    ]);
  });

  it('refuses what it cannot build', () => {
    const layer = { class_name: 'LSTM', config: keras22Lstm(4, false) };
    expect(() => fromKeras('Bidirectional', { layer, merge_mode: null })).toThrow(/merge_mode=null is not supported/);
    expect(() => fromKeras('Bidirectional', { layer: { class_name: 'Dense', config: { units: 3 } } })).toThrow(
      'Bidirectional wraps a Dense, but NN Designer can only wrap LSTM, GRU or SimpleRNN',
    );
    expect(() => fromKeras('Bidirectional', { merge_mode: 'concat' })).toThrow(/no wrapped layer/);
  });
});
