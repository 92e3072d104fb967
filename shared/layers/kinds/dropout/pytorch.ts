import { num, type TorchLayerEmitter } from '../../../codegen/torch';

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'Dropout',
    module: (n) => `nn.Dropout(${num(n.params, 'rate')})`,
    forward: (_n, [x], self) => `${self}(${x})`,
    mask: { passes: () => true },
  },
];
