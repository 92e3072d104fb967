import { layoutHelpers, toGraphLayout, toTorchLayout, type TorchLayerEmitter } from '../../../codegen/torch';

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'Reshape',
    forward(n, [x]) {
      const inRank = n.inputShapes[0]!.length;
      const out = n.outputShapes[0]!;
      const target = out.slice(1).map((d) => (d === null ? -1 : d));
      return toTorchLayout(`${toGraphLayout(x!, inRank)}.reshape(${x}.shape[0], ${target.join(', ')})`, out.length);
    },
    helpers: (n) => layoutHelpers(n.inputShapes[0]!.length, n.outputShapes[0]!.length),
  },
];
