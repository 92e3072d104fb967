import { construct, kwargs, type KerasLayerEmitter } from '../../../codegen/keras';

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'MultiHeadAttention',
    layer: (p, _ctx, name) =>
      construct(
        'layers.MultiHeadAttention',
        [`num_heads=${p.numHeads}`, `key_dim=${p.keyDim}`, ...kwargs(p, { valueDim: ['value_dim', null], dropout: ['dropout', 0], useBias: ['use_bias', true], outputDim: ['output_shape', null] })],
        name,
      ),
    // Keras's MultiHeadAttention takes its inputs and its mask choices as call arguments.
    call: (p, [query, value, key]) =>
      [query!, value!, ...(key ? [`key=${key}`] : []), ...(p.causal ? ['use_causal_mask=True'] : []), ...(p.returnAttentionScores ? ['return_attention_scores=True'] : [])].join(', '),
    // Keras builds one dense sub-layer per projection, and lists their weights in this order.
    weightOrder: ['query/kernel', 'query/bias', 'key/kernel', 'key/bias', 'value/kernel', 'value/bias', 'attention_output/kernel', 'attention_output/bias'],
  },
];
