import { pythonHelper, pyTuple as tuple } from '../../../codegen/python';
import { bool, PAD_SAME_HELPER, sized, str, type TorchLayerEmitter, type TorchNode } from '../../../codegen/torch';
import type { Reduction } from './spec';
import { torchAvgPoolSamePy } from './torch_avg_pool_same.py.generated';

const AVG_POOL_SAME_HELPER = pythonHelper('avg_pool_same', torchAvgPoolSamePy, [PAD_SAME_HELPER]);

function pooling(type: string, reduction: Reduction, rank: 1 | 2): TorchLayerEmitter {
  const info = (n: TorchNode) => {
    const pool = sized(n.params, 'poolSize', rank);
    const strides = n.params.strides === null ? pool : sized(n.params, 'strides', rank);
    return { pool, strides, same: str(n.params, 'padding') === 'same' };
  };
  const fn = `${reduction === 'max' ? 'max' : 'avg'}_pool${rank}d`;
  return {
    type,
    forward(n, [x]) {
      const { pool, strides, same } = info(n);
      const input = rank === 1 ? `${x}.transpose(1, 2)` : x;
      let out: string;
      if (!same) out = `F.${fn}(${input}, ${tuple(pool)}, ${tuple(strides)})`;
      else if (reduction === 'max') out = `F.${fn}(pad_same(${input}, ${tuple(pool)}, ${tuple(strides)}, ${tuple(pool.map(() => 1))}, float('-inf')), ${tuple(pool)}, ${tuple(strides)})`;
      else out = `avg_pool_same(${input}, ${tuple(pool)}, ${tuple(strides)})`;
      return rank === 1 ? `${out}.transpose(1, 2)` : out;
    },
    helpers: (n) => (info(n).same ? [reduction === 'max' ? PAD_SAME_HELPER : AVG_POOL_SAME_HELPER] : []),
  };
}

function globalPooling(type: string, reduction: Reduction, rank: 1 | 2): TorchLayerEmitter {
  return {
    type,
    forward(n, [x]) {
      const dims = rank === 1 ? '1' : '(2, 3)';
      const keep = bool(n.params, 'keepDims') ? ', keepdim=True' : '';
      return reduction === 'max' ? `torch.amax(${x}, dim=${dims}${keep})` : `${x}.mean(dim=${dims}${keep})`;
    },
  };
}

export const pytorchEmitters: TorchLayerEmitter[] = [
  pooling('MaxPooling1D', 'max', 1),
  pooling('MaxPooling2D', 'max', 2),
  pooling('AveragePooling1D', 'average', 1),
  pooling('AveragePooling2D', 'average', 2),
  globalPooling('GlobalMaxPooling1D', 'max', 1),
  globalPooling('GlobalMaxPooling2D', 'max', 2),
  globalPooling('GlobalAveragePooling1D', 'average', 1),
  globalPooling('GlobalAveragePooling2D', 'average', 2),
];
