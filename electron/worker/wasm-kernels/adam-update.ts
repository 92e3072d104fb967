import type * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE_KERNEL } from '../../../shared/training/optimizers';
import type { KernelArgs, WasmHeapBackend } from './heap';

/**
 * One Adam step for one variable in a single pass over the wasm heap. tfjs's Adam spends
 * about fifteen kernels per variable on it (each a full pass with a fresh output, and the
 * scalar multiplies take wasm's slow broadcasting path): eight times the cost of SGD on an
 * MLP. The same formula, in double precision until each result is stored as float32: it
 * agrees with the stock optimizer to float32 rounding.
 * Inputs: value, gradient, firstMoment, secondMoment, and accBeta1 / accBeta2 (β^t, scalars).
 * Outputs: the new value, first moment and second moment.
 */
export function adamUpdate({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo[] {
  const { value, gradient, firstMoment, secondMoment, accBeta1, accBeta2 } = inputs as Record<string, tf.TensorInfo>;
  const heap = backend as WasmHeapBackend;
  // Outputs first: allocating can grow the wasm memory and detach earlier views.
  const outputs = [value!, firstMoment!, secondMoment!].map((t) => heap.makeOutput(t.shape, 'float32'));
  const [w, g, m, v, acc1, acc2] = [value, gradient, firstMoment, secondMoment, accBeta1, accBeta2].map(
    (t) => heap.typedArrayFromHeap(t!) as Float32Array,
  );
  const [wOut, mOut, vOut] = outputs.map((t) => heap.typedArrayFromHeap(t) as Float32Array);
  const beta1 = attrs.beta1 as number;
  const beta2 = attrs.beta2 as number;
  adamPass(w!, g!, m!, v!, wOut!, mOut!, vOut!, beta1, beta2, attrs.epsilon as number, -(attrs.learningRate as number), 1 - acc1![0]!, 1 - acc2![0]!);
  return outputs;
}

/** The loop on its own, so V8 compiles it once for Float32Array arguments. */
function adamPass(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  wOut: Float32Array,
  mOut: Float32Array,
  vOut: Float32Array,
  beta1: number,
  beta2: number,
  epsilon: number,
  step: number,
  correction1: number,
  correction2: number,
): void {
  const gradientShare1 = 1 - beta1;
  const gradientShare2 = 1 - beta2;
  // Reciprocals once per step: a division per element fewer, in the loop's critical path.
  const scale1 = 1 / correction1;
  const scale2 = 1 / correction2;
  const n = w.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const mi = m[i]! * beta1 + gi * gradientShare1;
    const vi = v[i]! * beta2 + gi * gi * gradientShare2;
    mOut[i] = mi;
    vOut[i] = vi;
    wOut[i] = ((mi * scale1) / (Math.sqrt(vi * scale2) + epsilon)) * step + w[i]!;
  }
}

export const adamUpdateConfig: tf.KernelConfig = {
  kernelName: ADAM_UPDATE_KERNEL,
  backendName: 'wasm',
  kernelFunc: adamUpdate as unknown as tf.KernelFunc,
};
