import { construct, kwargs, type KerasLayerEmitter } from '../../../codegen/keras';
import { pythonHelper } from '../../../codegen/python';
import { kerasAdditiveAttentionPy } from './keras_additive_attention.py.generated';

const ADDITIVE_ATTENTION_CLASS = pythonHelper('AdditiveAttention', kerasAdditiveAttentionPy);

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'AdditiveAttention',
    layer: (p, _ctx, name) => construct('AdditiveAttention', kwargs(p, { useScale: ['use_scale', true], causal: ['causal', false], dropout: ['dropout', 0] }), name),
    helpers: () => [ADDITIVE_ATTENTION_CLASS],
  },
];
