import { num, torchAxis, unwrittenMaskReader, type TorchLayerEmitter } from '../../../codegen/torch';

/**
 * tfjs's element-wise merges hand on their first input's mask; with more than two inputs
 * they combine the masks, which the export does not write.
 */
const elementwise = (type: string, combine: (args: string[]) => string): TorchLayerEmitter => ({
  type,
  forward: (_n, args) => combine(args),
  mask: {
    passes: () => true,
    refuse: (_n, inputs) => (inputs > 2 ? `${type} of more than two inputs after an Embedding with maskZero is not exported to PyTorch yet — turn maskZero off` : null),
  },
});
const fold = (fn: string) => (args: string[]) => args.slice(1).reduce((acc, a) => `${fn}(${acc}, ${a})`, args[0]!);

export const pytorchEmitters: TorchLayerEmitter[] = [
  elementwise('Add', (args) => args.join(' + ')),
  elementwise('Multiply', (args) => args.join(' * ')),
  elementwise('Average', (args) => `(${args.join(' + ')}) / ${args.length}`),
  elementwise('Maximum', fold('torch.maximum')),
  elementwise('Minimum', fold('torch.minimum')),
  {
    type: 'Concatenate',
    forward: (n, args) => `torch.cat([${args.join(', ')}], dim=${torchAxis(num(n.params, 'axis'), n.outputShapes[0]!.length)})`,
    mask: { refuse: () => unwrittenMaskReader('Concatenate') },
  },
];
