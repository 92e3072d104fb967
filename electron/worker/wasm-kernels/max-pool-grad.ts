import * as tf from '@tensorflow/tfjs';
import { withHeap, type KernelArgs } from './heap';

type Pad = Parameters<typeof tf.backend_util.computePool2DInfo>[4];
type Rounding = Parameters<typeof tf.backend_util.computePool2DInfo>[5];

/**
 * dx[argmax of each pooling window] += dy[window]. tfjs-backend-wasm 4.22's own MaxPoolGrad
 * took 20–40 ms per call on a small CNN's pooling layers (more than the whole forward
 * pass); this is one pass over the windows. The argmax is the first strictly largest
 * value in row-major window order, as the cpu backend picks it — with ReLU before the
 * pooling, ties (all zeros) are common, so the choice matters for matching it.
 */
export function maxPoolGrad({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize as [number, number] | number,
    attrs.strides as [number, number] | number,
    1,
    attrs.pad as Pad,
    attrs.dimRoundingMode as Rounding,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const filterHeight = info.effectiveFilterHeight;
  const filterWidth = info.effectiveFilterWidth;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  return withHeap(backend, input.shape, 'float32', [input, dy], (dx, x, dys) => {
    dx.fill(0);
    for (let b = 0; b < batchSize; b++) {
      const imageBase = b * inHeight * inWidth * channels;
      for (let yR = 0; yR < outHeight; yR++) {
        const rowStart = Math.max(0, yR * strideHeight - top);
        const rowEnd = Math.min(inHeight, yR * strideHeight - top + filterHeight);
        for (let yC = 0; yC < outWidth; yC++) {
          const colStart = Math.max(0, yC * strideWidth - left);
          const colEnd = Math.min(inWidth, yC * strideWidth - left + filterWidth);
          const dyBase = ((b * outHeight + yR) * outWidth + yC) * channels;
          for (let d = 0; d < channels; d++) {
            let best = Number.NEGATIVE_INFINITY;
            let bestAt = -1;
            for (let xR = rowStart; xR < rowEnd; xR++)
              for (let xC = colStart; xC < colEnd; xC++) {
                const at = imageBase + (xR * inWidth + xC) * channels + d;
                const value = x![at]!;
                if (value > best) {
                  best = value;
                  bestAt = at;
                }
              }
            if (bestAt >= 0) dx[bestAt]! += dys![dyBase + d]!;
          }
        }
      }
    }
  });
}
