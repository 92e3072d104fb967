import * as tf from '@tensorflow/tfjs';
import type { KernelArgs } from './heap';

/**
 * tfjs-backend-wasm 4.22's Identity copies its input into a new buffer. The engine runs
 * Identity for every tensor a kernel keeps for its gradient (engine.clone in
 * saveTensorsForBackwardMode), so a training step copied each saved activation once more:
 * on bench:engine's Transformer 117 copies and ~5 ms of a ~65 ms step. Like the backend's
 * own Reshape and the cpu backend's Identity, this shares the buffer and counts one more
 * reference; no kernel writes into its inputs, so sharing is safe.
 */
export function sharedIdentity({ inputs, backend }: KernelArgs): tf.TensorInfo {
  const x = inputs.x!;
  (backend as { incRef(dataId: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

let stock: tf.KernelConfig | null = null;
let shared = false;

/** Replaces wasm's Identity by the sharing one (or, with false, puts the stock one back). */
export function installSharedIdentity(enabled = true): void {
  stock ??= tf.getKernel('Identity', 'wasm') ?? null;
  if (!stock || enabled === shared) return;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel(enabled ? { ...stock, kernelFunc: sharedIdentity as unknown as tf.KernelFunc } : stock);
  shared = enabled;
}
