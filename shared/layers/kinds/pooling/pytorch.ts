import { pythonHelper, pyTuple as tuple } from '../../../codegen/python';
import { bool, PAD_SAME_HELPER, sized, str, type TorchLayerEmitter, type TorchNode } from '../../../codegen/torch';
import { torchAvgPoolSamePy } from './torch_avg_pool_same.py.generated';

const AVG_POOL_SAME_HELPER = pythonHelper('avg_pool_same', torchAvgPoolSamePy, [PAD_SAME_HELPER]);

function pooling(type: string, reduction: 'Max' | 'Average', rank: 1 | 2): TorchLayerEmitter {
  const info = (n: TorchNode) => {
    const pool = sized(n.params, 'poolSize', rank);
    const strides = n.params.strides === null ? pool : sized(n.params, 'strides', rank);
    return { pool, strides, same: str(n.params, 'padding') === 'same' };
  };
  const fn = `${reduction === 'Max' ? 'max' : 'avg'}_pool${rank}d`;
  return {
    type,
    forward(n, [x]) {
      const { pool, strides, same } = info(n);
      const input = rank === 1 ? `${x}.transpose(1, 2)` : x;
      let out: string;
      if (!same) out = `F.${fn}(${input}, ${tuple(pool)}, ${tuple(strides)})`;
      else if (reduction === 'Max') out = `F.${fn}(pad_same(${input}, ${tuple(pool)}, ${tuple(strides)}, ${tuple(pool.map(() => 1))}, float('-inf')), ${tuple(pool)}, ${tuple(strides)})`;
      else out = `avg_pool_same(${input}, ${tuple(pool)}, ${tuple(strides)})`;
      return rank === 1 ? `${out}.transpose(1, 2)` : out;
    },
    helpers: (n) => (info(n).same ? [reduction === 'Max' ? PAD_SAME_HELPER : AVG_POOL_SAME_HELPER] : []),
  };
}

function globalPooling(type: string, reduction: 'Max' | 'Average', rank: 1 | 2): TorchLayerEmitter {
  return {
    type,
    forward(n, [x]) {
      const dims = rank === 1 ? '1' : '(2, 3)';
      const keep = bool(n.params, 'keepDims') ? ', keepdim=True' : '';
      return reduction === 'Max' ? `torch.amax(${x}, dim=${dims}${keep})` : `${x}.mean(dim=${dims}${keep})`;
    },
  };
}

export const pytorchEmitters: TorchLayerEmitter[] = [
  pooling('MaxPooling1D', 'Max', 1),
  pooling('MaxPooling2D', 'Max', 2),
  pooling('AveragePooling1D', 'Average', 1),
  pooling('AveragePooling2D', 'Average', 2),
  globalPooling('GlobalMaxPooling1D', 'Max', 1),
  globalPooling('GlobalMaxPooling2D', 'Max', 2),
  globalPooling('GlobalAveragePooling1D', 'Average', 1),
  globalPooling('GlobalAveragePooling2D', 'Average', 2),
];
