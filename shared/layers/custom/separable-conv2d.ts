import * as tf from '@tensorflow/tfjs';

type SeparableConv2DArgs = Parameters<typeof tf.layers.separableConv2d>[0];

// tfjs does not export the class itself, only its factory.
const TfjsSeparableConv2D = Object.getPrototypeOf(tf.layers.separableConv2d({ filters: 1, kernelSize: 1 })).constructor as (new (
  args: SeparableConv2DArgs,
) => tf.layers.Layer) & { fromConfig: typeof tf.layers.Layer.fromConfig };

/**
 * tfjs's SeparableConv2D with a getConfig that includes `depthMultiplier`. tfjs 4.22 leaves
 * it out, so a saved model with a multiplier above 1 reloads with 1 and its weights no
 * longer fit. Registered under the built-in class name: model.json files stay readable by
 * Keras and by plain tfjs, and loading one here gets the fixed class.
 */
export class SeparableConv2DSavingDepthMultiplier extends TfjsSeparableConv2D {
  static className = 'SeparableConv2D';

  override getConfig(): tf.serialization.ConfigDict {
    const depthMultiplier = (this as unknown as { depthMultiplier: number }).depthMultiplier;
    return { ...super.getConfig(), depthMultiplier };
  }
}
