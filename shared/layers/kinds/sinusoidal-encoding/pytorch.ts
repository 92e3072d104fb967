import { pythonHelper } from '../../../codegen/python';
import { num, type TorchLayerEmitter } from '../../../codegen/torch';
import { torchSinusoidalTablePy } from './torch_sinusoidal_table.py.generated';

const SINUSOIDAL_TABLE_HELPER = pythonHelper('sinusoidal_table', torchSinusoidalTablePy);

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'SinusoidalPositionalEncoding',
    forward: (n, [x]) => `${x} + sinusoidal_table(${x}.shape[1], ${x}.shape[2], ${num(n.params, 'base')}, ${x})`,
    helpers: () => [SINUSOIDAL_TABLE_HELPER],
    mask: { passes: () => true },
  },
];
