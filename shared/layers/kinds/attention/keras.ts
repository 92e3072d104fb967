import { construct, kwargs, type KerasLayerEmitter } from '../../../codegen/keras';
import { pythonHelper } from '../../../codegen/python';
import { kerasDotProductAttentionPy } from './keras_dot_product_attention.py.generated';

const DOT_PRODUCT_ATTENTION_CLASS = pythonHelper('DotProductAttention', kerasDotProductAttentionPy);

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'Attention',
    layer: (p, _ctx, name) => construct('DotProductAttention', kwargs(p, { useScale: ['use_scale', false], causal: ['causal', false], dropout: ['dropout', 0] }), name),
    helpers: () => [DOT_PRODUCT_ATTENTION_CLASS],
  },
];
