import { z } from 'zod';
import { AGGREGATIONS, checkEdgeIndex, checkNodeFeatures, MESSAGE_FUNCTIONS, messagePassingWidths, READOUTS } from '../../graph/graph-shapes';
import { activation, positiveInt } from '../../params';
import { fail, formatShape, ok } from '../../shape-utils';
import { defineSpec, type InferResult, type Shape } from '../../types';
import { kindErrors } from './shape-errors';

function edgeFeatureWidth(inputs: Shape[]): number | InferResult {
  const shape = inputs[2];
  if (!shape) return 0;
  if (shape.length !== 2 || shape[1] === null)
    return fail(kindErrors.error('edgeFeaturesShape', { shape: formatShape(shape) }), 'edgeFeatures');
  return shape[1];
}

export const messagePassingSpec = defineSpec({
  type: 'MessagePassing',
  order: 380,
  shapeErrors: kindErrors.texts,
  family: 'Graph',
  label: 'Message passing',
  doc: 'The general graph layer: messages along edges, summed / averaged / maxed into each node, then a linear update.',
  params: z.object({
    units: positiveInt(16),
    message: z.enum(MESSAGE_FUNCTIONS).default('linear'),
    /** Width of a linear message. */
    messageUnits: positiveInt(16),
    aggregate: z.enum(AGGREGATIONS).default('sum'),
    activation: activation('relu'),
    selfLoops: z.boolean().default(false),
    useBias: z.boolean().default(true),
  }),
  inputs: [{ name: 'nodes' }, { name: 'edges', dtype: 'int32' }, { name: 'edgeFeatures', optional: true }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const problem = checkNodeFeatures(inputs[0], 'MessagePassing') ?? checkEdgeIndex(inputs[1], 'MessagePassing');
    if (problem) return problem;
    const edgeWidth = edgeFeatureWidth(inputs);
    if (typeof edgeWidth !== 'number') return edgeWidth;
    return ok([inputs[0]![0] ?? null, p.units]);
  },
  countParams(inputs, p) {
    const features = inputs[0]![1]!;
    const { messageInput, messageWidth } = messagePassingWidths(features, edgeFeatureWidth(inputs) as number, p.message, p.messageUnits);
    const message = p.message === 'linear' ? messageInput * messageWidth + (p.useBias ? messageWidth : 0) : 0;
    const update = (features + messageWidth) * p.units + (p.useBias ? p.units : 0);
    return { trainable: message + update, nonTrainable: 0 };
  },
});

export const gcnConvSpec = defineSpec({
  type: 'GCNConv',
  order: 390,
  shapeErrors: kindErrors.texts,
  family: 'Graph',
  label: 'GCNConv (graph convolution)',
  doc: 'Graph convolution: each node averages its neighbours and itself, weighted 1/√(deg·deg), then a linear map.',
  params: z.object({
    units: positiveInt(16),
    activation: activation('relu'),
    useBias: z.boolean().default(true),
    /** Count each node as its own neighbour (the A + I of the paper). */
    selfLoops: z.boolean().default(true),
  }),
  inputs: [{ name: 'nodes' }, { name: 'edges', dtype: 'int32' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const problem = checkNodeFeatures(inputs[0], 'GCNConv') ?? checkEdgeIndex(inputs[1], 'GCNConv');
    if (problem) return problem;
    return ok([inputs[0]![0] ?? null, p.units]);
  },
  countParams: (inputs, p) => ({ trainable: inputs[0]![1]! * p.units + (p.useBias ? p.units : 0), nonTrainable: 0 }),
});

export const sageConvSpec = defineSpec({
  type: 'SAGEConv',
  order: 400,
  shapeErrors: kindErrors.texts,
  family: 'Graph',
  label: 'SAGEConv (GraphSAGE)',
  doc: 'GraphSAGE: a linear map of each node’s own features beside the mean of its neighbours’.',
  params: z.object({
    units: positiveInt(16),
    activation: activation('relu'),
    useBias: z.boolean().default(true),
  }),
  inputs: [{ name: 'nodes' }, { name: 'edges', dtype: 'int32' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const problem = checkNodeFeatures(inputs[0], 'SAGEConv') ?? checkEdgeIndex(inputs[1], 'SAGEConv');
    if (problem) return problem;
    return ok([inputs[0]![0] ?? null, p.units]);
  },
  countParams: (inputs, p) => ({ trainable: 2 * inputs[0]![1]! * p.units + (p.useBias ? p.units : 0), nonTrainable: 0 }),
});

export const gatConvSpec = defineSpec({
  type: 'GATConv',
  order: 410,
  shapeErrors: kindErrors.texts,
  family: 'Graph',
  label: 'GATConv (graph attention)',
  doc: 'Graph attention: each node weighs its neighbours by learned scores (softmax over its edges), per head.',
  params: z.object({
    /** Features per head. */
    units: positiveInt(8),
    heads: positiveInt(4),
    /** true: heads side by side (units × heads features); false: their average (units). */
    concatHeads: z.boolean().default(true),
    /** Slope of the leaky ReLU on the attention scores. */
    negativeSlope: z.number().min(0).max(1).default(0.2),
    activation: activation('elu'),
    selfLoops: z.boolean().default(true),
    useBias: z.boolean().default(true),
  }),
  inputs: [{ name: 'nodes' }, { name: 'edges', dtype: 'int32' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const problem = checkNodeFeatures(inputs[0], 'GATConv') ?? checkEdgeIndex(inputs[1], 'GATConv');
    if (problem) return problem;
    return ok([inputs[0]![0] ?? null, p.concatHeads ? p.heads * p.units : p.units]);
  },
  countParams(inputs, p) {
    const features = inputs[0]![1]!;
    const width = p.concatHeads ? p.heads * p.units : p.units;
    return { trainable: features * p.heads * p.units + 2 * p.heads * p.units + (p.useBias ? width : 0), nonTrainable: 0 };
  },
});

export const graphReadoutSpec = defineSpec({
  type: 'GraphReadout',
  order: 420,
  shapeErrors: kindErrors.texts,
  family: 'Graph',
  label: 'Graph readout',
  doc: 'Pools the node features of each graph into one row (sum, mean or max) for graph classification.',
  params: z.object({
    mode: z.enum(READOUTS).default('mean'),
  }),
  inputs: [{ name: 'nodes' }, { name: 'graph', optional: true, dtype: 'int32' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs) {
    const problem = checkNodeFeatures(inputs[0], 'GraphReadout');
    if (problem) return problem;
    const ids = inputs[1];
    if (ids && !(ids.length === 2 && ids[1] === 1))
      return fail(kindErrors.error('graphIdsShape', { shape: formatShape(ids) }), 'graph');
    return ok([null, inputs[0]![1]!]);
  },
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
});

export const specs = [messagePassingSpec, gcnConvSpec, sageConvSpec, gatConvSpec, graphReadoutSpec];
