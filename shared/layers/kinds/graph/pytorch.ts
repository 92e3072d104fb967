import { pythonHelper } from '../../../codegen/python';
import { activationCode, bool, num, str, type TorchLayerEmitter, type TorchNode, type TorchWeight } from '../../../codegen/torch';
import { torchGatConvPy } from './torch_gat_conv.py.generated';
import { torchGcnConvPy } from './torch_gcn_conv.py.generated';
import { torchGraphOpsPy } from './torch_graph_ops.py.generated';
import { torchGraphReadoutPy } from './torch_graph_readout.py.generated';
import { torchMessagePassingPy } from './torch_message_passing.py.generated';
import { torchSageConvPy } from './torch_sage_conv.py.generated';

/**
 * Graph layers take [node features [N, F], edge index [E, 2], …] in the graph's own layout
 * (N and E are the free first axes) and scatter along the edges with plain torch
 * (index_add / scatter_reduce), as NN Designer does: no torch_geometric needed.
 */
const GRAPH_OPS = pythonHelper('graph_ops', torchGraphOpsPy);
const helper = (name: string, code: string) => {
  const h = pythonHelper(name, code, [GRAPH_OPS]);
  return () => [h];
};

const linearFrom = (key: string, source: string, withBias: boolean, biasKey = `${key}.bias`, biasSource = 'bias'): TorchWeight[] => [
  { key: `${key}.weight`, source, steps: [{ op: 'transpose', perm: [1, 0] }] },
  ...(withBias ? [{ key: biasKey, source: biasSource, steps: [] }] : []),
];
const graphForward = (n: TorchNode, args: string[], self: string) => activationCode(str(n.params, 'activation'), `${self}(${args.join(', ')})`, 2);

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'MessagePassing',
    module(n) {
      const edgeFeatures = n.inputShapes[2]?.[1] ?? 0;
      const args = [`${n.inputShapes[0]![1]}`, `${edgeFeatures}`, `${num(n.params, 'units')}`, `message='${str(n.params, 'message')}'`];
      if (str(n.params, 'message') === 'linear') args.push(`message_units=${num(n.params, 'messageUnits')}`);
      args.push(`aggregate='${str(n.params, 'aggregate')}'`);
      if (bool(n.params, 'selfLoops')) args.push('self_loops=True');
      if (!bool(n.params, 'useBias')) args.push('use_bias=False');
      return `MessagePassing(${args.join(', ')})`;
    },
    forward: graphForward,
    weights: (n) => [
      ...(str(n.params, 'message') === 'linear' ? linearFrom('message', 'message_kernel', bool(n.params, 'useBias'), 'message.bias', 'message_bias') : []),
      ...linearFrom('update', 'update_kernel', bool(n.params, 'useBias'), 'update.bias', 'update_bias'),
    ],
    helpers: helper('MessagePassing', torchMessagePassingPy),
  },
  {
    type: 'GCNConv',
    module: (n) =>
      `GCNConv(${n.inputShapes[0]![1]}, ${num(n.params, 'units')}${bool(n.params, 'useBias') ? '' : ', use_bias=False'}${bool(n.params, 'selfLoops') ? '' : ', self_loops=False'})`,
    forward: graphForward,
    weights: (n) => linearFrom('linear', 'kernel', bool(n.params, 'useBias'), 'bias'),
    helpers: helper('GCNConv', torchGcnConvPy),
  },
  {
    type: 'SAGEConv',
    module: (n) => `SAGEConv(${n.inputShapes[0]![1]}, ${num(n.params, 'units')}${bool(n.params, 'useBias') ? '' : ', use_bias=False'})`,
    forward: graphForward,
    weights: (n) => linearFrom('linear', 'kernel', bool(n.params, 'useBias')),
    helpers: helper('SAGEConv', torchSageConvPy),
  },
  {
    type: 'GATConv',
    module(n) {
      const args = [`${n.inputShapes[0]![1]}`, `${num(n.params, 'units')}`, `heads=${num(n.params, 'heads')}`];
      if (!bool(n.params, 'concatHeads')) args.push('concat_heads=False');
      if (num(n.params, 'negativeSlope') !== 0.2) args.push(`negative_slope=${num(n.params, 'negativeSlope')}`);
      if (!bool(n.params, 'selfLoops')) args.push('self_loops=False');
      if (!bool(n.params, 'useBias')) args.push('use_bias=False');
      return `GATConv(${args.join(', ')})`;
    },
    forward: graphForward,
    weights: (n) => [
      ...linearFrom('linear', 'kernel', false),
      { key: 'attention_source', source: 'attention_source', steps: [] },
      { key: 'attention_target', source: 'attention_target', steps: [] },
      ...(bool(n.params, 'useBias') ? [{ key: 'bias', source: 'bias', steps: [] }] : []),
    ],
    helpers: helper('GATConv', torchGatConvPy),
  },
  {
    type: 'GraphReadout',
    module: (n) => `GraphReadout('${str(n.params, 'mode')}')`,
    forward: (_n, args, self) => `${self}(${args.join(', ')})`,
    helpers: helper('GraphReadout', torchGraphReadoutPy),
  },
];
