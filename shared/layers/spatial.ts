import { shapeError, shapeHint, type ShapeHint } from './shape-errors';
import { convOutputLength, expectRank, fail, formatShape, isInferFailure, singleInput } from './shape-utils';
import type { InferResult, Shape } from './types';

/**
 * Input checks shared by the convolution, pooling and padding kinds. Everything is
 * channels-last: a sequence is [batch, steps, channels], an image [batch, height, width, channels].
 */

function reshapeHintForImage(x: Shape): ShapeHint {
  if (x.length === 2 && x[1] !== null) {
    const side = Math.round(Math.sqrt(x[1]));
    return side * side === x[1] ? shapeHint('reshapeTo', { target: `[${side}, ${side}, 1]` }) : shapeHint('reshapeToImage');
  }
  if (x.length === 3) return shapeHint('reshapeAddChannel', { target: `[${x[1] ?? 'height'}, ${x[2] ?? 'width'}, 1]` });
  if (x.length === 2) return shapeHint('reshapeToImage');
  return shapeHint('imagesOnly');
}

function reshapeHintForSequence(x: Shape): ShapeHint {
  if (x.length === 2) return shapeHint('reshapeToSteps', { target: `[${x[1] ?? 'steps'}, 1]` });
  if (x.length === 4) return shapeHint('use2DVersion');
  return shapeHint('sequencesOnly');
}

/** The input of a layer that slides over an image; its channel count must be known. */
export function imageInput(inputs: Shape[], label: string, needsChannels = true): Shape | InferResult {
  const x = singleInput(inputs, label);
  if (isInferFailure(x)) return x;
  if (x.length !== 4) return expectRank(x, 4, label, '[batch, height, width, channels]', reshapeHintForImage(x))!;
  if (needsChannels && x[3] === null) return fail(shapeError('unknownChannels', { layer: label, shape: formatShape(x) }, { hint: shapeHint('fixChannels') }), 'in');
  return x;
}

/** The input of a layer that slides along a sequence; its channel count must be known. */
export function sequenceInput(inputs: Shape[], label: string, needsChannels = true): Shape | InferResult {
  const x = singleInput(inputs, label);
  if (isInferFailure(x)) return x;
  if (x.length !== 3) return expectRank(x, 3, label, '[batch, steps, channels]', reshapeHintForSequence(x))!;
  if (needsChannels && x[2] === null) return fail(shapeError('unknownChannels', { layer: label, shape: formatShape(x) }, { hint: shapeHint('fixChannels') }), 'in');
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
      const where = { layer: label, size: w.size.join('×'), shape: formatShape(x) };
      const error =
        what === 'pool'
          ? shapeError('poolDoesNotFit', where, { hint: shapeHint('smallerPool') })
          : dilation > 1
            ? shapeError('dilatedKernelDoesNotFit', { ...where, reach, dilation }, { hint: shapeHint('smallerKernel') })
            : shapeError('kernelDoesNotFit', where, { hint: shapeHint('smallerKernel') });
      return fail(error, 'in');
    }
    out.push(n);
  }
  return out;
}
