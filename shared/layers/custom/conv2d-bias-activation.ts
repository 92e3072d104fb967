import * as tf from '@tensorflow/tfjs';

/**
 * A Conv2D layer's convolution, bias and ReLU (or no activation) as one kernel that a backend
 * may register. While a gradient is being recorded, tfjs runs them as three kernels
 * (tf.fused.conv2d falls back to conv2d, add, relu under a tape), each a full pass over the
 * feature map with a fresh output, and its gradient saves a copy of each. A backend
 * whose convolution applies bias and clamp as it writes (XNNPACK does) makes the forward
 * pass one kernel. The gradient is the stock one written out: the activation's mask, the
 * bias gradient as a sum over the leading axes, and the convolution's two backprop kernels —
 * each input's gradient computed only when the tape asks for it, so a first layer
 * (whose input needs none) computes no input gradient.
 * Backends without the kernel (cpu, webgpu) take the stock three-kernel path.
 */
export const CONV2D_BIAS_ACTIVATION_KERNEL = 'NNDesignerConv2DBiasActivation';

/**
 * A backend may register this too: inputs dy and y (the layer's output), outputs
 * [dy where y > 0 else 0, its sum over every axis but the last] — ReLU's and the bias's
 * gradients in one pass instead of Step, Multiply and Sum.
 */
export const RELU_BIAS_GRADIENT_KERNEL = 'NNDesignerReluBiasGradient';

export const FUSED_CONV_ACTIVATIONS = ['relu', 'linear'] as const;
export type FusedConvActivation = (typeof FUSED_CONV_ACTIVATIONS)[number];

export interface Conv2DBiasActivationAttrs {
  strides: [number, number];
  pad: 'valid' | 'same';
  activation: FusedConvActivation;
}

export function hasFusedConv2D(): boolean {
  return tf.getKernel(CONV2D_BIAS_ACTIVATION_KERNEL, tf.getBackend()) !== undefined;
}

/** relu(conv2d(x, filter) + bias) or conv2d(x, filter) + bias, NHWC, no dilation; needs hasFusedConv2D(). */
export function conv2dBiasActivation(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, attrs: Conv2DBiasActivationAttrs): tf.Tensor4D {
  return tf.engine().runKernel(CONV2D_BIAS_ACTIVATION_KERNEL, { x, filter, bias }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}

tf.registerGradient({
  kernelName: CONV2D_BIAS_ACTIVATION_KERNEL,
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const { strides, pad, activation } = attrs as unknown as Conv2DBiasActivationAttrs;
    // Computed here, once, for the filter and the bias (and the input where it is asked for).
    const [beforeActivation, biasGradient] = activationAndBiasGradients(dy as tf.Tensor, y, activation);
    const common = { strides, pad, dataFormat: 'NHWC' };
    return {
      x: () => tf.engine().runKernel('Conv2DBackpropInput', { dy: beforeActivation, filter }, { ...common, inputShape: x.shape }) as tf.Tensor,
      filter: () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: beforeActivation }, { ...common, filterShape: filter.shape }) as tf.Tensor,
      bias: () => biasGradient,
    };
  },
});

function activationAndBiasGradients(dy: tf.Tensor, y: tf.Tensor, activation: FusedConvActivation): [tf.Tensor, tf.Tensor] {
  if (activation === 'relu' && tf.getKernel(RELU_BIAS_GRADIENT_KERNEL, tf.getBackend()))
    return tf.engine().runKernel(RELU_BIAS_GRADIENT_KERNEL, { dy, y }) as [tf.Tensor, tf.Tensor];
  const beforeActivation = activation === 'relu' ? tf.mul(dy, tf.step(y)) : dy;
  return [beforeActivation, tf.sum(beforeActivation, [0, 1, 2])];
}
