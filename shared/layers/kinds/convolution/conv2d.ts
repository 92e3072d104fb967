import * as tf from '@tensorflow/tfjs';
import { tfjsLayerClass } from '../../custom/tfjs-class';
import { conv2dBiasActivation, FUSED_CONV_ACTIVATIONS, hasFusedConv2D, type FusedConvActivation } from '../../custom/conv2d-bias-activation';
import { dilatedConv2d, dilationPair, withBiasAndActivation, type ConvInternals } from './dilated-conv';

type Conv2DArgs = Parameters<typeof tf.layers.conv2d>[0];

const TfjsConv2D = tfjsLayerClass<Conv2DArgs>(tf.layers.conv2d({ filters: 1, kernelSize: 1 }));

interface Conv2DInternals extends ConvInternals {
  dataFormat: string;
  activation: { apply(x: tf.Tensor): tf.Tensor; getClassName(): string };
}

/**
 * tfjs's Conv2D whose dilated form can train (see dilated-conv.ts), and whose convolution,
 * bias and ReLU run as one kernel where the backend has it (see conv2d-bias-activation.ts).
 * Serializes as the built-in class and stands in for it once registered (register.ts): same
 * config, same weights, same model.json.
 */
export class Conv2DWithTrainableDilation extends TfjsConv2D {
  static override className = 'NndConv2D';
  /** tfjs's class this one stands in for: what model.json names, so plain tfjs loads the file. */
  static readonly tfjsClassName = TfjsConv2D.className;

  override getClassName(): string {
    return Conv2DWithTrainableDilation.tfjsClassName;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as Conv2DInternals;
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    const dilation = dilationPair(self, 2);
    if (dilation)
      return tf.tidy(() => {
        const y = dilatedConv2d(x, self.kernel!.read() as tf.Tensor4D, dilation, self.padding as 'valid' | 'same');
        return withBiasAndActivation(self, y);
      });
    const activation = self.activation.getClassName();
    const fusable =
      (FUSED_CONV_ACTIVATIONS as readonly string[]).includes(activation) &&
      self.bias !== null &&
      self.dataFormat === 'channelsLast' &&
      x.rank === 4 &&
      [self.dilationRate].flat().every((d) => d === 1) &&
      (self.padding === 'valid' || self.padding === 'same') &&
      hasFusedConv2D();
    if (!fusable) return super.call(inputs, kwargs);
    return conv2dBiasActivation(x, self.kernel!.read() as tf.Tensor4D, self.bias!.read() as tf.Tensor1D, {
      strides: [self.strides[0]!, self.strides[1] ?? self.strides[0]!],
      pad: self.padding as 'valid' | 'same',
      activation: activation as FusedConvActivation,
    });
  }
}
