import * as tf from '@tensorflow/tfjs';
import type { KernelArgs } from './heap';

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

function batchSize(shape: number[]): number {
  return shape.slice(0, -2).reduce((p, d) => p * d, 1);
}

let installed = false;

/** Replaces wasm's BatchMatMul by the transpose-free wrapper, once. */
export function installTransposeFreeBatchMatMul(): void {
  if (installed) return;
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose) return;
  installed = true;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel(transposeFreeBatchMatMul(original, transpose));
}
