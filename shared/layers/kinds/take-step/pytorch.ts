import { layoutHelpers, num, toGraphLayout, toTorchLayout, type TorchLayerEmitter } from '../../../codegen/torch';

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'TakeStep',
    forward: (n, [x]) => toTorchLayout(`${toGraphLayout(x!, n.inputShapes[0]!.length)}[:, ${num(n.params, 'index')}]`, n.outputShapes[0]!.length),
    helpers: (n) => layoutHelpers(n.inputShapes[0]!.length, n.outputShapes[0]!.length),
  },
];
