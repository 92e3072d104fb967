import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface EluWithAlphaArgs extends LayerArgs {
  /** Scale of the negative part: f(x) = alpha · (exp(x) − 1) for x < 0. */
  alpha: number;
}

/**
 * ELU with a chosen alpha. tfjs's own ELU layer refuses any alpha but 1 (it throws
 * NotImplementedError), yet Keras models use other values.
 */
export class EluWithAlpha extends tf.layers.Layer {
  static className = 'NndEluWithAlpha';

  readonly alpha: number;

  constructor(args: EluWithAlphaArgs) {
    super(args);
    this.alpha = args.alpha;
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      // exp only ever sees min(x, 0), so a large positive x cannot overflow to Infinity and
      // turn the gradient into NaN the way exp(x) masked by a `where` would.
      const negativePart = tf.mul(this.alpha, tf.sub(tf.exp(tf.minimum(x, 0)), 1));
      return tf.add(tf.relu(x), negativePart);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}
