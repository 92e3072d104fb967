import * as tf from '@tensorflow/tfjs';
import type { KernelArgs, WasmHeapBackend } from './heap';

/**
 * Sum over every axis but the last — the bias gradient of a Conv2D or Dense layer — as one
 * pass that adds each row into a per-channel accumulator. The stock wasm Sum first
 * transposes the reduced axes to the back (a full copy through a generic transpose) and
 * took 10–15 ms on a CNN's first feature map; every other reduction goes to it unchanged.
 * Accumulates in float64, as the cpu backend does.
 */
const ROWS_PER_BLOCK = 256;

export function channelSum(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const { inputs, backend, attrs = {} } = args;
    const x = inputs.x!;
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape).sort((a, b) => a - b);
    const leadingAxes = rank >= 2 && axes.length === rank - 1 && axes.every((axis, i) => axis === i) && x.shape[rank - 1]! > 0;
    if (!leadingAxes || x.dtype !== 'float32') return original.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
    const channels = x.shape[rank - 1]!;
    const outShape = attrs.keepDims === true ? [...Array<number>(rank - 1).fill(1), channels] : [channels];
    const heap = backend as WasmHeapBackend;
    const out = heap.makeOutput(outShape, 'float32');
    const values = heap.typedArrayFromHeap(x) as Float32Array;
    const totals = new Float64Array(channels);
    // Blocks of rows small enough to stay in L1, each channel summed in a register.
    const rows = values.length / channels;
    for (let first = 0; first < rows; first += ROWS_PER_BLOCK) {
      const end = Math.min(rows, first + ROWS_PER_BLOCK) * channels;
      for (let c = 0; c < channels; c++) {
        let total = 0;
        for (let at = first * channels + c; at < end; at += channels) total += values[at]!;
        totals[c]! += total;
      }
    }
    (heap.typedArrayFromHeap(out) as Float32Array).set(totals);
    return out;
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}
