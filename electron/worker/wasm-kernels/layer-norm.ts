import type * as tf from '@tensorflow/tfjs';
import { LAYER_NORM_GRAD_KERNEL, LAYER_NORM_KERNEL } from '../../../shared/layers/custom/layer-normalization';
import type { KernelArgs, WasmHeapBackend } from './heap';
import { simdFor } from './simd-kernels';

/**
 * Layer normalization over the last axis, forward and backward, each one pass over the wasm
 * heap (shared/layers/custom/layer-normalization.ts's fused op): SIMD functions of
 * simd-kernels.ts's module where rows are a multiple of 4 floats, else JS loops (float64 row
 * statistics). JS loops alone were slower than the broadcasting kernels they replace.
 * Forward as tfjs's moments: mean, then the mean of squared deviations (two passes over a
 * row, which is in cache), rstd = 1/√(variance + ε).
 */
export function layerNormKernel({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo[] {
  const { x, gamma, beta } = inputs as Record<string, tf.TensorInfo>;
  const heap = backend as WasmHeapBackend;
  const [rows, n] = x!.shape as [number, number];
  const outputs = [heap.makeOutput([rows, n], 'float32'), heap.makeOutput([rows, n], 'float32'), heap.makeOutput([rows], 'float32')];
  const [xs, g, b] = [x!, gamma!, beta!].map((t) => heap.typedArrayFromHeap(t) as Float32Array);
  const [y, normalized, rstd] = outputs.map((t) => heap.typedArrayFromHeap(t) as Float32Array);
  const simd = n % 4 === 0 ? simdFor(backend) : null;
  if (simd) simd.layerNorm(xs!.byteOffset, g!.byteOffset, b!.byteOffset, y!.byteOffset, normalized!.byteOffset, rstd!.byteOffset, rows, n, attrs.epsilon as number);
  else forwardPass(xs!, g!, b!, y!, normalized!, rstd!, rows, n, attrs.epsilon as number);
  return outputs;
}

function forwardPass(x: Float32Array, g: Float32Array, b: Float32Array, y: Float32Array, normalized: Float32Array, rstd: Float32Array, rows: number, n: number, epsilon: number): void {
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let sum = 0;
    for (let j = 0; j < n; j++) sum += x[base + j]!;
    const mean = Math.fround(sum / n);
    let squares = 0;
    for (let j = 0; j < n; j++) {
      const deviation = Math.fround(x[base + j]! - mean);
      squares += deviation * deviation;
    }
    const inverse = Math.fround(1 / Math.sqrt(Math.fround(Math.fround(squares / n) + epsilon)));
    rstd[r] = inverse;
    for (let j = 0; j < n; j++) {
      const h = Math.fround(Math.fround(x[base + j]! - mean) * inverse);
      normalized[base + j] = h;
      y[base + j] = h * g[j]! + b[j]!;
    }
  }
}

/**
 * dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)) with ĝ = dy·gamma, per row; dgamma = Σ dy·x̂ and
 * dbeta = Σ dy over the rows.
 */
export function layerNormGradKernel({ inputs, backend }: KernelArgs): tf.TensorInfo[] {
  const { dy, normalized, rstd, gamma } = inputs as Record<string, tf.TensorInfo>;
  const heap = backend as WasmHeapBackend;
  const [rows, n] = dy!.shape as [number, number];
  const outputs = [heap.makeOutput([rows, n], 'float32'), heap.makeOutput([n], 'float32'), heap.makeOutput([n], 'float32')];
  const [d, h, s, g] = [dy!, normalized!, rstd!, gamma!].map((t) => heap.typedArrayFromHeap(t) as Float32Array);
  const [dx, dgamma, dbeta] = outputs.map((t) => heap.typedArrayFromHeap(t) as Float32Array);
  const simd = n % 4 === 0 ? simdFor(backend) : null;
  if (simd) simd.layerNormGrad(d!.byteOffset, h!.byteOffset, s!.byteOffset, g!.byteOffset, dx!.byteOffset, dgamma!.byteOffset, dbeta!.byteOffset, rows, n);
  else backwardPass(d!, h!, s!, g!, dx!, dgamma!, dbeta!, rows, n);
  return outputs;
}

function backwardPass(dy: Float32Array, h: Float32Array, rstd: Float32Array, g: Float32Array, dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array, rows: number, n: number): void {
  const gammaTotals = new Float64Array(n);
  const betaTotals = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    const base = r * n;
    let sumG = 0;
    let sumGH = 0;
    for (let j = 0; j < n; j++) {
      const dyj = dy[base + j]!;
      const hj = h[base + j]!;
      const gj = dyj * g[j]!;
      sumG += gj;
      sumGH += gj * hj;
      gammaTotals[j]! += dyj * hj;
      betaTotals[j]! += dyj;
    }
    const meanG = sumG / n;
    const meanGH = sumGH / n;
    const scale = rstd[r]!;
    for (let j = 0; j < n; j++) dx[base + j] = scale * (dy[base + j]! * g[j]! - meanG - h[base + j]! * meanGH);
  }
  dgamma.set(gammaTotals);
  dbeta.set(betaTotals);
}

export const layerNormConfigs: tf.KernelConfig[] = [
  { kernelName: LAYER_NORM_KERNEL, backendName: 'wasm', kernelFunc: layerNormKernel as unknown as tf.KernelFunc },
  { kernelName: LAYER_NORM_GRAD_KERNEL, backendName: 'wasm', kernelFunc: layerNormGradKernel as unknown as tf.KernelFunc },
];
