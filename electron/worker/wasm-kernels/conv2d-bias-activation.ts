import * as tf from '@tensorflow/tfjs';
import { CONV2D_BIAS_ACTIVATION_KERNEL, type Conv2DBiasActivationAttrs } from '../../../shared/layers/custom/conv2d-bias-activation';
import type { KernelArgs } from './heap';

/**
 * The layer's convolution + bias + activation (shared/layers/custom/conv2d-bias-activation.ts)
 * as wasm's FusedConv2D: one XNNPACK convolution that adds the bias and clamps as it writes,
 * instead of conv2d, a broadcasting add and relu, each a pass over the feature map.
 */
function conv2dBiasActivation({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo {
  const fused = tf.getKernel(tf.FusedConv2D, 'wasm');
  if (!fused) throw new Error('the wasm backend has no FusedConv2D kernel');
  const { strides, pad, activation } = attrs as unknown as Conv2DBiasActivationAttrs;
  return fused.kernelFunc({
    inputs: { x: inputs.x!, filter: inputs.filter!, bias: inputs.bias! },
    backend: backend as tf.KernelBackend,
    attrs: { strides, pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined, activation },
  } as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
}

export const conv2dBiasActivationConfig: tf.KernelConfig = {
  kernelName: CONV2D_BIAS_ACTIVATION_KERNEL,
  backendName: 'wasm',
  kernelFunc: conv2dBiasActivation as unknown as tf.KernelFunc,
};
