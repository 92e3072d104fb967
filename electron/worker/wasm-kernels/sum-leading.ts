import * as tf from '@tensorflow/tfjs';
import type { KernelArgs, WasmHeapBackend } from './heap';

/**
 * tfjs-backend-wasm 4.22 sums only over the innermost axes: any other reduction first
 * transposes the whole input. The bias gradient of every Dense (and the fused recurrent
 * layers') sums a [batch·steps, units] gradient over its first axis, so each training step
 * paid a full transpose per bias. This sums over leading axes directly, row by row; other
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
    const to = heap.typedArrayFromHeap(out);
    const inner = to.length;
    const outer = inner === 0 ? 0 : from.length / inner;
    to.fill(0);
    for (let row = 0; row < outer; row++) {
      const offset = row * inner;
      for (let j = 0; j < inner; j++) to[j]! += from[offset + j]!;
    }
    return out;
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

let installed = false;

/** Wraps wasm's Sum with the leading-axes path, once. */
export function installLeadingAxesSum(): void {
  if (installed) return;
  const original = tf.getKernel('Sum', 'wasm');
  if (!original) return;
  installed = true;
  tf.unregisterKernel('Sum', 'wasm');
  tf.registerKernel(sumOverLeadingAxes(original));
}
