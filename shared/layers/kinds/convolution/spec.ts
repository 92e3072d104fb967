import { z } from 'zod';
import {
  definedOnly,
  initializerFromKeras,
  isNullish,
  isOne,
  kerasInt,
  kerasInts,
  kerasPadding,
  layerLabel,
  rejectUnless,
  requireChannelsLast,
} from '../../keras-options';
import { activation, activationFromKeras, initializer, pair, padding, positiveInt } from '../../params';
import { deconvOutputLength, isInferFailure, ok } from '../../shape-utils';
import { imageInput, sequenceInput, slideWindow } from '../../spatial';
import { defineSpec, type InferResult, type ParamCount, type Shape } from '../../types';

// Keras refuses strides > 1 together with dilation > 1 (the result would skip whole regions).
const stridedAndDilated = (p: { strides: number | number[]; dilationRate: number | number[] }) =>
  [p.strides].flat().some((s) => s > 1) && [p.dilationRate].flat().some((d) => d > 1);
const STRIDE_DILATION_MESSAGE = 'strides and dilationRate cannot both be above 1 — set one of them back to 1';

/** An image's [height, width] after a 2-D kernel of `p` slides over it, or the failure naming `layer`. */
function kernelOverImage(
  inputs: Shape[],
  layer: string,
  p: { kernelSize: number[]; strides: number[]; padding: 'valid' | 'same'; dilationRate: number[] },
): InferResult | { x: Shape; hw: Shape } {
  const x = imageInput(inputs, layer);
  if (isInferFailure(x)) return x;
  const hw = slideWindow(layer, 'kernel', x, x.slice(1, 3), { size: p.kernelSize, strides: p.strides, padding: p.padding, dilation: p.dilationRate });
  return isInferFailure(hw) ? hw : { x, hw };
}

const bias = (useBias: boolean, units: number) => (useBias ? units : 0);
const trainable = (n: number): ParamCount => ({ trainable: n, nonTrainable: 0 });

/** What every Keras convolution config shares, read and checked once. */
function commonConvConfig(c: Record<string, unknown>, className: string, rank: 1 | 2) {
  if ('nb_filter' in c || 'border_mode' in c)
    throw new Error(`${layerLabel(c, className)} is written in the Keras 1 format (nb_filter, border_mode); load it in Keras 2 or later and save it again`);
  requireChannelsLast(c, className);
  rejectUnless(c, className, 'groups', (g) => isNullish(g) || g === 1, 'grouped convolutions (TensorFlow.js has none) — use groups=1');
  const ints = (key: string, fallback?: number) => {
    const value = c[key] ?? fallback;
    return rank === 1 ? kerasInt(value, key, c, className) : kerasInts(value, 2, key, c, className);
  };
  let act;
  try {
    act = activationFromKeras(c.activation);
  } catch (err) {
    throw new Error(`${layerLabel(c, className)}: ${(err as Error).message}`, { cause: err });
  }
  return {
    kernelSize: ints('kernel_size'),
    strides: ints('strides', 1),
    padding: kerasPadding(c.padding, ['valid', 'same'] as const, c, className),
    activation: act,
    useBias: c.use_bias ?? true,
    ints,
  };
}

export const conv1dSpec = defineSpec({
  type: 'Conv1D',
  order: 80,
  family: 'Convolution',
  label: 'Conv 1D',
  doc: 'Slides learned filters along a sequence [steps, channels]: finds local patterns in time or text.',
  params: z
    .object({
      filters: positiveInt(32),
      kernelSize: positiveInt(3),
      strides: positiveInt(1),
      padding: z
        .enum(['valid', 'same', 'causal'])
        .default('valid')
        .describe('causal: pad only in front, so each output step sees only the steps up to it'),
      dilationRate: positiveInt(1),
      activation: activation('linear'),
      useBias: z.boolean().default(true),
      kernelInitializer: initializer('glorotUniform'),
    })
    .refine((p) => !stridedAndDilated(p), STRIDE_DILATION_MESSAGE),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = sequenceInput(inputs, 'Conv1D');
    if (isInferFailure(x)) return x;
    const steps = slideWindow('Conv1D', 'kernel', x, [x[1]!], {
      size: [p.kernelSize],
      strides: [p.strides],
      padding: p.padding,
      dilation: [p.dilationRate],
    });
    if (isInferFailure(steps)) return steps;
    return ok([null, ...steps, p.filters]);
  },
  countParams: (inputs, p) => trainable(p.kernelSize * inputs[0]![2]! * p.filters + bias(p.useBias, p.filters)),
  keras: {
    classNames: ['Conv1D', 'Convolution1D'],
    fromConfig(c, _ctx, className) {
      const common = commonConvConfig({ ...c, padding: c.padding === 'causal' ? 'valid' : c.padding }, className, 1);
      return definedOnly({
        filters: c.filters,
        kernelSize: common.kernelSize,
        strides: common.strides,
        padding: c.padding === 'causal' ? 'causal' : common.padding,
        dilationRate: common.ints('dilation_rate', 1),
        activation: common.activation,
        useBias: common.useBias,
        kernelInitializer: initializerFromKeras(c.kernel_initializer),
      });
    },
  },
});

