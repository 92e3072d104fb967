import type * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;
type TypedArray = Float32Array | Int32Array | Uint8Array;

/** The part of tfjs-backend-wasm's backend our JS kernels use: tensors live in the wasm heap. */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): TypedArray;
}

export interface KernelArgs {
  inputs: Record<string, TensorInfo>;
  backend: unknown;
  attrs?: Record<string, unknown>;
}

/**
 * Allocates the output first, then views the inputs: allocating can grow the wasm memory,
 * which detaches every typed array taken from it before.
 */
export function withHeap<T>(
  backend: unknown,
  outShape: number[],
  outDtype: tf.DataType,
  inputs: TensorInfo[],
  fill: (out: TypedArray, ...inputs: TypedArray[]) => T,
): TensorInfo {
  const heap = backend as WasmHeapBackend;
  const out = heap.makeOutput(outShape, outDtype);
  const views = inputs.map((t) => heap.typedArrayFromHeap(t));
  const outView = heap.typedArrayFromHeap(out);
  fill(outView, ...views);
  return out;
}

export function requireChannelsLast(kernel: string, dataFormat: unknown): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast')
    throw new Error(`${kernel} on the wasm backend supports only channels-last (NHWC) data, not ${String(dataFormat)}`);
}
