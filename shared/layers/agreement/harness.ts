import * as tf from '@tensorflow/tfjs';
import type { TfjsCatalog } from '../tfjs-catalog';
import { registerLayerClasses } from '../custom/register';
import type { ParamCount, Shape } from '../types';

/** One setting of a layer kind whose shapes and parameter counts must agree with tfjs. */
export interface AgreementCase {
  type: string;
  params: Record<string, unknown>;
  /** Incoming shapes including the batch axis (null), in port order. */
  inputs: Shape[];
  /** Input dtype when it is not float32 (Embedding takes int32 ids). */
  dtype?: 'float32' | 'int32';
}

export interface AgreementResult {
  ours: { shapes: Shape[]; params: ParamCount } | { error: string };
  tfjs: { shapes: Shape[]; params: ParamCount };
}

function weightCount(weights: tf.LayerVariable[]): number {
  return weights.reduce((sum, w) => sum + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

/**
 * Builds the kind's tfjs layer on symbolic inputs of the case's shapes and reads back what
 * tfjs computed, next to what our pure inferShape / countParams say.
 */
export function runAgreementCase(catalog: TfjsCatalog, c: AgreementCase): AgreementResult {
  const kind = catalog.kind(c.type);
  if (!kind) throw new Error(`no kind ${c.type}`);
  const resolved = catalog.resolveParams(c.type, c.params);
  if (!resolved.success) throw new Error(resolved.error);
  const p = resolved.params;
  const inferred = kind.inferShape(c.inputs, p, catalog);
  const ours = inferred.ok
    ? { shapes: inferred.shapes, params: kind.countParams(c.inputs, p, catalog) }
    : { error: inferred.message };

  const symbolic = c.inputs.map((s) => tf.input({ batchShape: s, dtype: c.dtype ?? 'float32' }));
  // Built as the compiler builds, with our classes where tfjs resolves one by name.
  registerLayerClasses();
  const layer = catalog.build(c.type, p, `${c.type.toLowerCase()}_under_test`, c.inputs);
  const out = layer.apply(symbolic.length === 1 ? symbolic[0]! : symbolic);
  const outs = (Array.isArray(out) ? out : [out]) as tf.SymbolicTensor[];
  return {
    ours,
    tfjs: {
      shapes: outs.map((o) => o.shape as Shape),
      params: { trainable: weightCount(layer.trainableWeights), nonTrainable: weightCount(layer.nonTrainableWeights) },
    },
  };
}
