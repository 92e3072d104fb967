import { activationCode, str, type TorchLayerEmitter } from '../../../codegen/torch';

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'Activation',
    forward: (n, [x]) => activationCode(str(n.params, 'activation'), x!, n.inputShapes[0]!.length, n.params.alpha as number | undefined),
    mask: { passes: () => true },
  },
];
