import * as tf from '@tensorflow/tfjs';
import { tfjsLayerClass } from '../../custom/tfjs-class';
import { dilatedDepthwiseConv2d, dilationPair, withBiasAndActivation, type ConvInternals } from './dilated-conv';

type SeparableConv2DArgs = Parameters<typeof tf.layers.separableConv2d>[0];

const TfjsSeparableConv2D = tfjsLayerClass<SeparableConv2DArgs>(tf.layers.separableConv2d({ filters: 1, kernelSize: 1 }));

/**
 * tfjs's SeparableConv2D with a getConfig that includes `depthMultiplier` (tfjs 4.22 leaves
 * it out, so a saved model with a multiplier above 1 reloads with 1 and its weights no
 * longer fit) and a dilated form that can train. Serializes as the built-in class and stands in
 * for it once registered (register.ts): model.json files stay readable by Keras and by plain
 * tfjs, and loading one here gets the fixed class.
 */
export class SeparableConv2DSavingDepthMultiplier extends TfjsSeparableConv2D {
  static override className = 'NndSeparableConv2D';
  /** tfjs's class this one stands in for: what model.json names, so plain tfjs loads the file. */
  static readonly tfjsClassName = TfjsSeparableConv2D.className;

  override getClassName(): string {
    return SeparableConv2DSavingDepthMultiplier.tfjsClassName;
  }

  /** A dilated one goes the trainable way (dilated-conv.ts); tfjs cannot differentiate its own. */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as ConvInternals;
    const dilation = dilationPair(self, 2);
    if (!dilation) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const depthwise = dilatedDepthwiseConv2d(x, self.depthwiseKernel!.read() as tf.Tensor4D, dilation, self.padding as 'valid' | 'same');
      const pointwise = tf.conv2d(depthwise, self.pointwiseKernel!.read() as tf.Tensor4D, 1, 'valid');
      return withBiasAndActivation(self, pointwise);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const depthMultiplier = (this as unknown as { depthMultiplier: number }).depthMultiplier;
    return { ...super.getConfig(), depthMultiplier };
  }
}
