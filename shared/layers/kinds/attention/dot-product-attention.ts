import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface DotProductAttentionArgs extends LayerArgs {
  /** Multiply the scores by one learned scalar (Keras `use_scale`). */
  useScale?: boolean;
  /** Position i attends only to positions ≤ i (Keras 2 `causal`, later `use_causal_mask`). */
  causal?: boolean;
  /** Fraction of attention weights dropped while training. */
  dropout?: number;
}

/** Keras's own constant for a masked score: large enough that softmax gives it no weight. */
const MASKED_SCORE = 1e9;

/**
 * Keras's `Attention` layer (Luong-style dot-product attention), which tfjs 4.22 lacks.
 * Called on `[query, value]` or `[query, value, key]` (key defaults to value):
 * `softmax(scale · query·keyᵀ) · value`. Masks work as in Keras: a value mask hides
 * padded positions from every query, a query mask zeroes padded query rows and is passed on.
 * The one weight is named `scale`, as in Keras, so Keras weights load unchanged.
 */
export class DotProductAttention extends tf.layers.Layer {
  static className = 'NndDotProductAttention';

  readonly useScale: boolean;
  readonly causal: boolean;
  readonly dropout: number;
  private scale: tf.LayerVariable | null = null;

  constructor(args: DotProductAttentionArgs = {}) {
    super(args);
    this.useScale = args.useScale ?? false;
    this.causal = args.causal ?? false;
    this.dropout = args.dropout ?? 0;
    this.supportsMasking = true;
  }

  private static shapes(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    const shapes = (Array.isArray(inputShape[0]) ? inputShape : [inputShape]) as tf.Shape[];
    if (shapes.length < 2 || shapes.length > 3)
      throw new Error(`Attention is called on [query, value] or [query, value, key], but got ${shapes.length} input(s)`);
    return shapes;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    DotProductAttention.shapes(inputShape);
    if (this.useScale) this.scale = this.addWeight('scale', [], 'float32', tf.initializers.ones());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [query, value] = DotProductAttention.shapes(inputShape);
    return [...query!.slice(0, -1), value![value!.length - 1]!];
  }

  /** The output is one row per query step, so the query's mask carries on. */
  override computeMask(inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    const [queryMask] = DotProductAttention.masks(inputs, mask);
    // tfjs's own layers return null for "no mask" although the declared type omits it.
    return (queryMask ?? null) as tf.Tensor;
  }

  /**
   * [query mask, value mask]. tfjs's graph executor (predict, fit) hands a multi-input
   * layer only its first input's mask; when the value is the query tensor itself
   * (self-attention), that mask is the value's too.
   */
  private static masks(inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): [tf.Tensor?, tf.Tensor?] {
    if (Array.isArray(mask)) return [mask[0] ?? undefined, mask[1] ?? undefined];
    if (!mask) return [];
    const sameTensor = Array.isArray(inputs) && inputs[1] === inputs[0];
    return [mask, sameTensor ? mask : undefined];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean; mask?: tf.Tensor | tf.Tensor[] }): tf.Tensor {
    return tf.tidy(() => {
      if (!Array.isArray(inputs) || inputs.length < 2)
        throw new Error(`${this.name}: Attention is called on [query, value] or [query, value, key]`);
      const [query, value, key = value] = inputs as [tf.Tensor, tf.Tensor, tf.Tensor?];
      let scores = tf.matMul(query, key!, false, true);
      if (this.scale) scores = tf.mul(scores, this.scale.read());

      const [queryMask, valueMask] = DotProductAttention.masks(inputs, kwargs.mask);
      const [queryLength, valueLength] = scores.shape.slice(-2) as [number, number];
      let allowed: tf.Tensor | null = null;
      if (valueMask) allowed = tf.expandDims(tf.cast(valueMask, 'bool'), -2);
      if (this.causal) {
        const rows = tf.expandDims(tf.range(0, queryLength, 1, 'int32'), 1);
        const columns = tf.expandDims(tf.range(0, valueLength, 1, 'int32'), 0);
        const causal = tf.greaterEqual(rows, columns);
        allowed = allowed ? tf.logicalAnd(allowed, causal) : causal;
      }
      if (allowed) scores = tf.sub(scores, tf.mul(tf.sub(1, tf.cast(allowed, 'float32')), MASKED_SCORE));

      let weights = tf.softmax(scores);
      if (kwargs.training && this.dropout > 0) weights = tf.dropout(weights, this.dropout);
      let result = tf.matMul(weights, value!);
      if (queryMask) result = tf.mul(result, tf.expandDims(tf.cast(queryMask, 'float32'), -1));
      return result;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), useScale: this.useScale, causal: this.causal, dropout: this.dropout };
  }
}
