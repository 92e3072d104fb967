import type * as tf from '@tensorflow/tfjs';
import { withHeap, type KernelArgs } from './heap';

/**
 * out[s, …] = Σ x[i, …] over the rows i with segmentIds[i] = s. Rows whose id falls
 * outside [0, numSegments) are dropped, as TensorFlow does. This is the gradient of
 * gather, so embeddings and graph layers need it to train.
 */
export function unsortedSegmentSum({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const numSegments = attrs.numSegments as number;
  const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
  const rowSize = x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
  const outShape = [numSegments, ...x.shape.slice(segmentIds.shape.length)];
  return withHeap(backend, outShape, x.dtype, [x, segmentIds], (out, xs, ids) => {
    out.fill(0);
    for (let i = 0; i < rows; i++) {
      const segment = ids![i]!;
      if (segment < 0 || segment >= numSegments) continue;
      const from = i * rowSize;
      const to = segment * rowSize;
      for (let j = 0; j < rowSize; j++) out[to + j]! += xs![from + j]!;
    }
  });
}
