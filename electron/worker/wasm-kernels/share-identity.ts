import * as tf from '@tensorflow/tfjs';
import type { KernelArgs } from './heap';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

/**
 * tfjs-backend-wasm 4.22's Identity copies its input into a fresh buffer. The engine runs it
 * for every tensor a gradient saves (engine.clone → Identity), so a CNN's training step
 * copied each activation map it keeps for the backward pass — 32 copies per step of the
 * bench:engine CNN. Tensors are immutable, so the result may share the input's buffer,
 * as the cpu backend does and as the wasm Reshape already does: one more reference, no copy.
 * A Cast to the dtype the tensor already has (ReLU's gradient casts its step mask) is the
 * same identity and shares too; real conversions go to the stock kernel.
 */
function shared(x: tf.TensorInfo, backend: unknown): tf.TensorInfo {
  (backend as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export function sharingIdentity(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs) => {
    const x = args.inputs.x!;
    return x.dtype === 'string' ? stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) : shared(x, args.backend);
  };
  return { ...stock, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

export function sharingSameTypeCast(stock: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs) => {
    const x = args.inputs.x!;
    const same = x.dtype !== 'string' && x.dtype === (args.attrs?.dtype as tf.DataType | undefined);
    return same ? shared(x, args.backend) : stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]);
  };
  return { ...stock, kernelFunc: kernelFunc as unknown as tf.KernelFunc };
}

/** Identity and Cast to the same type share the input's buffer: what registration puts in place of wasm's. */
export const SHARING_REPLACEMENTS: { kernelName: string; make: (stock: tf.KernelConfig) => tf.KernelConfig }[] = [
  { kernelName: tf.Identity, make: sharingIdentity },
  { kernelName: tf.Cast, make: sharingSameTypeCast },
];
