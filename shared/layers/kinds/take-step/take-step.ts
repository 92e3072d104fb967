import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface TakeStepArgs extends LayerArgs {
  /** The step kept; negative counts from the end (−1: the last). */
  index: number;
}

/**
 * Keeps one step of a [batch, steps, features] sequence as [batch, features]: the class
 * token (index 0) of BERT or ViT, or the last position (−1) of a causal decoder, whose
 * state has seen the whole sequence.
 */
export class TakeStep extends tf.layers.Layer {
  static className = 'NndTakeStep';

  readonly index: number;

  constructor(args: TakeStepArgs) {
    super(args);
    this.index = args.index;
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0]!, ...shape.slice(2)];
  }

  /** One step is left, so there is nothing left to mask. */
  override computeMask(): tf.Tensor {
    return null as unknown as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const steps = x.shape[1]!;
      const index = this.index < 0 ? steps + this.index : this.index;
      if (index < 0 || index >= steps) throw new Error(`${this.name}: step ${this.index} does not exist in a sequence of ${steps} steps`);
      const begin = x.shape.map((_, i) => (i === 1 ? index : 0));
      const size = x.shape.map((d, i) => (i === 1 ? 1 : d));
      return tf.reshape(tf.slice(x, begin, size), [x.shape[0]!, ...x.shape.slice(2)]);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), index: this.index };
  }
}
