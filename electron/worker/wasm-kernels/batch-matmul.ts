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
 */
export function transposeFreeBatchMatMul(original: tf.KernelConfig, transpose: tf.KernelConfig): tf.KernelConfig {
  const multiply = original.kernelFunc;
  const transposeFunc = transpose.kernelFunc;
  const kernelFunc = ({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const transposeA = attrs.transposeA === true;
    const transposeB = attrs.transposeB === true;
    if (!transposeA && !transposeB) return multiply({ inputs, backend, attrs } as Parameters<tf.KernelFunc>[0]);
    const swap = (x: tf.TensorInfo) =>
      transposeFunc({ inputs: { x }, backend, attrs: { perm: swapLastTwo(x.shape.length) } } as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    const plainA = transposeA ? swap(a) : a;
    const plainB = transposeB ? swap(b) : b;
    try {
      return multiply({ inputs: { a: plainA, b: plainB }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } } as unknown as Parameters<tf.KernelFunc>[0]);
    } finally {
      const data = backend as unknown as { disposeData(id: object): void };
      if (transposeA) data.disposeData(plainA.dataId);
      if (transposeB) data.disposeData(plainB.dataId);
    }
  };
  return { ...original, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
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
