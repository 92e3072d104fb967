import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../..';
import { registerLayerClasses } from '../../custom';
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

describe('TimeDistributed', () => {
  it('applies the inner layer to every step', () => {
    expect(infer('TimeDistributed', { layer: { type: 'Dense', params: { units: 27 } } }, [[null, null, 512]])).toEqual({ ok: true, shapes: [[null, null, 27]] });
    const params = (catalog.resolveParams('TimeDistributed', { layer: { type: 'Dense', params: { units: 4 } } }) as { params: Record<string, unknown> }).params;
    expect(catalog.kind('TimeDistributed')!.countParams([[null, 9, 3]], params, catalog)).toEqual({ trainable: 16, nonTrainable: 0 });
  });

  it('needs a steps axis', () => {
    expect(message(infer('TimeDistributed', {}, [[null, 10]]))).toBe(
      'TimeDistributed expects a sequence [batch, steps, …] but gets [batch, 10] — it applies its layer once per step, so the input needs a steps axis',
    );
  });

  it('passes on what the inner layer says about one step', () => {
    expect(message(infer('TimeDistributed', { layer: { type: 'Dense', params: {} } }, [[null, 4, 8, 8, 3]]))).toBe(
      'TimeDistributed applies Dense to each step [batch, 8, 8, 3]: Dense expects a 2-D input [batch, features] but gets [batch, 8, 8, 3] — add a Flatten before it',
    );
  });

  it('refuses layers it cannot wrap', () => {
    expect(message(infer('TimeDistributed', { layer: { type: 'Nonsense', params: {} } }, [[null, 4, 3]]))).toBe(
      'TimeDistributed wraps a "Nonsense", which is not a known layer type',
    );
    expect(message(infer('TimeDistributed', { layer: { type: 'Concatenate', params: {} } }, [[null, 4, 3]]))).toBe(
      'TimeDistributed can only wrap a layer with one input, not Concatenate',
    );
    expect(message(infer('TimeDistributed', { layer: { type: 'LSTM', params: { returnState: true } } }, [[null, 4, 3, 2]]))).toBe(
      'TimeDistributed needs a layer with one output, but LSTM has 3 with these settings',
    );
  });

  it('reads a Keras 2.3 config around a Dense', () => {
    const config = {
      name: 'time_distributed_1',
      trainable: true,
      dtype: 'float32',
      layer: {
        class_name: 'Dense',
        config: {
          name: 'dense_1',
          trainable: true,
          dtype: 'float32',
          units: 27,
          activation: 'linear',
          use_bias: true,
          kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 1.0, mode: 'fan_avg', distribution: 'uniform', seed: null } },
          bias_initializer: { class_name: 'Zeros', config: {} },
          kernel_regularizer: null,
          bias_regularizer: null,
          activity_regularizer: null,
          kernel_constraint: null,
          bias_constraint: null,
        },
      },
    };
    expect(fromKeras('TimeDistributed', config)).toMatchObject({ layer: { type: 'Dense', params: { units: 27, activation: 'linear' } } });
    expect(() => fromKeras('TimeDistributed', { layer: { class_name: 'MyLayer', config: {} } })).toThrow(
      'TimeDistributed wraps a MyLayer, a layer class NN Designer does not know',
    );
  });

  it.each([1, 3])('trains over a sequence of %i step(s) behind a layer that learns, with the outputs of the inner layer per step', async (steps) => {
    // Found by the fuzzer: tfjs's gradient of unstack failed for one step ("Argument tensors passed to stack must be a `Tensor[]`"); registering our classes mends it.
    registerLayerClasses();
    const resolved = catalog.resolveParams('TimeDistributed', { layer: { type: 'Dense', params: { units: 4 } } }) as { params: Record<string, unknown> };
    const input = tf.input({ shape: [steps, 3] });
    const dense = tf.layers.dense({ units: 3 });
    const wrapper = tfjsCatalog.build('TimeDistributed', resolved.params, 'time_distributed_1', [[null, steps, 3]]);
    const model = tf.model({ inputs: input, outputs: wrapper.apply(dense.apply(input)) as tf.SymbolicTensor });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const xs = tf.randomNormal([2, steps, 3]);
    await model.fit(xs, tf.randomNormal([2, steps, 4]), { epochs: 1, batchSize: 2, verbose: 0 });
    expect(model.toJSON(null, false)).toMatchObject({ config: { layers: [{}, {}, { class_name: 'TimeDistributed' }] } });
    const [kernel, bias] = wrapper.getWeights();
    const hidden = dense.apply(xs) as tf.Tensor3D;
    const expected = tf.add(tf.matMul(hidden.reshape([2 * steps, 3]), kernel!), bias!).reshape([2, steps, 4]);
    const actual = model.predict(xs) as tf.Tensor;
    expect(actual.shape).toEqual([2, steps, 4]);
    expect(tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([xs, hidden, expected, actual]);
    model.dispose();
  });
});
