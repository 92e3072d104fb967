import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '.';
import { registerLayerClasses } from './custom/register';
import { tfjsCatalog } from './tfjs-catalog';
import { readKerasConfig } from './keras-config';
import type { Shape } from './types';

// Built as the compiler builds, with our classes where tfjs resolves one by name.
beforeAll(() => registerLayerClasses());

describe('readKerasConfig', () => {
  it('lists every unknown option by name', () => {
    expect(() => readKerasConfig('LSTM', { units: 3, foo: 1, bar: 2 }, ['units'])).toThrow(
      'LSTM options "foo", "bar" are not supported by NN Designer — rebuild the layer without them and export again',
    );
  });

  it('accepts the keys every Keras version writes on any layer', () => {
    const reader = readKerasConfig('Add', { name: 'a', trainable: false, dtype: 'float32', batch_input_shape: [null, 3], module: 'keras.layers', registered_name: null }, []);
    expect(reader.raw('name')).toBe('a');
  });

  it('says which option has the wrong type', () => {
    expect(() => readKerasConfig('GRU', { units: 'many' }, ['units']).requiredInt('units')).toThrow('GRU option units should be an integer but is "many"');
    expect(() => readKerasConfig('GRU', { go_backwards: 1 }, ['go_backwards']).boolean('go_backwards', false)).toThrow(
      'GRU option go_backwards should be true or false but is 1',
    );
  });
});

/**
 * What we export must import back unchanged: tfjs writes each of our layers' configs into
 * model.json, and our Keras mapping must read that config to the same params.
 */
/** Params with defaults filled in, down into a wrapper's inner layer. */
function withInnerDefaults(type: string, params: Record<string, unknown>): Record<string, unknown> {
  const resolved = catalog.resolveParams(type, params);
  if (!resolved.success) throw new Error(resolved.error);
  const inner = resolved.params.layer as { type: string; params: Record<string, unknown> } | undefined;
  if (!inner) return resolved.params;
  const innerResolved = catalog.resolveParams(inner.type, inner.params);
  if (!innerResolved.success) throw new Error(innerResolved.error);
  return { ...resolved.params, layer: { ...inner, params: innerResolved.params } };
}

describe('configs tfjs writes for our layers read back to the same params', () => {
  const settings: { type: string; params: Record<string, unknown>; inputs: Shape[]; dtype?: 'int32' }[] = [
    { type: 'BatchNormalization', params: { momentum: 0.9, epsilon: 1e-4, center: false }, inputs: [[null, 4, 3]] },
    { type: 'LayerNormalization', params: { epsilon: 1e-6, scale: false }, inputs: [[null, 4, 3]] },
    { type: 'Add', params: {}, inputs: [[null, 3], [null, 3]] },
    { type: 'Multiply', params: {}, inputs: [[null, 3], [null, 3]] },
    { type: 'Average', params: {}, inputs: [[null, 3], [null, 3]] },
    { type: 'Maximum', params: {}, inputs: [[null, 3], [null, 3]] },
    { type: 'Minimum', params: {}, inputs: [[null, 3], [null, 3]] },
    { type: 'Concatenate', params: { axis: 1 }, inputs: [[null, 2, 3], [null, 4, 3]] },
    { type: 'Embedding', params: { inputDim: 9, outputDim: 2, maskZero: true, inputLength: 4 }, inputs: [[null, 4]], dtype: 'int32' },
    { type: 'SimpleRNN', params: { units: 3, activation: 'relu', goBackwards: true, returnSequences: true }, inputs: [[null, 5, 2]] },
    { type: 'LSTM', params: { units: 3, recurrentActivation: 'hardSigmoid', unitForgetBias: false, dropout: 0.25, returnState: true }, inputs: [[null, 5, 2]] },
    { type: 'GRU', params: { units: 3, useBias: false, recurrentDropout: 0.5 }, inputs: [[null, 5, 2]] },
    { type: 'GRU', params: { units: 3, resetAfter: true, recurrentActivation: 'hardSigmoid', dropout: 0.1, returnSequences: true }, inputs: [[null, 5, 2]] },
    {
      type: 'Bidirectional',
      params: { layer: { type: 'GRU', params: { units: 2, returnSequences: true }, name: 'inner_gru' }, mergeMode: 'mul' },
      inputs: [[null, 5, 2]],
    },
    {
      type: 'Bidirectional',
      params: { layer: { type: 'GRU', params: { units: 2, resetAfter: true }, name: 'inner_gru_after' }, mergeMode: 'ave' },
      inputs: [[null, 5, 2]],
    },
    { type: 'TimeDistributed', params: { layer: { type: 'Dense', params: { units: 4, activation: 'relu' } } }, inputs: [[null, 5, 2]] },
  ];

  for (const s of settings) {
    it(`${s.type} ${JSON.stringify(s.params)}`, () => {
      const resolved = catalog.resolveParams(s.type, s.params);
      if (!resolved.success) throw new Error(resolved.error);
      const inputs = s.inputs.map((shape) => tf.input({ batchShape: shape, dtype: s.dtype ?? 'float32' }));
      const layer = tfjsCatalog.build(s.type, resolved.params, `roundtrip_${s.type.toLowerCase()}`, s.inputs);
      const out = layer.apply(inputs.length === 1 ? inputs[0]! : inputs);
      const model = tf.model({ inputs, outputs: out as tf.SymbolicTensor | tf.SymbolicTensor[] });
      const json = model.toJSON(null, false) as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
      const written = json.config.layers.find((l) => l.class_name !== 'InputLayer')!;

      const kind = catalog.forKerasClass(written.class_name)!;
      expect(kind.type).toBe(s.type);
      const readBack = kind.keras!.fromConfig(written.config, catalog, written.class_name);
      expect(withInnerDefaults(s.type, readBack)).toEqual(withInnerDefaults(s.type, s.params));
    });
  }
});
