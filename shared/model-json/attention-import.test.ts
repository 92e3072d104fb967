import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../graph/analyze';
import { importModelJson } from './import';
import { catalog } from '../layers';
import { fromKeras, inferWith, kerasRefusal } from '../layers/test-helpers';

/**
 * Keras files with the attention layers of a Transformer import onto our kinds with the
 * parameter counts Keras prints in model.summary() (counted by hand below from Keras's
 * weight shapes: query/key/value kernels [features, heads, key_dim] with biases [heads, key_dim],
 * output kernel [heads, value_dim, features] with bias [features]).
 */
const dense = (name: string, units: number, inbound: string) => ({
  class_name: 'Dense',
  config: { name, units, activation: 'linear', use_bias: true },
  name,
  inbound_nodes: [[[inbound, 0, 0, {}]]],
});

/** A Keras 2 functional model: tokens → Dense 16 → MultiHeadAttention(2 heads, key_dim 8) → LayerNorm → AdditiveAttention → Attention. */
const kerasTransformer = {
  class_name: 'Functional',
  config: {
    name: 'attention_zoo',
    layers: [
      { class_name: 'InputLayer', config: { batch_input_shape: [null, 10, 6], dtype: 'float32', name: 'x' }, name: 'x', inbound_nodes: [] },
      dense('proj', 16, 'x'),
      {
        class_name: 'MultiHeadAttention',
        config: {
          name: 'mha',
          trainable: true,
          dtype: 'float32',
          num_heads: 2,
          key_dim: 8,
          value_dim: 8,
          dropout: 0.1,
          use_bias: true,
          output_shape: null,
          attention_axes: [1],
          kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
          bias_initializer: { class_name: 'Zeros', config: {} },
          kernel_regularizer: null,
          bias_regularizer: null,
          activity_regularizer: null,
          kernel_constraint: null,
          bias_constraint: null,
          query_shape: [null, 10, 16],
          key_shape: [null, 10, 16],
          value_shape: [null, 10, 16],
        },
        name: 'mha',
        // Keras 2 writes mha(query, value=…) with the value as a keyword argument.
        inbound_nodes: [[['proj', 0, 0, { value: ['proj', 0, 0] }]]],
      },
      {
        class_name: 'LayerNormalization',
        config: { name: 'norm', axis: [2], epsilon: 1e-6, center: true, scale: true },
        name: 'norm',
        inbound_nodes: [[['mha', 0, 0, {}]]],
      },
      {
        class_name: 'AdditiveAttention',
        config: { name: 'bahdanau', trainable: true, dtype: 'float32', use_scale: true, causal: false, dropout: 0.0 },
        name: 'bahdanau',
        inbound_nodes: [[['norm', 0, 0, {}], ['proj', 0, 0, {}]]],
      },
      {
        class_name: 'Attention',
        config: { name: 'luong', trainable: true, dtype: 'float32', use_scale: true, score_mode: 'dot', dropout: 0.0 },
        name: 'luong',
        inbound_nodes: [[['bahdanau', 0, 0, {}], ['norm', 0, 0, {}]]],
      },
    ],
    input_layers: [['x', 0, 0]],
    output_layers: [['luong', 0, 0]],
  },
};

describe('Keras attention layers import onto catalog kinds', () => {
  it('MultiHeadAttention keeps heads, sizes and dropout, and counts Keras’s parameters', () => {
    const { type, params } = fromKeras('MultiHeadAttention', kerasTransformer.config.layers[2]!.config as Record<string, unknown>);
    expect(type).toBe('MultiHeadAttention');
    expect(params).toMatchObject({ numHeads: 2, keyDim: 8, valueDim: 8, dropout: 0.1, useBias: true, outputDim: null });
    const inputs = [
      [null, 10, 16],
      [null, 10, 16],
    ];
    expect(inferWith(type, params, inputs)).toEqual({ ok: true, shapes: [[null, 10, 16]] });
    // 3 × (16·2·8 + 2·8) + 2·8·16 + 16 = 1088, Keras's count for MultiHeadAttention(2, 8) on 16 features.
    expect(catalog.kind(type)!.countParams(inputs, params, catalog)).toEqual({ trainable: 1088, nonTrainable: 0 });
  });

  it('MultiHeadAttention over other axes than the steps is refused by name', () => {
    expect(kerasRefusal('MultiHeadAttention', { num_heads: 2, key_dim: 4, attention_axes: [1, 2] })).toMatch(/attention_axes.*steps axis/);
  });

  it('AdditiveAttention keeps use_scale (one weight per feature) and causal', () => {
    const { type, params } = fromKeras('AdditiveAttention', { use_scale: true, causal: true, dropout: 0.2 });
    expect([type, params]).toEqual(['AdditiveAttention', { useScale: true, causal: true, dropout: 0.2 }]);
    expect(catalog.kind(type)!.countParams([[null, 4, 5], [null, 7, 5]], params, catalog)).toEqual({ trainable: 5, nonTrainable: 0 });
  });

  it('a functional Keras model with MultiHeadAttention, LayerNormalization, AdditiveAttention and Attention imports with Keras’s total', () => {
    const { document } = importModelJson(kerasTransformer, catalog);
    const analysis = analyzeGraph(document, catalog);
    expect(analysis.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(document.nodes.map((n) => n.type)).toEqual(['Input', 'Dense', 'MultiHeadAttention', 'LayerNormalization', 'AdditiveAttention', 'Attention']);
    // Dense 6·16+16 = 112, attention 1088, LayerNorm 32, AdditiveAttention scale 16, Attention scale 1.
    expect(analysis.totals).toEqual({ trainable: 112 + 1088 + 32 + 16 + 1, nonTrainable: 0, total: 1249 });
    // The value wired by keyword reaches the value port.
    const mha = document.nodes.find((n) => n.type === 'MultiHeadAttention')!;
    expect(document.edges.filter((e) => e.target === mha.id).map((e) => e.targetHandle).sort()).toEqual(['query', 'value']);
  });
});
