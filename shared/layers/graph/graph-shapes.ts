import { shapeError } from '../shape-errors';
import { fail, formatShape } from '../shape-utils';
import type { InferResult, Shape } from '../types';

/** What the graph kinds check of their inputs, and the choices their layers offer (no tfjs here). */
export const MESSAGE_FUNCTIONS = ['identity', 'linear'] as const;
export const AGGREGATIONS = ['sum', 'mean', 'max'] as const;
export const READOUTS = ['sum', 'mean', 'max'] as const;

/** Node features must be [nodes, features] with known features. */
export function checkNodeFeatures(shape: Shape | undefined, layer: string, port = 'nodes'): InferResult | null {
  if (!shape) return fail(shapeError('nodeFeaturesMissing', { layer }), port);
  if (shape.length !== 2 || shape[1] === null) return fail(shapeError('nodeFeaturesShape', { layer, port, shape: formatShape(shape) }), port);
  return null;
}

/** An edge index must be [edges, 2]: one (source, target) pair per row. */
export function checkEdgeIndex(shape: Shape | undefined, layer: string, port = 'edges'): InferResult | null {
  if (!shape) return fail(shapeError('edgeIndexMissing', { layer }), port);
  if (shape.length !== 2 || shape[1] !== 2) return fail(shapeError('edgeIndexShape', { layer, port, shape: formatShape(shape) }), port);
  return null;
}

/** Widths of a message-passing layer's message input (source ‖ edge features) and of the message itself. */
export function messagePassingWidths(nodeFeatures: number, edgeFeatures: number, message: string, messageUnits: number) {
  const messageInput = nodeFeatures + edgeFeatures;
  return { messageInput, messageWidth: message === 'linear' ? messageUnits : messageInput };
}
