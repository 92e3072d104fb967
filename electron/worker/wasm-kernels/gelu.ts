import type * as tf from '@tensorflow/tfjs';
import { GELU_KERNEL } from '../../../shared/layers/custom/gelu';
import type { KernelArgs, WasmHeapBackend } from './heap';
import { ERF, simdFor } from './simd-kernels';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** One element, as the SIMD function computes it (erfc as tfjs's cpu Erf approximates it). */
function geluScalar(x: Float32Array, y: Float32Array, d: Float32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const v = x[i]!;
    const z = Math.abs(v) * Math.SQRT1_2;
    const t = 1 / (1 + ERF.p * z);
    const e = Math.exp(-z * z);
    const half = 0.5 * t * (ERF.a1 + t * (ERF.a2 + t * (ERF.a3 + t * (ERF.a4 + t * ERF.a5)))) * e;
    const cdf = v >= 0 ? 1 - half : half;
    y[i] = v * cdf;
    d[i] = cdf + v * e * INV_SQRT_2PI;
  }
}

/**
 * GELU and its derivative in one pass over the wasm heap, 4 lanes at a time
 * (simd-kernels.ts): the inputs of shared/layers/custom/gelu.ts's fused op.
 */
export function geluKernel({ inputs, backend }: KernelArgs): tf.TensorInfo[] {
  const x = inputs.x!;
  const heap = backend as WasmHeapBackend;
  const y = heap.makeOutput(x.shape, 'float32');
  const d = heap.makeOutput(x.shape, 'float32');
  const [xs, ys, ds] = [x, y, d].map((t) => heap.typedArrayFromHeap(t) as Float32Array);
  const size = xs!.length;
  const simd = simdFor(backend);
  const whole = simd ? size - (size % 4) : 0;
  if (simd) simd.gelu(xs!.byteOffset, ys!.byteOffset, ds!.byteOffset, whole);
  geluScalar(xs!, ys!, ds!, whole, size);
  return [y, d];
}

export const geluConfig: tf.KernelConfig = { kernelName: GELU_KERNEL, backendName: 'wasm', kernelFunc: geluKernel as unknown as tf.KernelFunc };
