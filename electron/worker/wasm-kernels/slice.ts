import * as tf from '@tensorflow/tfjs';
import type { KernelArgs, WasmHeapBackend } from './heap';

/**
 * tfjs-backend-wasm 4.22's Slice reads its input with `readSync`, which copies the whole
 * input out of the wasm heap before taking the slice: one step of a [steps, batch, 4·units]
 * tensor cost as much as copying all steps, and SplitV and Unpack (built on that Slice)
 * paid it once per piece. A recurrent layer or attention heads slice the same large
 * tensor many times per training step. These kernels view the heap in place and copy only
 * the sliced elements. Strings are left to the original kernels.
 */
function copySlice(x: tf.TensorInfo, begin: number[], size: number[], backend: WasmHeapBackend): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  // Views are taken after allocating: growing the wasm memory detaches earlier ones.
  const from = backend.typedArrayFromHeap(x);
  const to = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  if (to.length === 0) return out;
  const strides = new Array<number>(rank);
  strides[rank - 1] = 1;
  for (let d = rank - 2; d >= 0; d--) strides[d] = strides[d + 1]! * x.shape[d + 1]!;
  // The innermost run that is contiguous in both arrays: trailing axes taken whole.
  let inner = rank - 1;
  while (inner > 0 && size[inner] === x.shape[inner] && begin[inner] === 0) inner--;
  const runLength = size.slice(inner).reduce((a, b) => a * b, 1);
  const outerShape = size.slice(0, inner);
  const outerCount = outerShape.reduce((a, b) => a * b, 1);
  const index = new Array<number>(inner).fill(0);
  let outOffset = 0;
  for (let run = 0; run < outerCount; run++) {
    let offset = begin[inner]! * strides[inner]!;
    for (let d = 0; d < inner; d++) offset += (begin[d]! + index[d]!) * strides[d]!;
    to.set(from.subarray(offset, offset + runLength), outOffset);
    outOffset += runLength;
    for (let d = inner - 1; d >= 0; d--) {
      if (++index[d]! < outerShape[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}

function normalizedSlice(x: tf.TensorInfo, begin: number | number[], size?: number | number[]): [number[], number[]] {
  const rank = x.shape.length;
  const b = typeof begin === 'number' ? [begin, ...new Array<number>(rank - 1).fill(0)] : [...begin];
  while (b.length < rank) b.push(0);
  const s = size === undefined ? new Array<number>(rank).fill(-1) : typeof size === 'number' ? [size, ...new Array<number>(rank - 1).fill(-1)] : [...size];
  while (s.length < rank) s.push(-1);
  return [b, s.map((v, d) => (v === -1 ? x.shape[d]! - b[d]! : v))];
}

type Fallback = (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[];

function heapSlice(fallback: Fallback) {
  return (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const x = args.inputs.x!;
    if (x.dtype === 'string') return fallback(args);
    const [begin, size] = normalizedSlice(x, args.attrs!.begin as number[], args.attrs!.size as number[]);
    return copySlice(x, begin, size, args.backend as WasmHeapBackend);
  };
}

function heapSplitV(fallback: Fallback) {
  return (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const x = args.inputs.x!;
    if (x.dtype === 'string') return fallback(args);
    const rank = x.shape.length;
    const axis = ((args.attrs!.axis as number) + rank) % rank;
    const splits = args.attrs!.numOrSizeSplits as number | number[];
    let sizes: number[];
    if (typeof splits === 'number') sizes = new Array<number>(splits).fill(x.shape[axis]! / splits);
    else {
      sizes = [...splits];
      const unknown = sizes.indexOf(-1);
      if (unknown !== -1) sizes[unknown] = x.shape[axis]! - sizes.reduce((a, b) => a + (b === -1 ? 0 : b), 0);
    }
    const begin = new Array<number>(rank).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const piece = copySlice(x, [...begin], size, args.backend as WasmHeapBackend);
      begin[axis]! += s;
      return piece;
    });
  };
}

function heapUnpack(fallback: Fallback) {
  return (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const value = args.inputs.value!;
    if (value.dtype === 'string') return fallback(args);
    const rank = value.shape.length;
    const axis = ((args.attrs!.axis as number) + rank) % rank;
    const outShape = value.shape.filter((_, d) => d !== axis);
    const size = [...value.shape];
    size[axis] = 1;
    return Array.from({ length: value.shape[axis]! }, (_, i) => {
      const begin = new Array<number>(rank).fill(0);
      begin[axis] = i;
      const piece = copySlice(value, begin, size, args.backend as WasmHeapBackend);
      return { dataId: piece.dataId, dtype: piece.dtype, shape: outShape };
    });
  };
}

function replacing(make: (fallback: Fallback) => Fallback): (stock: tf.KernelConfig) => tf.KernelConfig {
  return (stock) => ({ ...stock, kernelFunc: make(stock.kernelFunc as unknown as Fallback) as unknown as tf.KernelFunc });
}

/** The in-place Slice, SplitV and Unpack that registration puts in place of wasm's. */
export const HEAP_SLICING_REPLACEMENTS: { kernelName: string; make: (stock: tf.KernelConfig) => tf.KernelConfig }[] = [
  { kernelName: tf.Slice, make: replacing(heapSlice) },
  { kernelName: tf.SplitV, make: replacing(heapSplitV) },
  { kernelName: tf.Unpack, make: replacing(heapUnpack) },
];
