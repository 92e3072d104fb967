import * as tf from '@tensorflow/tfjs';
import { tfjsLayerClass } from './tfjs-class';
import { dilatedConv2d, dilationPair, withBiasAndActivation, type ConvInternals } from './dilated-conv';

type Conv2DArgs = Parameters<typeof tf.layers.conv2d>[0];

const TfjsConv2D = tfjsLayerClass<Conv2DArgs>(tf.layers.conv2d({ filters: 1, kernelSize: 1 }));

/**
 * tfjs's Conv2D whose dilated form can train (see dilated-conv.ts). Registered under the
 * built-in class name: same config, same weights, same model.json.
 */
export class Conv2DWithTrainableDilation extends TfjsConv2D {
  static className = 'Conv2D';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as ConvInternals;
    const dilation = dilationPair(self, 2);
    if (!dilation) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const y = dilatedConv2d(x, self.kernel!.read() as tf.Tensor4D, dilation, self.padding as 'valid' | 'same');
      return withBiasAndActivation(self, y);
    });
  }
}
