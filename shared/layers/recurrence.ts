import { shapeError, shapeHint } from './shape-errors';
import { expectRank, fail, formatShape, isInferFailure, singleInput } from './shape-utils';
import type { InferResult, Shape } from './types';

/**
 * The input check every recurrent layer makes, shared by the recurrent kinds and the
 * Bidirectional wrapper (which names itself in the message).
 */
/** Shape of the step input a recurrent layer reads: [batch, steps, features] with known features. */
export function recurrentInput(inputs: Shape[], label: string): Shape | InferResult {
  const x = singleInput(inputs, label);
  if (isInferFailure(x)) return x;
  const hint = x.length === 2 ? shapeHint('reshapeOrEmbedding', { target: `[${x[1] ?? 'steps'}, 1]` }) : shapeHint('reshapeToStepsFeatures');
  const wrongRank = expectRank(x, 3, label, '[batch, steps, features]', hint);
  if (wrongRank) return wrongRank;
  if (x[2] === null)
    return fail(shapeError('unknownStepFeatures', { layer: label, shape: formatShape(x) }), 'in');
  return x;
}
