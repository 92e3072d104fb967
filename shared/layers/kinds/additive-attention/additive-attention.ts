import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface AdditiveAttentionArgs extends LayerArgs {
  /** Learn one weight per feature that scales the tanh terms (Keras `use_scale`, on by default). */
  useScale?: boolean;
  /** Query step i attends only to value steps ≤ i. */
  causal?: boolean;
  /** Fraction of attention weights dropped while training. */
  dropout?: number;
}

const MASKED_SCORE = -1e9;

/**
 * Keras's `AdditiveAttention` (Bahdanau-style), which tfjs 4.22 lacks. Called on
 * `[query, value]` or `[query, value, key]` (key defaults to value), or on one tensor for
 * self-attention: score(i, j) = Σ_d scale_d · tanh(query_i,d + key_j,d), weights = softmax over j,
 * output_i = Σ_j weight(i, j) · value_j. The one weight is named `scale`, as in Keras.
 */
export class AdditiveAttention extends tf.layers.Layer {
  static className = 'NndAdditiveAttention';

  readonly useScale: boolean;
  readonly causal: boolean;
  readonly dropout: number;
  private scale: tf.LayerVariable | null = null;

  constructor(args: AdditiveAttentionArgs = {}) {
    super(args);
    this.useScale = args.useScale ?? true;
    this.causal = args.causal ?? false;
    this.dropout = args.dropout ?? 0;
  }

  /** One tensor rather than [x, x]: tfjs's executor releases a tensor fed twice to one layer too early (see MultiHeadAttention). */
  override apply(
    inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[],
    kwargs?: tf.serialization.ConfigDict,
  ): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] {
    if (Array.isArray(inputs) && inputs.length >= 2 && inputs[1] === inputs[0] && (inputs[2] === undefined || inputs[2] === inputs[0]))
      return super.apply(inputs[0]!, kwargs);
    return super.apply(inputs, kwargs);
  }

  private static shapes(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    if (!Array.isArray(inputShape[0])) return [inputShape as tf.Shape, inputShape as tf.Shape];
    const shapes = inputShape as tf.Shape[];
    return shapes.length === 1 ? [shapes[0]!, shapes[0]!] : shapes;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [query] = AdditiveAttention.shapes(inputShape);
    const features = query![query!.length - 1]!;
    if (this.useScale) this.scale = this.addWeight('scale', [features], 'float32', tf.initializers.glorotUniform({}));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [query, value] = AdditiveAttention.shapes(inputShape);
    return [...query!.slice(0, -1), value![value!.length - 1]!];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const [query, value, key = value] = (list.length === 1 ? [list[0], list[0]] : list) as [tf.Tensor, tf.Tensor, tf.Tensor?];
      // [batch, queries, 1, dim] + [batch, 1, keys, dim]: every query against every key at once.
      let terms = tf.tanh(tf.add(tf.expandDims(query, 2), tf.expandDims(key!, 1)));
      if (this.scale) terms = tf.mul(terms, this.scale.read());
      let scores = tf.sum(terms, -1);
      if (this.causal) {
        const [queries, keys] = scores.shape.slice(-2) as [number, number];
        const future = tf.cast(tf.less(tf.expandDims(tf.range(0, queries, 1, 'int32'), 1), tf.expandDims(tf.range(0, keys, 1, 'int32'), 0)), 'float32');
        scores = tf.add(scores, tf.mul(future, MASKED_SCORE));
      }
      let weights = tf.softmax(scores);
      if (kwargs.training && this.dropout > 0) weights = tf.dropout(weights, this.dropout);
      return tf.matMul(weights, value);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), useScale: this.useScale, causal: this.causal, dropout: this.dropout };
  }
}
