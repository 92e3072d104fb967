import { bool, isLastAxis, num, type TorchLayerEmitter } from '../../../codegen/torch';

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'BatchNormalization',
    refuse(n) {
      const rank = n.inputShapes[0]!.length;
      if (!isLastAxis(num(n.params, 'axis'), rank)) return 'BatchNormalization along an axis other than the last (features / channels) is not exported to PyTorch yet';
      if (bool(n.params, 'center') !== bool(n.params, 'scale')) return 'BatchNormalization with only one of center and scale has no PyTorch equivalent — turn both on or both off';
      return null;
    },
    module(n) {
      const shape = n.inputShapes[0]!;
      const cls = shape.length === 4 ? 'nn.BatchNorm2d' : 'nn.BatchNorm1d';
      // PyTorch's momentum weighs the new batch; Keras's the running average.
      const momentum = Number((1 - num(n.params, 'momentum')).toPrecision(6));
      return `${cls}(${shape.at(-1)}, eps=${num(n.params, 'epsilon')}, momentum=${momentum}${bool(n.params, 'scale') ? '' : ', affine=False'})`;
    },
    forward: (n, [x], self) => (n.inputShapes[0]!.length === 3 ? `${self}(${x}.transpose(1, 2)).transpose(1, 2)` : `${self}(${x})`),
    weights: (n) => [
      ...(bool(n.params, 'scale') ? [{ key: 'weight', source: 'gamma', steps: [] }, { key: 'bias', source: 'beta', steps: [] }] : []),
      { key: 'running_mean', source: 'moving_mean', steps: [] },
      { key: 'running_var', source: 'moving_variance', steps: [] },
    ],
    mask: { passes: () => true },
  },
];
