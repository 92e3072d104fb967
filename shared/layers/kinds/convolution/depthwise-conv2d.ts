import * as tf from '@tensorflow/tfjs';
import { tfjsLayerClass } from '../../custom/tfjs-class';
import { dilatedDepthwiseConv2d, dilationPair, withBiasAndActivation, type ConvInternals } from './dilated-conv';

type DepthwiseConv2DArgs = Parameters<typeof tf.layers.depthwiseConv2d>[0] & { dilationRate?: number | [number, number] };

const TfjsDepthwiseConv2D = tfjsLayerClass<DepthwiseConv2DArgs>(tf.layers.depthwiseConv2d({ kernelSize: 1 }));

/**
 * tfjs's DepthwiseConv2D with its dilation honoured. tfjs 4.22 stores `dilationRate` in the
 * config but ignores it in both the shape and the computation, so a dilated layer (DeepLab)
 * silently became an undilated one. Serializes as the built-in class and stands in for it once
 * registered (register.ts).
 */
export class DepthwiseConv2DWithDilation extends TfjsDepthwiseConv2D {
  static override className = 'NndDepthwiseConv2D';
  /** tfjs's class this one stands in for: what model.json names, so plain tfjs loads the file. */
  static readonly tfjsClassName = TfjsDepthwiseConv2D.className;

  override getClassName(): string {
    return DepthwiseConv2DWithDilation.tfjsClassName;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const self = this as unknown as ConvInternals & { kernelSize: number[]; depthMultiplier: number };
    const dilation = dilationPair(self, 2);
    if (!dilation) return super.computeOutputShape(inputShape);
    const [batch, rows, cols, channels] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    // Dilation comes with stride 1 only, so "same" keeps the size and "valid" loses the span.
    const out = (length: number | null, axis: 0 | 1) =>
      length === null || self.padding === 'same' ? length : length - (self.kernelSize[axis]! - 1) * dilation[axis];
    return [batch!, out(rows!, 0), out(cols!, 1), channels === null ? null : channels! * self.depthMultiplier];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as ConvInternals;
    const dilation = dilationPair(self, 2);
    if (!dilation) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const y = dilatedDepthwiseConv2d(x, self.depthwiseKernel!.read() as tf.Tensor4D, dilation, self.padding as 'valid' | 'same');
      return withBiasAndActivation(self, y);
    });
  }
}
