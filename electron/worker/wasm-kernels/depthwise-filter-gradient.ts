import * as tf from '@tensorflow/tfjs';
import { withHeap, type KernelArgs } from './heap';

type Pad = Parameters<typeof tf.backend_util.computeConv2DInfo>[4];
type Rounding = Parameters<typeof tf.backend_util.computeConv2DInfo>[5];

/**
 * dW[tap, d2] = Σ x[b, xR, xC, d2 / multiplier] · dy[b, yR, yC, d2] for a depthwise
 * convolution. A per-channel correlation has no matrix product to hand to XNNPACK, so this
 * stays JS, but is ordered for it: for one output row at a time (a few KB, in L1) each
 * (tap, channel) pair is summed along the row in a register, and only the row's total is
 * added to the accumulator — instead of a read-modify-write of the accumulator for every
 * multiply (the loop in conv-backprop.ts, about 15× slower on a MobileNet-sized layer).
 * Accumulates in float64, as the cpu backend does.
 */
export function depthwiseFilterGradient({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const filterShape = attrs.filterShape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    attrs.strides as [number, number],
    (attrs.dilations as [number, number] | number | undefined) ?? 1,
    attrs.pad as Pad,
    attrs.dimRoundingMode as Rounding,
    true,
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const multiplier = outChannels / inChannels;
  const totals = new Float64Array(filterHeight * filterWidth * outChannels);
  return withHeap(backend, filterShape, 'float32', [x, dy], (out, xs, dys) => {
    const xv = xs as Float32Array;
    const dyv = dys as Float32Array;
    const xStep = strideWidth * inChannels;
    for (let b = 0; b < batchSize; b++)
      for (let yR = 0; yR < outHeight; yR++) {
        const dyRow = (b * outHeight + yR) * outWidth * outChannels;
        for (let wR = 0; wR < filterHeight; wR++) {
          const xR = yR * strideHeight + wR * dilationHeight - top;
          if (xR < 0 || xR >= inHeight) continue;
          const xRow = (b * inHeight + xR) * inWidth * inChannels;
          for (let wC = 0; wC < filterWidth; wC++) {
            // The output columns whose input column xC = yC·strideWidth + offset is inside the image.
            const offset = wC * dilationWidth - left;
            const firstColumn = Math.max(0, Math.ceil(-offset / strideWidth));
            const endColumn = Math.min(outWidth, Math.ceil((inWidth - offset) / strideWidth));
            if (firstColumn >= endColumn) continue;
            const tapBase = (wR * filterWidth + wC) * outChannels;
            for (let d2 = 0; d2 < outChannels; d2++) {
              const d1 = Math.floor(d2 / multiplier);
              let xAt = xRow + (firstColumn * strideWidth + offset) * inChannels + d1;
              let dyAt = dyRow + firstColumn * outChannels + d2;
              // Two running sums, so consecutive additions do not wait on each other.
              let even = 0;
              let odd = 0;
              let yC = firstColumn;
              for (; yC + 1 < endColumn; yC += 2, xAt += 2 * xStep, dyAt += 2 * outChannels) {
                even += xv[xAt]! * dyv[dyAt]!;
                odd += xv[xAt + xStep]! * dyv[dyAt + outChannels]!;
              }
              if (yC < endColumn) even += xv[xAt]! * dyv[dyAt]!;
              totals[tapBase + d2]! += even + odd;
            }
          }
        }
      }
    out.set(totals);
  });
}
