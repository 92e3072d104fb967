import * as tf from '@tensorflow/tfjs';
import { tfjsLayerClass } from '../../custom/tfjs-class';
import { dilatedConv2d, dilationPair, withBiasAndActivation, type ConvInternals } from './dilated-conv';

type Conv1DArgs = Parameters<typeof tf.layers.conv1d>[0];

const TfjsConv1D = tfjsLayerClass<Conv1DArgs>(tf.layers.conv1d({ filters: 1, kernelSize: 1 }));

/** The one tensor (or number) where tfjs may hand over a list of one. */
function single<T>(value: T | T[]): T {
  return Array.isArray(value) ? value[0]! : value;
}

/**
 * tfjs's Conv1D plus Keras's `padding: "causal"`, which tfjs 4.22 accepts but cannot run:
 * the sequence is padded on the left only, so the output at step t sees steps ≤ t (WaveNet,
 * temporal convolutional networks). A dilated one trains too (tfjs cannot differentiate its
 * own; see dilated-conv.ts). Serializes as the built-in class and stands in for it once
 * registered (register.ts), so a model.json with a causal Conv1D is what Keras writes and
 * reads, and loads here.
 */
export class Conv1DWithCausalPadding extends TfjsConv1D {
  static override className = 'NndConv1D';
  /** tfjs's class this one stands in for: what model.json names, so plain tfjs loads the file. */
  static readonly tfjsClassName = TfjsConv1D.className;

  override getClassName(): string {
    return Conv1DWithCausalPadding.tfjsClassName;
  }

  private readonly causal: boolean;

  constructor(args: Conv1DArgs) {
    super({ ...args, padding: args.padding === 'causal' ? 'valid' : args.padding });
    this.causal = args.padding === 'causal';
  }

  /** Steps of zeros in front: what the dilated kernel reaches back. */
  private leftPadding(): number {
    const { kernelSize, dilationRate } = this as unknown as { kernelSize: number[]; dilationRate: number | number[] };
    return (kernelSize[0]! - 1) * single(dilationRate);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    if (!this.causal) return super.computeOutputShape(inputShape);
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const [batch, steps, channels] = shape;
    return super.computeOutputShape([batch!, steps == null ? null : steps + this.leftPadding(), channels!]);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      const x = single(inputs);
      const padded = this.causal ? tf.pad(x, [[0, 0], [this.leftPadding(), 0], [0, 0]]) : x;
      return this.convolve(padded as tf.Tensor3D, kwargs);
    });
  }

  /** tfjs's own convolution, except a dilated one, which goes the trainable way (dilated-conv.ts). */
  private convolve(x: tf.Tensor3D, kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as ConvInternals;
    const dilation = dilationPair(self, 1);
    if (!dilation) return super.call(x, kwargs);
    // A sequence is an image one row high; the kernel likewise.
    const image = tf.expandDims(x, 1) as tf.Tensor4D;
    const kernel = tf.expandDims(self.kernel!.read(), 0) as tf.Tensor4D;
    const y = tf.squeeze(dilatedConv2d(image, kernel, dilation, self.padding as 'valid' | 'same'), [1]);
    return withBiasAndActivation(self, y);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config = super.getConfig();
    return this.causal ? { ...config, padding: 'causal' } : config;
  }
}
