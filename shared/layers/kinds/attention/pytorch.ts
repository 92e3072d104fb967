import { pythonHelper } from '../../../codegen/python';
import { bool, num, unwrittenMaskReader, type TorchLayerEmitter } from '../../../codegen/torch';
import { torchDotProductAttentionPy } from './torch_dot_product_attention.py.generated';

const DOT_PRODUCT_ATTENTION_HELPER = pythonHelper('DotProductAttention', torchDotProductAttentionPy);

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'Attention',
    module: (n) => {
      const args: string[] = [];
      if (bool(n.params, 'useScale')) args.push('use_scale=True');
      if (bool(n.params, 'causal')) args.push('causal=True');
      if (num(n.params, 'dropout') > 0) args.push(`dropout=${num(n.params, 'dropout')}`);
      return `DotProductAttention(${args.join(', ')})`;
    },
    forward: (_n, args, self) => `${self}(${args.join(', ')})`,
    weights: (n) => (bool(n.params, 'useScale') ? [{ key: 'scale', source: 'scale', steps: [] }] : []),
    helpers: () => [DOT_PRODUCT_ATTENTION_HELPER],
    mask: { refuse: () => unwrittenMaskReader('Attention') },
  },
];
