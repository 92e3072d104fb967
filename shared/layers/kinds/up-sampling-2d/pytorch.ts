import { pythonHelper } from '../../../codegen/python';
import { nums, str, type TorchLayerEmitter } from '../../../codegen/torch';
import { torchResizeBilinearPy } from './torch_resize_bilinear.py.generated';

const RESIZE_BILINEAR_HELPER = pythonHelper('resize_bilinear_legacy', torchResizeBilinearPy);

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'UpSampling2D',
    forward(n, [x]) {
      const [a, b] = nums(n.params, 'size') as [number, number];
      if (str(n.params, 'interpolation') === 'bilinear') return `resize_bilinear_legacy(${x}, ${a}, ${b})`;
      return `${x}.repeat_interleave(${a}, dim=2).repeat_interleave(${b}, dim=3)`;
    },
    helpers: (n) => (str(n.params, 'interpolation') === 'bilinear' ? [RESIZE_BILINEAR_HELPER] : []),
  },
];
