import { layoutHelpers, nums, toGraphLayout, toTorchLayout, type TorchLayerEmitter } from '../../../codegen/torch';

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'Permute',
    forward(n, [x]) {
      const inRank = n.inputShapes[0]!.length;
      return toTorchLayout(`${toGraphLayout(x!, inRank)}.permute(0, ${nums(n.params, 'dims').join(', ')})`, n.outputShapes[0]!.length);
    },
    helpers: (n) => layoutHelpers(n.inputShapes[0]!.length, n.outputShapes[0]!.length),
  },
];
