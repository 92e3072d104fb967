import * as tf from '@tensorflow/tfjs';
import type { KernelArgs, WasmHeapBackend } from './heap';
import { simdFor, type Operand, type SimdKernels } from './simd-kernels';

/** The permutation that swaps the last two axes of a rank-`rank` tensor. */
function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 1] = rank - 2;
  perm[rank - 2] = rank - 1;
  return perm;
}

/**
 * tfjs-backend-wasm 4.22 multiplies plain matrices fast (XNNPACK) but takes a far slower
 * path when an operand is marked transposed — 10 to 25 times slower on the shapes of a
 * Transformer block. Every matMul gradient asks for exactly those (dy·bᵀ, aᵀ·dy), so the
 * backward pass of a Dense on a sequence or of an attention projection spent most of each
 * training step there. This wraps the backend's BatchMatMul: a transposed operand is first
 * transposed for real (one cheap copy), then multiplied plainly. Same numbers, same kernel.
 *
 * A second cost is in the fast path itself. XNNPACK repacks the right operand B[k, n] for
 * every B it has not seen (it caches the packing per tensor), and that packing costs far
 * more than the product when n is large: for x[64, 784]·W[784, 256] with a fresh W — every
 * training step, since the optimizer replaces W — packing took ~6 ms and the product ~1.5.
 * So a single (unbatched) product C = A·B whose left side has fewer rows than the right has
 * columns is computed as Cᵀ = Bᵀ·Aᵀ, which packs the narrow Aᵀ instead; the transposes
 * cost a fraction of the packing. From its second use on, a B is multiplied as it is, so
 * XNNPACK packs it once and reuses that (a recurrent kernel over the time steps of a batch,
 * fixed weights predicting many times).
 *
 * Batched products (attention's scores and weighted sums, and their gradients) and
 * weight gradients aᵀ·dy go to our SIMD kernel instead (simd-kernels.ts): the backend
 * multiplies batched operands in a scalar loop, 10–16 times slower, and the transposed
 * left operand of a weight gradient is read in place there rather than copied.
 */
