import * as tf from '@tensorflow/tfjs';
import { conv2dBiasActivationConfig } from './conv2d-bias-activation';
import { reluBiasGradientConfig } from './relu-bias-gradient';
import { conv2DBackpropFilterMatMul, conv2DBackpropInputMatMul, depthwiseInputGradientAsConvolution } from './conv-matmul';
import { depthwiseFilterGradient } from './depthwise-filter-gradient';
import { rowGather } from './gather';
import type { KernelArgs } from './heap';
import { maxPoolGrad } from './max-pool-grad';
import { sharingIdentity, sharingSameTypeCast } from './share-identity';
import { sumOverLeadingAxes } from './sum-leading';

/**
 * Replacements for wasm kernels that exist but dominate a CNN's (or an Embedding's)
 * training step (see each file). The kernels they replace are kept, so `useFastConvKernels(false)` restores the
 * stock path — the tests train the same model both ways and compare.
 */
const REPLACEMENTS: { kernelName: string; make: (stock: tf.KernelConfig) => tf.KernelConfig }[] = [
  // Replaces our own loop kernel (index.ts): wasm has no Conv2DBackpropFilter.
  { kernelName: 'Conv2DBackpropFilter', make: (stock) => ({ ...stock, kernelFunc: conv2DBackpropFilterMatMul as unknown as tf.KernelFunc }) },
  { kernelName: 'Conv2DBackpropInput', make: (stock) => ({ ...stock, kernelFunc: conv2DBackpropInputMatMul as unknown as tf.KernelFunc }) },
  {
    // Replaces our own loop kernel (conv-backprop.ts).
    kernelName: 'DepthwiseConv2dNativeBackpropFilter',
    make: (stock) => ({ ...stock, kernelFunc: depthwiseFilterGradient as unknown as tf.KernelFunc }),
  },
  {
    // Replaces our own loop kernel (conv-backprop.ts) where the case allows; it handles the rest.
    kernelName: 'DepthwiseConv2dNativeBackpropInput',
    make: (stock) => ({
      ...stock,
      kernelFunc: ((args: KernelArgs) => depthwiseInputGradientAsConvolution(args) ?? stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0])) as unknown as tf.KernelFunc,
    }),
  },
  { kernelName: 'MaxPoolGrad', make: (stock) => ({ ...stock, kernelFunc: maxPoolGrad as unknown as tf.KernelFunc }) },
  { kernelName: 'Sum', make: sumOverLeadingAxes },
  { kernelName: 'GatherV2', make: rowGather },
  { kernelName: 'Identity', make: sharingIdentity },
  { kernelName: 'Cast', make: sharingSameTypeCast },
];

/** Kernels wasm lacks that make a layer faster where present (the layer checks): registered with the fast kernels. */
const ADDITIONS: tf.KernelConfig[] = [conv2dBiasActivationConfig, reluBiasGradientConfig];

// The stock configs keep their setupFunc (it binds the wasm export they call), so a
// replacement carries it too: whichever is registered when the backend starts sets it up.
const stockKernels = new Map<string, tf.KernelConfig>();
let fast = false;

/** Switches between the fast kernels and the ones they replace; idempotent. */
export function useFastConvKernels(enabled: boolean): void {
  if (enabled === fast) return;
  for (const { kernelName, make } of REPLACEMENTS) {
    const current = tf.getKernel(kernelName, 'wasm');
    if (!current) continue;
    if (!stockKernels.has(kernelName)) stockKernels.set(kernelName, current);
    const stock = stockKernels.get(kernelName)!;
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel(enabled ? make(stock) : stock);
  }
  for (const config of ADDITIONS) {
    if (tf.getKernel(config.kernelName, 'wasm')) tf.unregisterKernel(config.kernelName, 'wasm');
    if (enabled) tf.registerKernel(config);
  }
  fast = enabled;
}
