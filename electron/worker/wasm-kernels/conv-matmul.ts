import * as tf from '@tensorflow/tfjs';
import { MAX_COL2IM_GROUPS, wasmCol2imAddRows } from './col2im-add';
import { wasmFilterGradientPass } from './few-channel-filter-gradient';
import { wasmGatherColumns, type GatherColumns } from './gather-columns';
import { requireChannelsLast, type KernelArgs, type WasmHeapBackend } from './heap';
import { fastPathSwitches } from '../fast-path-switches';
import { simdFor } from './simd-kernels';
import { backendMemory } from './wasm-assembler';

type Conv2DInfo = tf.backend_util.Conv2DInfo;
type Pad = Parameters<typeof tf.backend_util.computeConv2DInfo>[4];
type Rounding = Parameters<typeof tf.backend_util.computeConv2DInfo>[5];

interface Backend extends WasmHeapBackend {
  disposeData(dataId: object, force?: boolean): boolean;
}

/**
 * The convolution gradients as XNNPACK work (wasm SIMD) instead of scalar loops:
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter at all and computes
 * Conv2DBackpropInput with a naive C++ loop, together about 80 % of a small CNN's training
 * step. Only the data movement (im2col / col2im, filter rotation) is JS.
 *
 * With N = batch·outHeight·outWidth output positions and K = filterHeight·filterWidth·inChannels:
 *   dW[K, outC] = colsᵀ[K, N] · dy[N, outC]     (colsᵀ built directly, so no operand is transposed)
 *   dx = one forward convolution of dy with the rotated filter where the stride is 1
 *        (inputGradientAsConvolution), else cols[N, K] = dy[N, outC] · Wᵀ[outC, K], dx = col2im(cols)
 * The wasm BatchMatMul is fast only without transposed operands (see batch-matmul.ts), which
 * is why colsᵀ and Wᵀ are laid out here rather than asked for through transposeA/B.
 */

/** The BatchMatMul registered now (ours or the stock one): a plain product of [m, k] · [k, n]. */
function plainMatMul(backend: Backend, a: tf.TensorInfo, b: tf.TensorInfo, outShape: number[]): tf.TensorInfo {
  const kernel = tf.getKernel(tf.BatchMatMul, 'wasm');
  if (!kernel) throw new Error('the wasm backend has no BatchMatMul kernel');
  const out = kernel.kernelFunc({
    inputs: { a, b },
    backend: backend as unknown as tf.KernelBackend,
    attrs: { transposeA: false, transposeB: false },
  } as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  out.shape = outShape;
  return out;
}

/** A view of `t`'s data under another shape, for passing to a kernel; it owns nothing. */
const asShape = (t: tf.TensorInfo, shape: number[]): tf.TensorInfo => ({ dataId: t.dataId, shape, dtype: t.dtype });

/**
 * colsᵀ[(tap·inC + d1), n] = x at the input pixel tap `tap` of output position n reads (0 in
 * the padding). Per tap and image, the output rows and columns whose input lies inside the
 * image are one strided gather of every channel (gather-columns.ts in wasm where it loads,
 * else the same loops in JS); only the padding around them is filled with zeros here.
 */
function fillTransposedColumns(info: Conv2DInfo, x: Float32Array, colsT: Float32Array, gather: GatherColumns | null): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const positions = batchSize * outHeight * outWidth;
  const imageSize = inHeight * inWidth * inChannels;
  // The output rows / columns whose input row / column lies inside the image: [first, end).
  const inside = (tapOffset: number, stride: number, outSize: number, inSize: number): [number, number] => {
    const first = Math.min(outSize, Math.max(0, Math.ceil(-tapOffset / stride)));
    return [first, Math.max(first, Math.min(outSize, Math.ceil((inSize - tapOffset) / stride)))];
  };
  for (let wR = 0; wR < filterHeight; wR++)
    for (let wC = 0; wC < filterWidth; wC++) {
      const rowOffset = wR * dilationHeight - info.padInfo.top;
      const columnOffset = wC * dilationWidth - info.padInfo.left;
      const [firstRow, endRow] = inside(rowOffset, strideHeight, outHeight, inHeight);
      const [firstColumn, endColumn] = inside(columnOffset, strideWidth, outWidth, inWidth);
      const padded = firstRow > 0 || endRow < outHeight || firstColumn > 0 || endColumn < outWidth;
      const tapRows = (wR * filterWidth + wC) * inChannels * positions;
      for (let b = 0; b < batchSize; b++) {
        const imageStart = tapRows + b * outHeight * outWidth;
        if (padded)
          for (let yR = 0; yR < outHeight; yR++)
            for (let d1 = 0, at = imageStart + yR * outWidth; d1 < inChannels; d1++, at += positions) {
              if (yR < firstRow || yR >= endRow) colsT.fill(0, at, at + outWidth);
              else {
                colsT.fill(0, at, at + firstColumn);
                colsT.fill(0, at + endColumn, at + outWidth);
              }
            }
        if (endRow === firstRow || endColumn === firstColumn) continue;
        const from = b * imageSize + ((firstRow * strideHeight + rowOffset) * inWidth + firstColumn * strideWidth + columnOffset) * inChannels;
        const to = imageStart + firstRow * outWidth + firstColumn;
        const rows = endRow - firstRow;
        const count = endColumn - firstColumn;
        const step = strideWidth * inChannels;
        const rowStep = strideHeight * inWidth * inChannels;
        if (gather) {
          gather(x.byteOffset + from * 4, colsT.byteOffset + to * 4, rows, count, inChannels, step * 4, rowStep * 4, positions * 4, outWidth * 4);
          continue;
        }
        for (let r = 0; r < rows; r++)
          for (let d1 = 0; d1 < inChannels; d1++) {
            const source = from + r * rowStep + d1;
            const target = to + r * outWidth + d1 * positions;
            for (let j = 0; j < count; j++) colsT[target + j] = x[source + j * step]!;
          }
      }
    }
}

