import { layoutHelpers, toGraphLayout, type TorchLayerEmitter } from '../../../codegen/torch';

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'Flatten',
    // Flattened in the graph's (channels-last) order, so the Dense after it gets its features in the same order.
    forward: (n, [x]) => `torch.flatten(${toGraphLayout(x!, n.inputShapes[0]!.length)}, 1)`,
    helpers: (n) => layoutHelpers(n.inputShapes[0]!.length),
  },
];
