import { pythonHelper, type Params } from '../../../codegen/python';
import { isTorchInput, LAYOUT_HELPER, toGraphLayout, toTorchLayout, unwrittenMaskReader, type Shape, type TorchLayerEmitter, type TorchNode } from '../../../codegen/torch';
import { torchTimeDistributedPy } from './torch_time_distributed.py.generated';

const TIME_DISTRIBUTED_HELPER = pythonHelper('time_distributed', torchTimeDistributedPy);

/** The node TimeDistributed wraps, seen as a node of its own on one time step. */
function innerNode(n: TorchNode): { layer: TorchLayerEmitter; node: TorchNode } | string {
  const spec = n.params.layer as { type: string; params: Params };
  const layer = n.ctx.emitter(spec.type);
  if (!layer || isTorchInput(layer)) return `TimeDistributed around ${spec.type}, which is not exported to PyTorch`;
  const stepShape = (s: Shape): Shape => [null, ...s.slice(2)];
  const node: TorchNode = {
    attr: n.attr,
    params: n.ctx.params(spec.type, spec.params),
    inputShapes: n.inputShapes.map(stepShape),
    outputShapes: n.outputShapes.map(stepShape),
    ctx: n.ctx,
  };
  return { layer, node };
}

const written = (n: TorchNode) => innerNode(n) as { layer: TorchLayerEmitter; node: TorchNode };

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'TimeDistributed',
    refuse(n) {
      const inner = innerNode(n);
      if (typeof inner === 'string') return inner;
      return inner.layer.refuse?.(inner.node) ?? null;
    },
    module(n) {
      const inner = written(n);
      return inner.layer.module?.(inner.node) ?? 'nn.Identity()';
    },
    forward(n, [x], self) {
      const { layer, node } = written(n);
      const inRank = n.inputShapes[0]!.length;
      const stepIn = node.inputShapes[0]!.length;
      const stepOut = node.outputShapes[0]!.length;
      const body = toGraphLayout(layer.forward(node, [toTorchLayout('step', stepIn)], self), stepOut);
      return toTorchLayout(`time_distributed(lambda step: ${body}, ${toGraphLayout(x!, inRank)})`, n.outputShapes[0]!.length);
    },
    weights(n) {
      const { layer, node } = written(n);
      return layer.weights?.(node) ?? [];
    },
    helpers(n) {
      const { layer, node } = written(n);
      return [TIME_DISTRIBUTED_HELPER, LAYOUT_HELPER, ...(layer.helpers?.(node) ?? [])];
    },
    mask: { refuse: () => unwrittenMaskReader('TimeDistributed') },
  },
];
