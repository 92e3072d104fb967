import { shapeError, shapeErrorMessage, type ShapeError, type ShapeHint } from './shape-errors';
import type { InferResult, Shape } from './types';

/** `[batch, 28, 28, 1]` — how shapes read in every message a person sees. */
export function formatShape(shape: Shape): string {
  return `[${shape.map((d, i) => (d === null ? (i === 0 ? 'batch' : '?') : String(d))).join(', ')}]`;
}

/** `[24, 24, 1]`, `[?, 64]` — one sample's shape (no batch axis), as targets and fields are described. */
export function formatSampleShape(shape: Shape): string {
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

export function ok(...shapes: Shape[]): InferResult {
  return { ok: true, shapes };
}

export function fail(error: ShapeError, port?: string): InferResult {
  const message = shapeErrorMessage(error);
  return port === undefined ? { ok: false, message, error } : { ok: false, message, error, port };
}

/** Product of the known dimensions; null when any is unknown. */
export function knownProduct(dims: Shape): number | null {
  let p = 1;
  for (const d of dims) {
    if (d === null) return null;
    p *= d;
  }
  return p;
}

/** The single input of a one-input layer, or a typed failure. */
export function singleInput(inputs: Shape[], label: string): Shape | InferResult {
  if (inputs.length !== 1) return fail(shapeError('oneInput', { layer: label, count: inputs.length }), 'in');
  return inputs[0]!;
}

/**
 * Requires an exact rank. The message names the expected layout and, where a common fix
 * exists, says what to add.
 */
export function expectRank(
  shape: Shape,
  rank: number,
  label: string,
  layout: string,
  hint?: ShapeHint,
): InferResult | null {
  if (shape.length === rank) return null;
  return fail(shapeError('rank', { layer: label, rank, layout, shape: formatShape(shape) }, hint ? { hint } : {}), 'in');
}

export function isInferFailure(x: Shape | InferResult): x is InferResult {
  return !Array.isArray(x);
}

/** Output length of a convolution or pooling window along one axis (Keras rules). */
export function convOutputLength(
  length: number | null,
  window: number,
  padding: 'valid' | 'same' | 'causal',
  stride: number,
  dilation = 1,
): number | null {
  if (length === null) return null;
  const dilated = window + (window - 1) * (dilation - 1);
  let out: number;
  if (padding === 'same' || padding === 'causal') out = length;
  else out = length - dilated + 1;
  return Math.floor((out + stride - 1) / stride);
}

/** Output length of a transposed convolution along one axis (Keras rules, no output_padding). */
export function deconvOutputLength(
  length: number | null,
  window: number,
  padding: 'valid' | 'same',
  stride: number,
): number | null {
  if (length === null) return null;
  return padding === 'valid' ? length * stride + Math.max(window - stride, 0) : length * stride;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
