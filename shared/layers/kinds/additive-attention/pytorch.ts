import { pythonHelper } from '../../../codegen/python';
import { bool, num, type TorchLayerEmitter } from '../../../codegen/torch';
import { torchAdditiveAttentionPy } from './torch_additive_attention.py.generated';

const ADDITIVE_ATTENTION_HELPER = pythonHelper('AdditiveAttention', torchAdditiveAttentionPy);

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'AdditiveAttention',
    module(n) {
      const args = [`${n.inputShapes[0]!.at(-1)}`];
      if (!bool(n.params, 'useScale')) args.push('use_scale=False');
      if (bool(n.params, 'causal')) args.push('causal=True');
      if (num(n.params, 'dropout') > 0) args.push(`dropout=${num(n.params, 'dropout')}`);
      return `AdditiveAttention(${args.join(', ')})`;
    },
    forward: (_n, args, self) => `${self}(${args.join(', ')})`,
    weights: (n) => (bool(n.params, 'useScale') ? [{ key: 'scale', source: 'scale', steps: [] }] : []),
    helpers: () => [ADDITIVE_ATTENTION_HELPER],
  },
];