export const conv2dSpec = defineSpec({
  type: 'Conv2D',
  order: 90,
  family: 'Convolution',
  label: 'Conv 2D',
  doc: 'Slides learned filters over an image [height, width, channels]: finds edges, textures, parts.',
  params: z
    .object({
      filters: positiveInt(32),
      kernelSize: pair([3, 3]),
      strides: pair([1, 1]),
      padding,
      dilationRate: pair([1, 1]),
      activation: activation('linear'),
      useBias: z.boolean().default(true),
      kernelInitializer: initializer('glorotUniform'),
    })
    .refine((p) => !stridedAndDilated(p), STRIDE_DILATION_MESSAGE),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const slid = kernelOverImage(inputs, 'Conv2D', p);
    if ('ok' in slid) return slid;
    const { hw } = slid;
    return ok([null, ...hw, p.filters]);
  },
  countParams: (inputs, p) =>
    trainable(p.kernelSize[0] * p.kernelSize[1] * inputs[0]![3]! * p.filters + bias(p.useBias, p.filters)),
  keras: {
    classNames: ['Conv2D', 'Convolution2D'],
    fromConfig(c, _ctx, className) {
      const common = commonConvConfig(c, className, 2);
      return definedOnly({
        filters: c.filters,
        kernelSize: common.kernelSize,
        strides: common.strides,
        padding: common.padding,
        dilationRate: common.ints('dilation_rate', 1),
        activation: common.activation,
        useBias: common.useBias,
        kernelInitializer: initializerFromKeras(c.kernel_initializer),
      });
    },
  },
});

export const conv2dTransposeSpec = defineSpec({
  type: 'Conv2DTranspose',
  order: 100,
  family: 'Convolution',
  label: 'Conv 2D transpose',
  doc: 'A learned upsampling: spreads each input pixel over a kernel-sized patch (decoders, GAN generators).',
  params: z.object({
    filters: positiveInt(32),
    kernelSize: pair([3, 3]),
    strides: pair([2, 2]),
    padding,
    activation: activation('linear'),
    useBias: z.boolean().default(true),
    kernelInitializer: initializer('glorotUniform'),
  }),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const x = imageInput(inputs, 'Conv2DTranspose');
    if (isInferFailure(x)) return x;
    const [h, w] = [1, 2].map((axis, i) => deconvOutputLength(x[axis]!, p.kernelSize[i]!, p.padding, p.strides[i]!));
    return ok([null, h!, w!, p.filters]);
  },
  countParams: (inputs, p) =>
    trainable(p.kernelSize[0] * p.kernelSize[1] * inputs[0]![3]! * p.filters + bias(p.useBias, p.filters)),
  keras: {
    classNames: ['Conv2DTranspose', 'Convolution2DTranspose', 'Deconvolution2D'],
    fromConfig(c, _ctx, className) {
      rejectUnless(c, className, 'output_padding', isNullish, 'explicit output_padding (TensorFlow.js has none) — remove it and adjust the size with padding');
      rejectUnless(c, className, 'dilation_rate', (d) => isNullish(d) || isOne(d), 'dilated transposed convolutions (TensorFlow.js has none)');
      const common = commonConvConfig(c, className, 2);
      return definedOnly({
        filters: c.filters,
        kernelSize: common.kernelSize,
        strides: common.strides,
        padding: common.padding,
        activation: common.activation,
        useBias: common.useBias,
        kernelInitializer: initializerFromKeras(c.kernel_initializer),
      });
    },
  },
});

