import { pythonHelper } from '../../../codegen/python';
import { bool, LAYOUT_HELPER, num, type Shape, type TorchLayerEmitter } from '../../../codegen/torch';
import { torchMultiHeadAttentionPy } from './torch_multi_head_attention.py.generated';

const MULTI_HEAD_ATTENTION_HELPER = pythonHelper('MultiHeadAttention', torchMultiHeadAttentionPy);

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'MultiHeadAttention',
    module(n) {
      const [query, value, key = value] = n.inputShapes as [Shape, Shape, Shape?];
      const keyDim = num(n.params, 'keyDim');
      const valueDim = (n.params.valueDim as number | null) ?? keyDim;
      const out = (n.params.outputDim as number | null) ?? query.at(-1)!;
      const args = [query.at(-1), value.at(-1), key!.at(-1), num(n.params, 'numHeads'), keyDim, valueDim, out].map(String);
      if (!bool(n.params, 'useBias')) args.push('use_bias=False');
      if (num(n.params, 'dropout') > 0) args.push(`dropout=${num(n.params, 'dropout')}`);
      if (bool(n.params, 'causal')) args.push('causal=True');
      if (bool(n.params, 'returnAttentionScores')) args.push('return_attention_scores=True');
      return `MultiHeadAttention(${args.join(', ')})`;
    },
    forward: (_n, args, self) => `${self}(${args.join(', ')})`,
    // Every 4-D tensor in forward is held channels-first, the attention weights [batch, heads, queries, keys] too.
    after: (n, vars) => (bool(n.params, 'returnAttentionScores') ? [`${vars[1]} = channels_first(${vars[1]})  # [batch, keys, heads, queries], as 4-D tensors are held here`] : []),
    // Keras's layout is kept as it is: the weights copy over unchanged.
    weights: (n) =>
      ['query', 'key', 'value', 'output'].flatMap((part) => {
        const source = part === 'output' ? 'attention_output' : part;
        return [
          { key: `${part}_kernel`, source: `${source}/kernel`, steps: [] },
          ...(bool(n.params, 'useBias') ? [{ key: `${part}_bias`, source: `${source}/bias`, steps: [] }] : []),
        ];
      }),
    helpers: (n) => [MULTI_HEAD_ATTENTION_HELPER, ...(bool(n.params, 'returnAttentionScores') ? [LAYOUT_HELPER] : [])],
    mask: {
      passes: () => true,
      // The layer is handed its query's mask and zeroes padded queries' rows. tfjs calls
      // self-attention (query, value and key one tensor) on that tensor alone, so there the mask
      // hides the padded keys too; a separate value's mask never reaches the layer.
      forward: (_n, args, self, mask) => `${self}(${args.join(', ')}, query_mask=${mask}${args.every((a) => a === args[0]) ? `, key_mask=${mask}` : ''})`,
    },
  },
];
