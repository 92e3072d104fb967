import { num, type TorchLayerEmitter } from '../../../codegen/torch';

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'RepeatVector',
    forward: (n, [x]) => `${x}.unsqueeze(1).repeat(1, ${num(n.params, 'n')}, 1)`,
  },
];
