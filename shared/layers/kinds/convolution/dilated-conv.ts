import * as tf from '@tensorflow/tfjs';

/**
 * Dilated ("atrous") convolutions built from ops tfjs can differentiate. tfjs 4.22 runs a
 * dilated conv2d / depthwiseConv2d forward but throws in their gradients, so a dilated
 * layer could predict yet never train. TensorFlow itself computes them this way: move each
 * dilation phase into the batch (spaceToBatchND), convolve densely, move it back.
 */

type Padding = 'valid' | 'same';
type Pair = [number, number];

/** Zeros around each spatial axis: what "same" adds for the dilated kernel, nothing for "valid". */
function basePaddings(kernel: Pair, dilation: Pair, padding: Padding): [Pair, Pair] {
  const side = (k: number, d: number): Pair => {
    if (padding === 'valid') return [0, 0];
    const total = (k - 1) * d;
    return [Math.floor(total / 2), total - Math.floor(total / 2)];
  };
  return [side(kernel[0], dilation[0]), side(kernel[1], dilation[1])];
}

/**
 * Extra padding at the end so each padded size divides by its dilation, and the crop that
 * removes it again afterwards (TensorFlow's required_space_to_batch_paddings).
 */
function spaceToBatchPlan(sizes: Pair, dilation: Pair, base: [Pair, Pair]): { paddings: [Pair, Pair]; crops: [Pair, Pair] } {
  const axis = (i: 0 | 1) => {
    const full = sizes[i] + base[i][0] + base[i][1];
    const extra = (dilation[i] - (full % dilation[i])) % dilation[i];
    return { padding: [base[i][0], base[i][1] + extra] as Pair, crop: [0, extra] as Pair };
  };
  const [rows, cols] = [axis(0), axis(1)];
  return { paddings: [rows.padding, cols.padding], crops: [rows.crop, cols.crop] };
}

function atrous(x: tf.Tensor4D, kernelSize: Pair, dilation: Pair, padding: Padding, dense: (spread: tf.Tensor4D) => tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const { paddings, crops } = spaceToBatchPlan([x.shape[1], x.shape[2]], dilation, basePaddings(kernelSize, dilation, padding));
    const spread = tf.spaceToBatchND(x, dilation, paddings);
    return tf.batchToSpaceND(dense(spread), dilation, crops);
  });
}

/** conv2d with stride 1 and the given dilation, NHWC, kernel [kh, kw, in, out]. */
export function dilatedConv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, dilation: Pair, padding: Padding): tf.Tensor4D {
  const [kh, kw] = kernel.shape;
  return atrous(x, [kh, kw], dilation, padding, (spread) => tf.conv2d(spread, kernel, 1, 'valid'));
}

/** depthwiseConv2d with stride 1 and the given dilation, NHWC, kernel [kh, kw, in, multiplier]. */
export function dilatedDepthwiseConv2d(x: tf.Tensor4D, kernel: tf.Tensor4D, dilation: Pair, padding: Padding): tf.Tensor4D {
  const [kh, kw] = kernel.shape;
  return atrous(x, [kh, kw], dilation, padding, (spread) => tf.depthwiseConv2d(spread, kernel, 1, 'valid'));
}

/** The parts of a tfjs convolution layer the dilated path needs (tfjs keeps them protected). */
export interface ConvInternals {
  kernel?: tf.LayerVariable;
  depthwiseKernel?: tf.LayerVariable;
  pointwiseKernel?: tf.LayerVariable;
  bias: tf.LayerVariable | null;
  activation: { apply(x: tf.Tensor): tf.Tensor };
  dilationRate: number | number[];
  strides: number[];
  padding: string;
}

/** The dilation of a 1-D or 2-D conv as a pair, or null when it is 1 (or strided, which Keras forbids with dilation). */
export function dilationPair(layer: ConvInternals, rank: 1 | 2): Pair | null {
  const d = [layer.dilationRate].flat();
  const pair: Pair = rank === 1 ? [1, d[0]!] : [d[0]!, d[1] ?? d[0]!];
  if (pair.every((v) => v === 1) || layer.strides.some((s) => s !== 1)) return null;
  return pair;
}

export function withBiasAndActivation(layer: ConvInternals, y: tf.Tensor): tf.Tensor {
  const biased = layer.bias ? tf.add(y, layer.bias.read()) : y;
  return layer.activation.apply(biased);
}
