import { pyBool, pythonHelper } from '../../../codegen/python';
import { bool, isLastAxis, num, torchAxis, type TorchLayerEmitter, type TorchNode } from '../../../codegen/torch';
import { torchLayerNormPy } from './torch_layer_norm.py.generated';

const LAYER_NORM_HELPER = pythonHelper('LayerNormOverAxis', torchLayerNormPy);

/** nn.LayerNorm normalises the last axes with both scale and offset: the common case. */
function plainLayerNorm(n: TorchNode): boolean {
  const shape = n.inputShapes[0]!;
  return shape.length !== 4 && isLastAxis(num(n.params, 'axis'), shape.length) && bool(n.params, 'center') && bool(n.params, 'scale');
}

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'LayerNormalization',
    module(n) {
      const shape = n.inputShapes[0]!;
      const axis = num(n.params, 'axis');
      const size = shape[axis < 0 ? shape.length + axis : axis]!;
      const eps = num(n.params, 'epsilon');
      if (plainLayerNorm(n)) return `nn.LayerNorm(${size}, eps=${eps})`;
      return `LayerNormOverAxis(${size}, dim=${torchAxis(axis, shape.length)}, eps=${eps}, center=${pyBool(bool(n.params, 'center'))}, scale=${pyBool(bool(n.params, 'scale'))})`;
    },
    forward: (_n, [x], self) => `${self}(${x})`,
    weights: (n) => [
      ...(bool(n.params, 'scale') ? [{ key: 'weight', source: 'gamma', steps: [] }] : []),
      ...(bool(n.params, 'center') ? [{ key: 'bias', source: 'beta', steps: [] }] : []),
    ],
    helpers: (n) => (plainLayerNorm(n) ? [] : [LAYER_NORM_HELPER]),
    mask: { passes: () => true },
  },
];