/** dx[input pixel, d1] += cols[n, tap·inC + d1] for every output position n and tap reading that pixel. */
function addColumnsToImage(info: Conv2DInfo, cols: Float32Array, dx: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const taps = filterHeight * filterWidth * inChannels;
  dx.fill(0);
  let n = 0;
  for (let b = 0; b < batchSize; b++)
    for (let yR = 0; yR < outHeight; yR++)
      for (let yC = 0; yC < outWidth; yC++, n++) {
        const colBase = n * taps;
        for (let wR = 0; wR < filterHeight; wR++) {
          const xR = yR * strideHeight + wR * dilationHeight - top;
          if (xR < 0 || xR >= inHeight) continue;
          for (let wC = 0; wC < filterWidth; wC++) {
            const xC = yC * strideWidth + wC * dilationWidth - left;
            if (xC < 0 || xC >= inWidth) continue;
            const to = ((b * inHeight + xR) * inWidth + xC) * inChannels;
            const from = colBase + (wR * filterWidth + wC) * inChannels;
            for (let d1 = 0; d1 < inChannels; d1++) dx[to + d1]! += cols[from + d1]!;
          }
        }
      }
}

function convInfo(xShape: number[], filterShape: number[], attrs: Record<string, unknown>): Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as [number, number],
    (attrs.dilations as [number, number] | number | undefined) ?? 1,
    attrs.pad as Pad,
    attrs.dimRoundingMode as Rounding,
  );
}