export function transposeFreeBatchMatMul(original: tf.KernelConfig, transpose: tf.KernelConfig): tf.KernelConfig {
  const multiply = original.kernelFunc;
  const transposeFunc = transpose.kernelFunc;
  const seenAsRightOperand = new WeakSet<object>();
  const kernelFunc = ({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const transposeA = attrs.transposeA === true;
    const transposeB = attrs.transposeB === true;
    const data = backend as unknown as { disposeData(id: object): void };
    const simd = simdFor(backend);
    if (simd && a.dtype === 'float32' && b.dtype === 'float32') {
      const product = simdProduct(simd, backend as WasmHeapBackend, a, b, transposeA, transposeB);
      if (product) return product;
    }
    const swap = (x: tf.TensorInfo) =>
      transposeFunc({ inputs: { x }, backend, attrs: { perm: swapLastTwo(x.shape.length) } } as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    const plainProduct = (left: tf.TensorInfo, right: tf.TensorInfo) =>
      multiply({ inputs: { a: left, b: right }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } } as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;

    const rows = transposeA ? a.shape[a.shape.length - 1]! : a.shape[a.shape.length - 2]!;
    const columns = transposeB ? b.shape[b.shape.length - 2]! : b.shape[b.shape.length - 1]!;
    const unbatched = batchSize(a.shape) === 1 && batchSize(b.shape) === 1;
    const cachedRight = !transposeB && seenAsRightOperand.has(b.dataId);
    if (unbatched && rows < columns && !cachedRight) {
      // Met again (a recurrent kernel at each time step, weights at each prediction), it is
      // worth packing once and reusing.
      if (!transposeB) seenAsRightOperand.add(b.dataId);
      // Cᵀ = Bᵀ·Aᵀ: an operand stored transposed is already in the layout this needs.
      const left = transposeB ? b : swap(b);
      const right = transposeA ? a : swap(a);
      try {
        const transposed = plainProduct(left, right);
        try {
          return swap(transposed);
        } finally {
          data.disposeData(transposed.dataId);
        }
      } finally {
        if (!transposeB) data.disposeData(left.dataId);
        if (!transposeA) data.disposeData(right.dataId);
      }
    }

    if (!transposeA && !transposeB) {
      seenAsRightOperand.add(b.dataId);
      return multiply({ inputs, backend, attrs } as Parameters<tf.KernelFunc>[0]);
    }
    const plainA = transposeA ? swap(a) : a;
    const plainB = transposeB ? swap(b) : b;
    try {
      return plainProduct(plainA, plainB);
    } finally {
      if (transposeA) data.disposeData(plainA.dataId);
      if (transposeB) data.disposeData(plainB.dataId);
    }
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

const address = (backend: WasmHeapBackend, t: tf.TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;

/** to = from with the last two axes ([rows, columns] matrices, one after another) swapped. */
function transposeMatrices(from: ArrayLike<number>, to: { [i: number]: number }, rows: number, columns: number): void {
  const size = rows * columns;
  for (let base = 0; base < from.length; base += size)
    for (let i = 0; i < rows; i++) {
      const row = base + i * columns;
      for (let j = 0; j < columns; j++) to[base + j * rows + i] = from[row + j]!;
    }
}

/** A copy of x with its last two axes swapped, made with a JS loop over the heap (the backend's Transpose is slower). */
function transposeLastTwo(backend: WasmHeapBackend, x: tf.TensorInfo): tf.TensorInfo {
  const rank = x.shape.length;
  const [rows, columns] = [x.shape[rank - 2]!, x.shape[rank - 1]!];
  const out = backend.makeOutput([...x.shape.slice(0, -2), columns, rows], 'float32');
  transposeMatrices(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out), rows, columns);
  return out;
}

/**
 * The product on the SIMD kernel, or null to leave it to the backend: batched products of
 * equal leading axes whose output has a multiple of 4 columns, and unbatched aᵀ·b (weight
 * gradients). Plain unbatched products stay with XNNPACK, which is as fast and keeps packings.
 */
function simdProduct(
  simd: SimdKernels,
  backend: WasmHeapBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): tf.TensorInfo | null {
  const [rankA, rankB] = [a.shape.length, b.shape.length];
  const leading = a.shape.slice(0, -2);
  const batch = batchSize(a.shape);
  const sameLeading = rankA === rankB && leading.every((d, i) => d === b.shape[i]);
  const [m, k] = transposeA ? [a.shape[rankA - 1]!, a.shape[rankA - 2]!] : [a.shape[rankA - 2]!, a.shape[rankA - 1]!];
  const n = transposeB ? b.shape[rankB - 2]! : b.shape[rankB - 1]!;
  if (!sameLeading || m * n * k === 0) return null;
  const data = backend as unknown as { disposeData(id: object): void };
  // A(i, p) for plain and transposed storage.
  const left = (t: tf.TensorInfo, transposed: boolean, rows: number): Operand => ({
    address: address(backend, t),
    batchStride: 4 * rows * k,
    rowStride: transposed ? 4 : 4 * k,
    columnStride: transposed ? 4 * rows : 4,
  });
  // B[p, j] ([k, columns] per batch) and C[i, j] ([rows, columns] per batch), columns contiguous.
  const rowMajor = (t: tf.TensorInfo, rows: number, columns: number): Operand => ({ address: address(backend, t), batchStride: 4 * rows * columns, rowStride: 4 * columns, columnStride: 4 });

  if (batch > 1 && n % 4 === 0) {
    const out = backend.makeOutput([...leading, m, n], 'float32');
    const plainB = transposeB ? transposeLastTwo(backend, b) : b;
    try {
      simd.multiply(batch, m, n, k, left(a, transposeA, m), rowMajor(plainB, k, n), rowMajor(out, m, n));
    } finally {
      if (transposeB) data.disposeData(plainB.dataId);
    }
    return out;
  }
  if (batch === 1 && transposeA && !transposeB) {
    const out = backend.makeOutput([...leading, m, n], 'float32');
    if (n % 4 === 0 && (m <= n || m % 4 !== 0)) {
      simd.multiply(1, m, n, k, left(a, true, m), rowMajor(b, k, n), rowMajor(out, m, n));
      return out;
    }
    if (m % 4 === 0) {
      // Many rows, few columns: Cᵀ = bᵀ·a runs the kernel's wide tiles along m, then one small transpose.
      const transposed = backend.makeOutput([n, m], 'float32');
      try {
        const bAsLeft: Operand = { address: address(backend, b), batchStride: 0, rowStride: 4, columnStride: 4 * n };
        simd.multiply(1, n, m, k, bAsLeft, rowMajor(a, k, m), rowMajor(transposed, n, m));
        transposeMatrices(backend.typedArrayFromHeap(transposed), backend.typedArrayFromHeap(out), n, m);
      } finally {
        data.disposeData(transposed.dataId);
      }
      return out;
    }
    data.disposeData(out.dataId);
  }
  return null;
}

function batchSize(shape: number[]): number {
  return shape.slice(0, -2).reduce((p, d) => p * d, 1);
}

/** The transpose-free wrapper in place of wasm's BatchMatMul (it transposes with wasm's own Transpose). */
export function transposeFreeBatchMatMulReplacing(stock: tf.KernelConfig): tf.KernelConfig {
  const transpose = tf.getKernel(tf.Transpose, 'wasm');
  if (!transpose) throw new Error('the wasm backend has no Transpose kernel to go with its BatchMatMul');
  return transposeFreeBatchMatMul(stock, transpose);
}
