import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilter, depthwiseConv2dNativeBackpropFilter, depthwiseConv2dNativeBackpropInput } from './conv-backprop';
import { unsortedSegmentSum } from './unsorted-segment-sum';
import { installTransposeFreeBatchMatMul } from './batch-matmul';
import { useSimdKernels } from './simd-kernels';
import { useFusedGelu } from '../../../shared/layers/custom/gelu';
import { useFastConvKernels } from './fast-conv-kernels';
import { installHeapSlicing } from './slice';
import { installSharingIdentity } from './share-identity';
import { adamUpdateConfig } from './adam-update';
import { geluConfig } from './gelu';
import { layerNormConfigs } from './layer-norm';
import { useFusedLayerNorm } from '../../../shared/layers/custom/layer-normalization';

/**
 * Gradient kernels tfjs-backend-wasm 4.22 lacks (measured against the cpu backend's list);
 * without them a Conv2D, DepthwiseConv2D, SeparableConv2D or Embedding layer cannot train on
 * wasm. Plain JS loops over the wasm heap: slower than native wasm, far faster than
 * falling back to cpu for the whole model.
 */
export const WASM_GRADIENT_KERNELS: tf.KernelConfig[] = [
  { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropFilter',
    backendName: 'wasm',
    kernelFunc: depthwiseConv2dNativeBackpropFilter as unknown as tf.KernelFunc,
  },
  {
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    backendName: 'wasm',
    kernelFunc: depthwiseConv2dNativeBackpropInput as unknown as tf.KernelFunc,
  },
  { kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc },
  // Not a missing kernel but a faster optimizer step: see adam-update.ts.
  adamUpdateConfig,
  // GELU and its derivative in one SIMD pass: see shared/layers/custom/gelu.ts.
  geluConfig,
  // Layer normalization in one pass each way: see shared/layers/custom/layer-normalization.ts.
  ...layerNormConfigs,
];

/** Idempotent; kernels a newer tfjs-backend-wasm provides itself are left alone. */
export function registerWasmGradientKernels(): void {
  for (const config of WASM_GRADIENT_KERNELS)
    if (!tf.getKernel(config.kernelName, 'wasm')) tf.registerKernel(config);
  // Not a missing gradient but a slow one: see batch-matmul.ts.
  installTransposeFreeBatchMatMul();
  // Faster conv/pool gradients, bias-gradient sums and row gathers: see fast-conv-kernels.ts.
  useFastConvKernels(true);
  // Also a slow one: see slice.ts.
  installHeapSlicing();
  // A needless copy of every tensor saved for a gradient: see share-identity.ts.
  installSharingIdentity();
}

/**
 * The Transformer's fast path of issue #10 on or off, for in-process A/B benchmarks and
 * agreement tests: the SIMD kernels (matrix products, bias-gradient sums; GELU and
 * LayerNorm fall back to JS loops without them), the sharing Identity, the one-kernel GELU
 * and LayerNormalization ops.
 */
export function useFastTransformerPath(enabled: boolean): void {
  useSimdKernels(enabled);
  installSharingIdentity(enabled);
  useFusedGelu(enabled);
  useFusedLayerNorm(enabled);
}