export function conv2DBackpropFilterMatMul({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  requireChannelsLast(tf.Conv2DBackpropFilter, attrs.dataFormat);
  const heap = backend as Backend;
  const filterShape = attrs.filterShape as [number, number, number, number];
  const info = convInfo(x.shape, filterShape, attrs);
  const direct = fewChannelFilterGradient(heap, info, x, dy, filterShape);
  if (direct) return direct;
  const chunked = chunkedFilterGradient(heap, info, x, dy, filterShape);
  if (chunked) return chunked;
  const positions = info.batchSize * info.outHeight * info.outWidth;
  const taps = info.filterHeight * info.filterWidth * info.inChannels;
  const colsT = heap.makeOutput([taps, positions], 'float32');
  try {
    const gather = fastPathSwitches.wasmColumnGather ? wasmGatherColumns(backendMemory(heap)) : null;
    fillTransposedColumns(info, heap.typedArrayFromHeap(x) as Float32Array, heap.typedArrayFromHeap(colsT) as Float32Array, gather);
    return plainMatMul(heap, colsT, asShape(dy, [positions, info.outChannels]), filterShape);
  } finally {
    heap.disposeData(colsT.dataId);
  }
}

/**
 * dW as colsᵀ·dy summed over chunks of a few images: each chunk's colsᵀ (wasm im2col) is
 * multiplied into dW by the SIMD product while it is still in cache, instead of one [K, N]
 * matrix in memory then one XNNPACK product. Needs outC a multiple of 4, the wasm gather
 * and the SIMD kernels; undefined otherwise.
 */
function chunkedFilterGradient(heap: Backend, info: Conv2DInfo, x: tf.TensorInfo, dy: tf.TensorInfo, filterShape: number[]): tf.TensorInfo | undefined {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const simd = fastPathSwitches.chunkedConvProducts ? simdFor(heap) : null;
  const gather = fastPathSwitches.wasmColumnGather ? wasmGatherColumns(backendMemory(heap)) : null;
  if (!simd || !gather || outChannels % 4 !== 0) return undefined;
  const imagePositions = outHeight * outWidth;
  const taps = info.filterHeight * info.filterWidth * inChannels;
  const chunkImages = Math.max(1, Math.min(batchSize, Math.floor(CHUNK_BYTES / (imagePositions * taps * 4))));
  const colsT = heap.makeOutput([taps, chunkImages * imagePositions], 'float32');
  const dw = heap.makeOutput(filterShape, 'float32');
  try {
    const xArray = heap.typedArrayFromHeap(x) as Float32Array;
    const colsArray = heap.typedArrayFromHeap(colsT) as Float32Array;
    const dyAt = heap.typedArrayFromHeap(dy).byteOffset;
    const dwAt = heap.typedArrayFromHeap(dw).byteOffset;
    const imageSize = inHeight * inWidth * inChannels;
    for (let first = 0; first < batchSize; first += chunkImages) {
      const images = Math.min(chunkImages, batchSize - first);
      const rows = images * imagePositions;
      fillTransposedColumns({ ...info, batchSize: images }, xArray.subarray(first * imageSize, (first + images) * imageSize), colsArray, gather);
      simd.multiply(
        1, taps, outChannels, rows,
        { address: colsArray.byteOffset, batchStride: 0, rowStride: rows * 4, columnStride: 4 },
        { address: dyAt + first * imagePositions * outChannels * 4, batchStride: 0, rowStride: outChannels * 4, columnStride: 4 },
        { address: dwAt, batchStride: 0, rowStride: outChannels * 4, columnStride: 4 },
        first > 0,
      );
    }
    return dw;
  } finally {
    heap.disposeData(colsT.dataId);
  }
}

/** At most this many input channels take few-channel-filter-gradient.ts (a pass per three rows of dW). */
const FEW_INPUT_CHANNELS = 3;

/**
 * dW of a stride-1, unpadded, undilated convolution of an input with few channels and
 * outC a multiple of 4 (≤ 16), accumulated by few-channel-filter-gradient.ts straight from x
 * and dy; undefined for any other case or where that wasm function cannot load.
 */
function fewChannelFilterGradient(heap: Backend, info: Conv2DInfo, x: tf.TensorInfo, dy: tf.TensorInfo, filterShape: number[]): tf.TensorInfo | undefined {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterWidth, padInfo } = info;
  const unit = info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1;
  const unpadded = padInfo.top === 0 && padInfo.left === 0 && padInfo.bottom === 0 && padInfo.right === 0;
  if (!unit || !unpadded || inChannels > FEW_INPUT_CHANNELS || outChannels % 4 !== 0 || outHeight < 1 || outWidth < 1) return undefined;
  const pass = wasmFilterGradientPass(outChannels / 4, backendMemory(heap));
  if (!pass) return undefined;
  const rows = info.filterHeight * filterWidth * inChannels;
  // Whole passes of three rows; the rows past the last are computed into scratch and dropped.
  const scratch = heap.makeOutput([Math.ceil(rows / 3) * 3, outChannels], 'float32');
  const dw = heap.makeOutput(filterShape, 'float32');
  try {
    const totals = heap.typedArrayFromHeap(scratch) as Float32Array;
    totals.fill(0);
    const xAt = heap.typedArrayFromHeap(x).byteOffset;
    const dyAt = heap.typedArrayFromHeap(dy).byteOffset;
    const pixelBytes = inChannels * 4;
    const tapBytes = (row: number) => {
      if (row >= rows) return 0;
      const tap = Math.floor(row / inChannels);
      return ((Math.floor(tap / filterWidth) * inWidth + (tap % filterWidth)) * inChannels + (row % inChannels)) * 4;
    };
    for (let first = 0; first < rows; first += 3)
      for (let b = 0; b < batchSize; b++)
        pass(
          xAt + b * inHeight * inWidth * pixelBytes,
          dyAt + b * outHeight * outWidth * outChannels * 4,
          totals.byteOffset + first * outChannels * 4,
          outHeight,
          outWidth,
          pixelBytes,
          (inWidth - outWidth) * pixelBytes,
          tapBytes(first),
          tapBytes(first + 1),
          tapBytes(first + 2),
        );
    (heap.typedArrayFromHeap(dw) as Float32Array).set(totals.subarray(0, rows * outChannels));
    return dw;
  } finally {
    heap.disposeData(scratch.dataId);
  }
}

