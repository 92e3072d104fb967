import { activationCode, biasWeight, bool, num, str, type TorchLayerEmitter } from '../../../codegen/torch';

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'Dense',
    module: (n) => {
      const features = n.inputShapes[0]!.at(-1)!;
      return `nn.Linear(${features}, ${num(n.params, 'units')}${bool(n.params, 'useBias') ? '' : ', bias=False'})`;
    },
    forward: (n, [x], self) => activationCode(str(n.params, 'activation'), `${self}(${x})`, n.outputShapes[0]!.length),
    weights: (n) => [{ key: 'weight', source: 'kernel', steps: [{ op: 'transpose', perm: [1, 0] }] }, ...biasWeight(n.params)],
    mask: { passes: () => true },
  },
];
