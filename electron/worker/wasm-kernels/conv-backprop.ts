import * as tf from '@tensorflow/tfjs';
import { requireChannelsLast, withHeap, type KernelArgs } from './heap';

type Conv2DInfo = tf.backend_util.Conv2DInfo;
type Pad = Parameters<typeof tf.backend_util.computeConv2DInfo>[4];
type Rounding = Parameters<typeof tf.backend_util.computeConv2DInfo>[5];

const shape4 = (t: tf.TensorInfo) => t.shape as [number, number, number, number];

/**
 * dW[wR, wC, d1, k] += x[b, xR, xC, d1] · dy[b, yR, yC, d2] over every output position,
 * where xR = yR·strideH + wR·dilationH − padTop (likewise for columns). For a plain
 * convolution k = d2 and every d1 meets every d2; for a depthwise one d1 = d2 / multiplier
 * and k = d2 mod multiplier. Accumulates in float64 so the result matches the cpu
 * backend's to well within float32 rounding.
 */
function filterGradient(info: Conv2DInfo, depthwise: boolean, x: ArrayLike<number>, dy: ArrayLike<number>): Float64Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dW = new Float64Array(filterHeight * filterWidth * (depthwise ? outChannels : inChannels * outChannels));
  const multiplier = outChannels / inChannels;
  for (let b = 0; b < batchSize; b++)
    for (let yR = 0; yR < outHeight; yR++)
      for (let yC = 0; yC < outWidth; yC++) {
        const dyBase = ((b * outHeight + yR) * outWidth + yC) * outChannels;
        for (let wR = 0; wR < filterHeight; wR++) {
          const xR = yR * strideHeight + wR * dilationHeight - top;
          if (xR < 0 || xR >= inHeight) continue;
          for (let wC = 0; wC < filterWidth; wC++) {
            const xC = yC * strideWidth + wC * dilationWidth - left;
            if (xC < 0 || xC >= inWidth) continue;
            const xBase = ((b * inHeight + xR) * inWidth + xC) * inChannels;
            const tap = wR * filterWidth + wC;
            if (depthwise) {
              // Filter layout [fh, fw, inChannels, multiplier] flattens to tap · outChannels + d2.
              const wBase = tap * outChannels;
              for (let d2 = 0; d2 < outChannels; d2++) dW[wBase + d2]! += x[xBase + Math.floor(d2 / multiplier)]! * dy[dyBase + d2]!;
            } else {
              for (let d1 = 0; d1 < inChannels; d1++) {
                const xv = x[xBase + d1]!;
                if (xv === 0) continue;
                const wBase = (tap * inChannels + d1) * outChannels;
                for (let d2 = 0; d2 < outChannels; d2++) dW[wBase + d2]! += xv * dy[dyBase + d2]!;
              }
            }
          }
        }
      }
  return dW;
}

/** dx[b, xR, xC, d1] += dy[b, yR, yC, d2] · w[wR, wC, d1, d2 mod multiplier], d1 = d2 / multiplier. */
function depthwiseInputGradient(info: Conv2DInfo, dy: ArrayLike<number>, w: ArrayLike<number>): Float64Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const multiplier = outChannels / inChannels;
  const dx = new Float64Array(batchSize * inHeight * inWidth * inChannels);
  for (let b = 0; b < batchSize; b++)
    for (let yR = 0; yR < outHeight; yR++)
      for (let yC = 0; yC < outWidth; yC++) {
        const dyBase = ((b * outHeight + yR) * outWidth + yC) * outChannels;
        for (let wR = 0; wR < filterHeight; wR++) {
          const xR = yR * strideHeight + wR * dilationHeight - top;
          if (xR < 0 || xR >= inHeight) continue;
          for (let wC = 0; wC < filterWidth; wC++) {
            const xC = yC * strideWidth + wC * dilationWidth - left;
            if (xC < 0 || xC >= inWidth) continue;
            const xBase = ((b * inHeight + xR) * inWidth + xC) * inChannels;
            const wBase = (wR * filterWidth + wC) * outChannels;
            for (let d2 = 0; d2 < outChannels; d2++) dx[xBase + Math.floor(d2 / multiplier)]! += dy[dyBase + d2]! * w[wBase + d2]!;
          }
        }
      }
  return dx;
}

export function conv2DBackpropFilter({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  requireChannelsLast(tf.Conv2DBackpropFilter, attrs.dataFormat);
  const filterShape = attrs.filterShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    shape4(x),
    filterShape,
    attrs.strides as [number, number],
    1,
    attrs.pad as Pad,
    attrs.dimRoundingMode as Rounding,
  );
  return withHeap(backend, filterShape, 'float32', [x, dy], (out, xs, dys) => out.set(filterGradient(info, false, xs!, dys!)));
}

export function depthwiseConv2dNativeBackpropFilter({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const filterShape = attrs.filterShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    shape4(x),
    filterShape,
    attrs.strides as [number, number],
    attrs.dilations as [number, number],
    attrs.pad as Pad,
    attrs.dimRoundingMode as Rounding,
    true,
  );
  return withHeap(backend, filterShape, 'float32', [x, dy], (out, xs, dys) => out.set(filterGradient(info, true, xs!, dys!)));
}

export function depthwiseConv2dNativeBackpropInput({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const inputShape = attrs.inputShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    shape4(filter),
    attrs.strides as [number, number],
    attrs.dilations as [number, number],
    attrs.pad as Pad,
    attrs.dimRoundingMode as Rounding,
    true,
  );
  return withHeap(backend, inputShape, 'float32', [dy, filter], (out, dys, ws) => out.set(depthwiseInputGradient(info, dys!, ws!)));
}