/** The explicit padding of dy that makes the rotated-filter convolution produce dx, or undefined. */
function paddingForInputGradient(info: Conv2DInfo): number[][] | undefined {
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return undefined;
  const reachHeight = (info.filterHeight - 1) * info.dilationHeight;
  const reachWidth = (info.filterWidth - 1) * info.dilationWidth;
  const top = reachHeight - info.padInfo.top;
  const left = reachWidth - info.padInfo.left;
  const bottom = info.inHeight - info.outHeight - top + reachHeight;
  const right = info.inWidth - info.outWidth - left + reachWidth;
  if (Math.min(top, left, bottom, right) < 0) return undefined;
  return [[0, 0], [top, bottom], [left, right], [0, 0]];
}

/**
 * With stride 1, dx is itself a forward convolution: of dy, padded so that the output has
 * the input's size, with the filter rotated by 180° and its in/out channels swapped —
 * dx[i] = Σ_r dy[i + top − r·dilation] · w[r]. That runs in XNNPACK's convolution (the
 * stock Conv2D kernel) with no im2col/col2im pass in JS. Returns undefined where the
 * padding this needs would be negative (unusual rounding), leaving it to the matmul path.
 */
function inputGradientAsConvolution(heap: Backend, info: Conv2DInfo, dy: tf.TensorInfo, filter: tf.TensorInfo): tf.TensorInfo | undefined {
  const { filterHeight, filterWidth, inChannels, outChannels } = info;
  const pad = paddingForInputGradient(info);
  const conv = tf.getKernel(tf.Conv2D, 'wasm');
  if (!pad || !conv) return undefined;
  const rotated = heap.makeOutput([filterHeight, filterWidth, outChannels, inChannels], 'float32');
  try {
    const w = heap.typedArrayFromHeap(filter) as Float32Array;
    const r = heap.typedArrayFromHeap(rotated) as Float32Array;
    for (let wR = 0; wR < filterHeight; wR++)
      for (let wC = 0; wC < filterWidth; wC++) {
        const from = ((filterHeight - 1 - wR) * filterWidth + (filterWidth - 1 - wC)) * inChannels * outChannels;
        const to = (wR * filterWidth + wC) * outChannels * inChannels;
        for (let d1 = 0; d1 < inChannels; d1++)
          for (let d2 = 0; d2 < outChannels; d2++) r[to + d2 * inChannels + d1] = w[from + d1 * outChannels + d2]!;
      }
    return conv.kernelFunc({
      inputs: { x: dy, filter: rotated },
      backend: heap as unknown as tf.KernelBackend,
      attrs: { strides: [1, 1], dilations: [info.dilationHeight, info.dilationWidth], pad, dataFormat: 'NHWC' },
    } as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  } finally {
    heap.disposeData(rotated.dataId);
  }
}

/**
 * The padded-convolution input gradient multiplies over every input pixel (inH·inW·outC·taps
 * per image), col2im over the output positions only (outH·outW·outC·taps) plus a scatter-add
 * pass. col2im takes the cases where it saves at least this share of the products. Measured
 * interleaved (bench/engine/input-gradient-ab.ts, batch 64/32, 3×3 and 5×5): with cols made in
 * cached chunks by the SIMD product it won from 12 % saved on (1.05–1.8× at 12–15 %, 1.4× on
 * the bench:engine CNN's 28 %, 2.5–3.2× at 49–56 %); as one XNNPACK product of the whole
 * [N, K] matrix it lost at 15 % (0.3–0.8×) and won at 28 % (1.2×).
 */
const COL2IM_MIN_SAVING = { chunked: 0.1, whole: 0.22 };

/** The size of cols (or colsᵀ) made at a time for the SIMD product (a few images: L2-sized). */
const CHUNK_BYTES = 128 * 1024;

/** Whether the input gradient of this convolution goes to col2im (given the wasm function loads). */
export function col2imTakes(info: Conv2DInfo, chunked = true): boolean {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, padInfo } = info;
  const { inputGradientPath } = fastPathSwitches;
  if (inputGradientPath === 'convolution') return false;
  const unit = info.strideHeight === 1 && info.strideWidth === 1 && info.dilationHeight === 1 && info.dilationWidth === 1;
  const unpadded = padInfo.top === 0 && padInfo.left === 0 && padInfo.bottom === 0 && padInfo.right === 0;
  const groups = inChannels / 4;
  if (!unit || !unpadded || !Number.isInteger(groups) || groups > MAX_COL2IM_GROUPS || outHeight < 1 || outWidth < 1) return false;
  const saving = 1 - (outHeight * outWidth) / (inHeight * inWidth);
  return inputGradientPath === 'col2im' || saving >= COL2IM_MIN_SAVING[chunked ? 'chunked' : 'whole'];
}

