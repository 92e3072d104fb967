import * as tf from '@tensorflow/tfjs';
import { conv2dBiasActivationConfig } from './conv2d-bias-activation';
import { reluBiasGradientConfig } from './relu-bias-gradient';
import { conv2DBackpropFilterMatMul, conv2DBackpropInputMatMul, depthwiseInputGradientAsConvolution } from './conv-matmul';
import { depthwiseFilterGradient } from './depthwise-filter-gradient';
import { rowGather } from './gather';
import type { KernelArgs } from './heap';
import { maxPoolGrad } from './max-pool-grad';
import { sumOverLeadingAxes } from './sum-leading';

/**
 * Replacements for wasm kernels that exist but dominate a CNN's (or an Embedding's)
 * training step (see each file). The kernels they replace are kept, so the `fastConvKernels`
 * switch off restores the stock path — the tests train the same model both ways and compare.
 */
export const FAST_CONV_REPLACEMENTS: { kernelName: string; make: (stock: tf.KernelConfig) => tf.KernelConfig }[] = [
  // Replaces our own loop kernel (index.ts): wasm has no Conv2DBackpropFilter.
  { kernelName: tf.Conv2DBackpropFilter, make: (stock) => ({ ...stock, kernelFunc: conv2DBackpropFilterMatMul as unknown as tf.KernelFunc }) },
  { kernelName: tf.Conv2DBackpropInput, make: (stock) => ({ ...stock, kernelFunc: conv2DBackpropInputMatMul as unknown as tf.KernelFunc }) },
  {
    // Replaces our own loop kernel (conv-backprop.ts).
    kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
    make: (stock) => ({ ...stock, kernelFunc: depthwiseFilterGradient as unknown as tf.KernelFunc }),
  },
  {
    // Replaces our own loop kernel (conv-backprop.ts) where the case allows; it handles the rest.
    kernelName: tf.DepthwiseConv2dNativeBackpropInput,
    make: (stock) => ({
      ...stock,
      kernelFunc: ((args: KernelArgs) => depthwiseInputGradientAsConvolution(args) ?? stock.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0])) as unknown as tf.KernelFunc,
    }),
  },
  { kernelName: tf.MaxPoolGrad, make: (stock) => ({ ...stock, kernelFunc: maxPoolGrad as unknown as tf.KernelFunc }) },
  { kernelName: tf.Sum, make: sumOverLeadingAxes },
  { kernelName: tf.GatherV2, make: rowGather },
];

/** Kernels wasm lacks that make a layer faster where present (the layer checks): registered with the fast kernels. */
export const FAST_CONV_ADDITIONS: tf.KernelConfig[] = [conv2dBiasActivationConfig, reluBiasGradientConfig];
