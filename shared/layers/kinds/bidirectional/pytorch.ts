import { pythonHelper, type Params } from '../../../codegen/python';
import { bool, isTorchInput, str, unwrittenMaskReader, type TorchLayerEmitter, type TorchNode } from '../../../codegen/torch';
import { torchBidirectionalPy } from './torch_bidirectional.py.generated';

const BIDIRECTIONAL_HELPER = pythonHelper('Bidirectional', torchBidirectionalPy);

/** The wrapped recurrent layer's emitter, and the wrapped layer as a node reading forwards or backwards. */
function wrapped(n: TorchNode): { emitter: TorchLayerEmitter; node: (goBackwards?: boolean) => TorchNode } {
  const layer = n.params.layer as { type: string; params: Params };
  const emitter = n.ctx.emitter(layer.type);
  if (!emitter || isTorchInput(emitter)) throw new Error(`Bidirectional around ${layer.type}, which has no PyTorch emitter`);
  const params = n.ctx.params(layer.type, layer.params);
  return { emitter, node: (goBackwards) => ({ ...n, params: goBackwards === undefined ? params : { ...params, goBackwards } }) };
}

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'Bidirectional',
    module(n) {
      const { emitter, node } = wrapped(n);
      return `Bidirectional(\n            ${emitter.module!(node(false))},\n            ${emitter.module!(node(true))},\n            '${str(n.params, 'mergeMode')}')`;
    },
    forward: (_n, [x], self) => `${self}(${x})`,
    weights(n) {
      const { emitter, node } = wrapped(n);
      const copy = (within: 'forward' | 'backward') =>
        (emitter.weights?.(node()) ?? []).map((w) => ({ key: `${within}_layer.${w.key}`, source: w.source, steps: w.steps, within }));
      return [...copy('forward'), ...copy('backward')];
    },
    helpers(n) {
      const { emitter, node } = wrapped(n);
      return [...(emitter.helpers?.(node()) ?? []), BIDIRECTIONAL_HELPER];
    },
    refuse(n) {
      const { node } = wrapped(n);
      return bool(node().params, 'goBackwards') ? 'Bidirectional around a layer that already reads backwards is not exported to PyTorch' : null;
    },
    mask: { refuse: () => unwrittenMaskReader('Bidirectional') },
  },
];