/**
 * dx of an unpadded, stride-1, undilated convolution whose input channels are a multiple of
 * 4, as cols[N, K] = dy[N, outC]·Wᵀ[outC, K] (one XNNPACK product) and a SIMD scatter-add of
 * each tap's column block (col2im-add.ts) into the zeroed dx; undefined for other cases, or
 * where the product would save too little over the padded convolution.
 */
function inputGradientByCol2im(heap: Backend, info: Conv2DInfo, dy: tf.TensorInfo, filter: tf.TensorInfo, inputShape: number[]): tf.TensorInfo | undefined {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const simd = fastPathSwitches.chunkedConvProducts ? simdFor(heap) : null;
  if (!col2imTakes(info, simd !== null)) return undefined;
  const addRows = wasmCol2imAddRows(inChannels / 4, backendMemory(heap));
  if (!addRows) return undefined;
  const positions = batchSize * outHeight * outWidth;
  const taps = filterHeight * filterWidth * inChannels;
  const imagePositions = outHeight * outWidth;
  // With the SIMD product, cols is made a few images at a time into a scratch buffer that
  // stays in cache for the scatter-add right after, instead of one [N, K] matrix in memory.
  const chunkImages = simd ? Math.max(1, Math.min(batchSize, Math.floor(CHUNK_BYTES / (imagePositions * taps * 4)))) : batchSize;
  const filterT = heap.makeOutput([outChannels, taps], 'float32');
  let cols: tf.TensorInfo | undefined;
  try {
    const w = heap.typedArrayFromHeap(filter) as Float32Array;
    const wT = heap.typedArrayFromHeap(filterT) as Float32Array;
    for (let k = 0; k < taps; k++) for (let d2 = 0; d2 < outChannels; d2++) wT[d2 * taps + k] = w[k * outChannels + d2]!;
    cols = simd ? heap.makeOutput([chunkImages * imagePositions, taps], 'float32') : plainMatMul(heap, asShape(dy, [positions, outChannels]), filterT, [positions, taps]);
    const dx = heap.makeOutput(inputShape, 'float32');
    const dxArray = heap.typedArrayFromHeap(dx) as Float32Array;
    dxArray.fill(0);
    const colsAt = (heap.typedArrayFromHeap(cols) as Float32Array).byteOffset;
    const dyAt = heap.typedArrayFromHeap(dy).byteOffset;
    const wTAt = (heap.typedArrayFromHeap(filterT) as Float32Array).byteOffset;
    const pixelBytes = inChannels * 4;
    for (let first = 0; first < batchSize; first += chunkImages) {
      const images = Math.min(chunkImages, batchSize - first);
      if (simd) {
        const rows = images * imagePositions;
        simd.multiply(
          1, rows, taps, outChannels,
          { address: dyAt + first * imagePositions * outChannels * 4, batchStride: 0, rowStride: outChannels * 4, columnStride: 4 },
          { address: wTAt, batchStride: 0, rowStride: taps * 4, columnStride: 4 },
          { address: colsAt, batchStride: 0, rowStride: taps * 4, columnStride: 4 },
        );
      }
      for (let b = first; b < first + images; b++) {
        const colsImage = colsAt + (simd ? b - first : b) * imagePositions * taps * 4;
        for (let wR = 0; wR < filterHeight; wR++)
          for (let wC = 0; wC < filterWidth; wC++)
            addRows(
              colsImage + (wR * filterWidth + wC) * inChannels * 4,
              dxArray.byteOffset + ((b * inHeight + wR) * inWidth + wC) * pixelBytes,
              outHeight,
              outWidth,
              taps * 4,
              pixelBytes,
              outWidth * taps * 4,
              inWidth * pixelBytes,
            );
      }
    }
    return dx;
  } finally {
    heap.disposeData(filterT.dataId);
    if (cols) heap.disposeData(cols.dataId);
  }
}

