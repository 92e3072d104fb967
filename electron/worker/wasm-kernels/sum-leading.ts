import * as tf from '@tensorflow/tfjs';
import type { KernelArgs, WasmHeapBackend } from './heap';

/**
 * tfjs-backend-wasm 4.22 sums only over the innermost axes: any other reduction first
 * transposes the whole input (a full copy through a generic transpose). Every bias gradient
 * sums over the leading axes — a Dense's [batch·steps, units], a Conv2D's [batch, h, w,
 * channels] (10–15 ms on a CNN's first feature map), the fused recurrent layers' — so each
 * training step paid a full transpose per bias. This sums over any run of leading axes
 * directly, row by row into float64 totals (as the cpu backend accumulates); other
 * reductions go to the original kernel.
 */
function leadingAxesCount(shape: number[], axis: number | number[]): number | null {
  const rank = shape.length;
  const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
  if (axes.length === 0 || axes.length === rank) return null;
  return axes.every((a, i) => a === i) ? axes.length : null;
}

export function sumOverLeadingAxes(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const x = args.inputs.x!;
    const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims?: boolean };
    const leading = x.dtype === 'float32' ? leadingAxesCount(x.shape, axis) : null;
    if (leading === null) return original.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    const kept = x.shape.slice(leading);
    const outShape = keepDims ? [...new Array<number>(leading).fill(1), ...kept] : kept;
    const heap = args.backend as WasmHeapBackend;
    const out = heap.makeOutput(outShape, 'float32');
    const from = heap.typedArrayFromHeap(x);
    const inner = kept.reduce((a, b) => a * b, 1);
    const totals = new Float64Array(inner);
    const rows = inner === 0 ? 0 : from.length / inner;
    for (let row = 0; row < rows; row++) {
      const offset = row * inner;
      for (let j = 0; j < inner; j++) totals[j]! += from[offset + j]!;
    }
    (heap.typedArrayFromHeap(out) as Float32Array).set(totals);
    return out;
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
