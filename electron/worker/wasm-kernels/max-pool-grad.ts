import * as tf from '@tensorflow/tfjs';
import { withHeap, type KernelArgs, type WasmHeapBackend } from './heap';
import { simdMaxPoolGradRow } from './max-pool-grad-simd';
import { backendMemory } from './wasm-assembler';

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
  const pixelStride = channels;
  const rowStride = inWidth * channels;
  const tiled = filterHeight === 2 && filterWidth === 2 && strideHeight === 2 && strideWidth === 2 && top === 0 && left === 0;
  if (tiled && channels % 4 === 0 && outHeight * 2 <= inHeight && outWidth * 2 <= inWidth && outHeight > 0 && outWidth > 0) {
    const row = simdMaxPoolGradRow(backendMemory(backend));
    if (row) return simdMaxPoolGrad(backend as WasmHeapBackend, row, input, dy, info);
  }
  return withHeap(backend, input.shape, 'float32', [input, dy], (dxs, xs, dys) => {
    const dx = dxs as Float32Array;
    const x = xs as Float32Array;
    const dyValues = dys as Float32Array;
    dx.fill(0);
    let dyAt = 0;
    for (let b = 0; b < batchSize; b++) {
      const imageBase = b * inHeight * rowStride;
      for (let yR = 0; yR < outHeight; yR++) {
        const rowStart = Math.max(0, yR * strideHeight - top);
        const rowEnd = Math.min(inHeight, yR * strideHeight - top + filterHeight);
        for (let yC = 0; yC < outWidth; yC++, dyAt += channels) {
          const colStart = Math.max(0, yC * strideWidth - left);
          const colEnd = Math.min(inWidth, yC * strideWidth - left + filterWidth);
          const corner = imageBase + rowStart * rowStride + colStart * pixelStride;
          if (rowEnd - rowStart === 2 && colEnd - colStart === 2) {
            // The common 2×2 window, kept in registers: four reads per channel, one write.
            for (let d = 0; d < channels; d++) {
              const at = corner + d;
              let bestAt = -1;
              let best = Number.NEGATIVE_INFINITY;
              const v0 = x[at]!;
              const v1 = x[at + pixelStride]!;
              const v2 = x[at + rowStride]!;
              const v3 = x[at + rowStride + pixelStride]!;
              if (v0 > best) {
                best = v0;
                bestAt = at;
              }
              if (v1 > best) {
                best = v1;
                bestAt = at + pixelStride;
              }
              if (v2 > best) {
                best = v2;
                bestAt = at + rowStride;
              }
              if (v3 > best) bestAt = at + rowStride + pixelStride;
              if (bestAt >= 0) dx[bestAt]! += dyValues[dyAt + d]!;
            }
            continue;
          }
          for (let d = 0; d < channels; d++) {
            let bestAt = -1;
            let best = Number.NEGATIVE_INFINITY;
            for (let xR = rowStart; xR < rowEnd; xR++) {
              let at = imageBase + xR * rowStride + colStart * pixelStride + d;
              for (let xC = colStart; xC < colEnd; xC++, at += pixelStride) {
                const value = x[at]!;
                if (value > best) {
                  best = value;
                  bestAt = at;
                }
              }
            }
            if (bestAt >= 0) dx[bestAt]! += dyValues[dyAt + d]!;
          }
        }
      }
    }
  });
}

/**
 * Every window 2×2 with stride 2 and inside the input: max-pool-grad-simd.ts, one call per
 * row of windows. Rows or columns no window covers (an odd size) are zeroed first.
 */
function simdMaxPoolGrad(
  heap: WasmHeapBackend,
  row: NonNullable<ReturnType<typeof simdMaxPoolGradRow>>,
  input: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const out = heap.makeOutput(input.shape, 'float32');
  const dx = heap.typedArrayFromHeap(out);
  if (outHeight * 2 < inHeight || outWidth * 2 < inWidth) dx.fill(0);
  const x = heap.typedArrayFromHeap(input).byteOffset;
  const gradient = heap.typedArrayFromHeap(dy).byteOffset;
  const pixelBytes = channels * 4;
  const rowBytes = inWidth * pixelBytes;
  for (let b = 0; b < batchSize; b++)
    for (let yR = 0; yR < outHeight; yR++) {
      const inputRow = (b * inHeight + 2 * yR) * rowBytes;
      row(x + inputRow, gradient + (b * outHeight + yR) * outWidth * pixelBytes, dx.byteOffset + inputRow, outWidth, channels / 4, pixelBytes, rowBytes);
    }
  return out;
}