export function conv2DBackpropInputMatMul({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  requireChannelsLast(tf.Conv2DBackpropInput, attrs.dataFormat);
  const heap = backend as Backend;
  const inputShape = attrs.inputShape as [number, number, number, number];
  const info = convInfo(inputShape, filter.shape, attrs);
  const byCol2im = inputGradientByCol2im(heap, info, dy, filter, inputShape);
  if (byCol2im) return byCol2im;
  const asConvolution = inputGradientAsConvolution(heap, info, dy, filter);
  if (asConvolution) return asConvolution;
  const positions = info.batchSize * info.outHeight * info.outWidth;
  const taps = info.filterHeight * info.filterWidth * info.inChannels;
  const outChannels = info.outChannels;
  const filterT = heap.makeOutput([outChannels, taps], 'float32');
  let cols: tf.TensorInfo | undefined;
  try {
    const w = heap.typedArrayFromHeap(filter) as Float32Array;
    const wT = heap.typedArrayFromHeap(filterT) as Float32Array;
    for (let k = 0; k < taps; k++) for (let d2 = 0; d2 < outChannels; d2++) wT[d2 * taps + k] = w[k * outChannels + d2]!;
    cols = plainMatMul(heap, asShape(dy, [positions, outChannels]), filterT, [positions, taps]);
    const dx = heap.makeOutput(inputShape, 'float32');
    addColumnsToImage(info, heap.typedArrayFromHeap(cols) as Float32Array, heap.typedArrayFromHeap(dx) as Float32Array);
    return dx;
  } finally {
    heap.disposeData(filterT.dataId);
    if (cols) heap.disposeData(cols.dataId);
  }
}

/**
 * The depthwise input gradient with one filter per channel (multiplier 1) and stride 1, as
 * one XNNPACK depthwise convolution of dy with the rotated filter (see
 * inputGradientAsConvolution); undefined for other cases, which keep the loop kernel.
 */
export function depthwiseInputGradientAsConvolution({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo | undefined {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const heap = backend as Backend;
  const inputShape = attrs.inputShape as [number, number, number, number];
  const [filterHeight, filterWidth, channels, multiplier] = filter.shape as [number, number, number, number];
  if (multiplier !== 1) return undefined;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides as [number, number],
    (attrs.dilations as [number, number] | number | undefined) ?? 1,
    attrs.pad as Pad,
    attrs.dimRoundingMode as Rounding,
    true,
  );
  const pad = paddingForInputGradient(info);
  const conv = tf.getKernel(tf.DepthwiseConv2dNative, 'wasm');
  if (!pad || !conv) return undefined;
  const rotated = heap.makeOutput(filter.shape, 'float32');
  try {
    const w = heap.typedArrayFromHeap(filter) as Float32Array;
    const r = heap.typedArrayFromHeap(rotated) as Float32Array;
    for (let wR = 0; wR < filterHeight; wR++)
      for (let wC = 0; wC < filterWidth; wC++) {
        const from = ((filterHeight - 1 - wR) * filterWidth + (filterWidth - 1 - wC)) * channels;
        r.set(w.subarray(from, from + channels), (wR * filterWidth + wC) * channels);
      }
    return conv.kernelFunc({
      inputs: { x: dy, filter: rotated },
      backend: heap as unknown as tf.KernelBackend,
      attrs: { strides: [1, 1], dilations: [info.dilationHeight, info.dilationWidth], pad, dataFormat: 'NHWC' },
    } as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  } finally {
    heap.disposeData(rotated.dataId);
  }
}