export const depthwiseConv2dSpec = defineSpec({
  type: 'DepthwiseConv2D',
  order: 110,
  family: 'Convolution',
  label: 'Depthwise conv 2D',
  doc: 'Filters each channel on its own (no mixing across channels): the cheap half of a MobileNet block.',
  params: z
    .object({
      kernelSize: pair([3, 3]),
      strides: pair([1, 1]),
      padding,
      dilationRate: pair([1, 1]),
      depthMultiplier: positiveInt(1).describe('output channels per input channel'),
      activation: activation('linear'),
      useBias: z.boolean().default(true),
      depthwiseInitializer: initializer('glorotUniform'),
    })
    .refine((p) => !stridedAndDilated(p), STRIDE_DILATION_MESSAGE),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const slid = kernelOverImage(inputs, 'DepthwiseConv2D', p);
    if ('ok' in slid) return slid;
    const { x, hw } = slid;
    return ok([null, ...hw, x[3]! * p.depthMultiplier]);
  },
  countParams(inputs, p) {
    const channels = inputs[0]![3]! * p.depthMultiplier;
    return trainable(p.kernelSize[0] * p.kernelSize[1] * channels + bias(p.useBias, channels));
  },
  keras: {
    classNames: ['DepthwiseConv2D'],
    fromConfig(c, _ctx, className) {
      const common = commonConvConfig({ ...c, kernel_size: c.kernel_size ?? 3 }, className, 2);
      return definedOnly({
        kernelSize: common.kernelSize,
        strides: common.strides,
        padding: common.padding,
        dilationRate: common.ints('dilation_rate', 1),
        depthMultiplier: c.depth_multiplier ?? 1,
        activation: common.activation,
        useBias: common.useBias,
        depthwiseInitializer: initializerFromKeras(c.depthwise_initializer),
      });
    },
  },
});

export const separableConv2dSpec = defineSpec({
  type: 'SeparableConv2D',
  order: 120,
  family: 'Convolution',
  label: 'Separable conv 2D',
  doc: 'A depthwise convolution followed by a 1×1 convolution that mixes channels: Conv2D for far fewer weights.',
  params: z
    .object({
      filters: positiveInt(32),
      kernelSize: pair([3, 3]),
      strides: pair([1, 1]),
      padding,
      dilationRate: pair([1, 1]),
      depthMultiplier: positiveInt(1).describe('depthwise output channels per input channel'),
      activation: activation('linear'),
      useBias: z.boolean().default(true),
      // tfjs 4.22 initializes the pointwise kernel with the depthwise initializer too, so
      // a separate pointwise setting would be ignored.
      depthwiseInitializer: initializer('glorotUniform').describe('initializes both the depthwise and the pointwise kernel'),
    })
    .refine((p) => !stridedAndDilated(p), STRIDE_DILATION_MESSAGE),
  inputs: [{ name: 'in' }],
  outputs: [{ name: 'out' }],
  inferShape(inputs, p) {
    const slid = kernelOverImage(inputs, 'SeparableConv2D', p);
    if ('ok' in slid) return slid;
    const { hw } = slid;
    return ok([null, ...hw, p.filters]);
  },
  countParams(inputs, p) {
    const depthwiseChannels = inputs[0]![3]! * p.depthMultiplier;
    return trainable(
      p.kernelSize[0] * p.kernelSize[1] * depthwiseChannels + depthwiseChannels * p.filters + bias(p.useBias, p.filters),
    );
  },
  keras: {
    classNames: ['SeparableConv2D', 'SeparableConvolution2D'],
    fromConfig(c, _ctx, className) {
      const common = commonConvConfig(c, className, 2);
      return definedOnly({
        filters: c.filters,
        kernelSize: common.kernelSize,
        strides: common.strides,
        padding: common.padding,
        dilationRate: common.ints('dilation_rate', 1),
        depthMultiplier: c.depth_multiplier ?? 1,
        activation: common.activation,
        useBias: common.useBias,
        depthwiseInitializer: initializerFromKeras(c.depthwise_initializer),
      });
    },
  },
});

export const specs = [conv1dSpec, conv2dSpec, conv2dTransposeSpec, depthwiseConv2dSpec, separableConv2dSpec];
