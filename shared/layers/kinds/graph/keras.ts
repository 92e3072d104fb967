import { construct, kwargs, type KerasLayerEmitter } from '../../../codegen/keras';
import { pythonHelper } from '../../../codegen/python';
import { kerasGatConvPy } from './keras_gat_conv.py.generated';
import { kerasGcnConvPy } from './keras_gcn_conv.py.generated';
import { kerasGraphOpsPy } from './keras_graph_ops.py.generated';
import { kerasGraphReadoutPy } from './keras_graph_readout.py.generated';
import { kerasMessagePassingPy } from './keras_message_passing.py.generated';
import { kerasSageConvPy } from './keras_sage_conv.py.generated';

/**
 * Keras has no graph layers: model.py defines ours, each creating its weights in the order
 * the tfjs layer does, so weights.bin's per-layer lists load with set_weights.
 */
const GRAPH_OPS = pythonHelper('graph_ops', kerasGraphOpsPy);
const graphClass = (name: string, code: string) => {
  const h = pythonHelper(name, code, [GRAPH_OPS]);
  return () => [h];
};

export const kerasEmitters: KerasLayerEmitter[] = [
  {
    type: 'MessagePassing',
    layer: (p, _ctx, name) =>
      construct(
        'MessagePassing',
        [
          String(p.units),
          ...kwargs(p, {
            message: ['message', 'linear'],
            messageUnits: ['message_units', 16],
            aggregate: ['aggregate', 'sum'],
            activation: ['activation', 'linear'],
            selfLoops: ['self_loops', false],
            useBias: ['use_bias', true],
          }),
        ],
        name,
      ),
    helpers: graphClass('MessagePassing', kerasMessagePassingPy),
  },
  {
    type: 'GCNConv',
    layer: (p, _ctx, name) =>
      construct('GCNConv', [String(p.units), ...kwargs(p, { activation: ['activation', 'linear'], useBias: ['use_bias', true], selfLoops: ['self_loops', true] })], name),
    helpers: graphClass('GCNConv', kerasGcnConvPy),
  },
  {
    type: 'SAGEConv',
    layer: (p, _ctx, name) => construct('SAGEConv', [String(p.units), ...kwargs(p, { activation: ['activation', 'linear'], useBias: ['use_bias', true] })], name),
    helpers: graphClass('SAGEConv', kerasSageConvPy),
  },
  {
    type: 'GATConv',
    layer: (p, _ctx, name) =>
      construct(
        'GATConv',
        [
          String(p.units),
          ...kwargs(p, {
            heads: ['heads', 1],
            concatHeads: ['concat_heads', true],
            negativeSlope: ['negative_slope', 0.2],
            activation: ['activation', 'linear'],
            selfLoops: ['self_loops', true],
            useBias: ['use_bias', true],
          }),
        ],
        name,
      ),
    helpers: graphClass('GATConv', kerasGatConvPy),
  },
  {
    type: 'GraphReadout',
    layer: (p, _ctx, name) => construct('GraphReadout', kwargs(p, { mode: ['mode', 'mean'] }), name),
    helpers: graphClass('GraphReadout', kerasGraphReadoutPy),
  },
];
