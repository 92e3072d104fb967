import { convOutputLength, fail, formatShape, isInferFailure, singleInput } from './shape-utils';
import type { InferResult, Shape } from './types';

/**
 * Input checks shared by the convolution, pooling and padding kinds. Everything is
 * channels-last: a sequence is [batch, steps, channels], an image [batch, height, width, channels].
 */

function reshapeHintForImage(x: Shape): string {
  if (x.length === 2 && x[1] !== null) {
    const side = Math.round(Math.sqrt(x[1]));
    return side * side === x[1]
      ? `add a Reshape to [${side}, ${side}, 1] before it`
      : 'add a Reshape before it that gives each sample [height, width, channels]';
  }
  if (x.length === 3) return `add a Reshape to [${x[1] ?? 'height'}, ${x[2] ?? 'width'}, 1] before it to give it a channel axis`;
  if (x.length === 2) return 'add a Reshape before it that gives each sample [height, width, channels]';
  return 'it works on images [batch, height, width, channels] only';
}

function reshapeHintForSequence(x: Shape): string {
  if (x.length === 2) return `add a Reshape to [${x[1] ?? 'steps'}, 1] before it so each feature becomes a time step`;
  if (x.length === 4) return 'use the 2-D version of this layer for images, or Reshape to [steps, channels] first';
  return 'it works on sequences [batch, steps, channels] only';
}

/** The input of a layer that slides over an image; its channel count must be known. */
export function imageInput(inputs: Shape[], label: string, needsChannels = true): Shape | InferResult {
  const x = singleInput(inputs, label);
  if (isInferFailure(x)) return x;
  if (x.length !== 4)
    return fail(`${label} expects a 4-D input [batch, height, width, channels] but gets ${formatShape(x)} — ${reshapeHintForImage(x)}`, 'in');
  if (needsChannels && x[3] === null)
    return fail(`${label} needs a known number of channels (the last axis) but gets ${formatShape(x)} — give the Input a fixed channel count`, 'in');
  return x;
}

/** The input of a layer that slides along a sequence; its channel count must be known. */
export function sequenceInput(inputs: Shape[], label: string, needsChannels = true): Shape | InferResult {
  const x = singleInput(inputs, label);
  if (isInferFailure(x)) return x;
  if (x.length !== 3)
    return fail(`${label} expects a 3-D input [batch, steps, channels] but gets ${formatShape(x)} — ${reshapeHintForSequence(x)}`, 'in');
  if (needsChannels && x[2] === null)
    return fail(`${label} needs a known number of channels (the last axis) but gets ${formatShape(x)} — give the Input a fixed channel count`, 'in');
  return x;
}

export interface Window {
  size: number[];
  strides: number[];
  padding: 'valid' | 'same' | 'causal';
  dilation?: number[];
}

/**
 * The spatial sizes after sliding a window over `spatial` (Keras rules), or a failure that
 * says the window does not fit and what to change.
 */
export function slideWindow(label: string, what: 'kernel' | 'pool', x: Shape, spatial: Shape, w: Window): Shape | InferResult {
  const out: Shape = [];
  for (const [i, length] of spatial.entries()) {
    const dilation = w.dilation?.[i] ?? 1;
    const size = w.size[i]!;
    const reach = size + (size - 1) * (dilation - 1);
    const n = convOutputLength(length, size, w.padding, w.strides[i]!, dilation);
    if (n !== null && n <= 0) {
      const dilated = dilation > 1 ? ` (spanning ${reach} with dilation ${dilation})` : '';
      return fail(
        `${label}'s ${what} of ${w.size.join('×')}${dilated} does not fit in ${formatShape(x)} with padding "valid" — use padding "same", a smaller ${what}, or less downsampling before it`,
        'in',
      );
    }
    out.push(n);
  }
  return out;
}
