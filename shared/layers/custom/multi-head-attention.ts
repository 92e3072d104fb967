import * as tf from '@tensorflow/tfjs';
import { ownMask } from './own-mask';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface MultiHeadAttentionArgs extends LayerArgs {
  numHeads: number;
  /** Size of each head's query and key vectors. */
  keyDim: number;
  /** Size of each head's value vectors; defaults to keyDim. */
  valueDim?: number | null;
  /** Fraction of attention weights dropped while training. */
  dropout?: number;
  useBias?: boolean;
  /** Output features; defaults to the query's. */
  outputDim?: number | null;
  /** Query position i attends only to key positions ≤ i. */
  causal?: boolean;
  /** Also return the attention weights [batch, heads, queries, keys]. */
  returnAttentionScores?: boolean;
}

/** Added to a masked score: exp underflows to exactly 0 in float32, as torch's −inf does. */
const MASKED_SCORE = -1e9;

/**
 * Keras's MultiHeadAttention, which tfjs 4.22 lacks. Called on `[query, value]` or
 * `[query, value, key]` (key defaults to value), or on one tensor for self-attention. Weights are shaped and named as Keras's
 * (`query/kernel` [features, heads, keyDim], …, `attention_output/kernel` [heads, valueDim, out]),
 * so counts and weight files line up with Keras.
 *
 * Speed: every head is computed at once. Each projection is one [batch·steps, features] ×
 * [features, heads·dim] matmul (the 3-D kernel reshaped, which copies nothing), scores and
 * the weighted sum are one batched matmul over [batch, heads], and the output projection
 * is one matmul over the concatenated heads. The only transposes are the unavoidable
 * [batch, steps, heads, dim] ↔ [batch, heads, steps, dim] ones; the key is not transposed
 * separately (matMul's transposeB does it inside the kernel).
 */
export class MultiHeadAttention extends tf.layers.Layer {
  static className = 'NndMultiHeadAttention';

  readonly numHeads: number;
  readonly keyDim: number;
  readonly valueDim: number;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly outputDim: number | null;
  readonly causal: boolean;
  readonly returnAttentionScores: boolean;

  private queryKernel!: tf.LayerVariable;
  private keyKernel!: tf.LayerVariable;
  private valueKernel!: tf.LayerVariable;
  private outputKernel!: tf.LayerVariable;
  private queryBias: tf.LayerVariable | null = null;
  private keyBias: tf.LayerVariable | null = null;
  private valueBias: tf.LayerVariable | null = null;
  private outputBias: tf.LayerVariable | null = null;

  constructor(args: MultiHeadAttentionArgs) {
    super(args);
    this.numHeads = args.numHeads;
    this.keyDim = args.keyDim;
    this.valueDim = args.valueDim ?? args.keyDim;
    this.dropout = args.dropout ?? 0;
    this.useBias = args.useBias ?? true;
    this.outputDim = args.outputDim ?? null;
    this.causal = args.causal ?? false;
    this.returnAttentionScores = args.returnAttentionScores ?? false;
    this.supportsMasking = true;
  }

  /**
   * Self-attention is called on one tensor, not on [x, x]: tfjs's executor counts a tensor
   * that feeds one layer twice as one recipient but releases it twice, so in inference
   * (predict, validation) it disposes x while the residual Add still needs it. A single
   * input means query = value = key, which is also how the saved model.json reads.
   */
  override apply(
    inputs: tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[],
    kwargs?: tf.serialization.ConfigDict,
  ): tf.Tensor | tf.Tensor[] | tf.SymbolicTensor | tf.SymbolicTensor[] {
    if (Array.isArray(inputs) && inputs.length >= 2) {
      const [query, value, key] = inputs;
      if (value === query && (key === undefined || key === query)) return super.apply(query!, kwargs);
      if (key !== undefined && key === value) return super.apply([query!, value!] as tf.Tensor[], kwargs);
    }
    return super.apply(inputs, kwargs);
  }

  private static shapes(inputShape: tf.Shape | tf.Shape[]): [tf.Shape, tf.Shape, tf.Shape] {
    if (!Array.isArray(inputShape[0])) return [inputShape as tf.Shape, inputShape as tf.Shape, inputShape as tf.Shape];
    const shapes = inputShape as tf.Shape[];
    if (shapes.length === 1) return [shapes[0]!, shapes[0]!, shapes[0]!];
    if (shapes.length < 2 || shapes.length > 3)
      throw new Error(`MultiHeadAttention is called on [query, value] or [query, value, key], but got ${shapes.length} input(s)`);
    const [query, value, key = value] = shapes as [tf.Shape, tf.Shape, tf.Shape?];
    return [query, value, key!];
  }

  private lastDim(shape: tf.Shape, what: string): number {
    const d = shape[shape.length - 1];
    if (d === null || d === undefined) throw new Error(`${this.name}: the ${what} needs a known number of features, but is ${JSON.stringify(shape)}`);
    return d;
  }

  private outputFeatures(query: tf.Shape): number {
    return this.outputDim ?? this.lastDim(query, 'query');
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const [query, value, key] = MultiHeadAttention.shapes(inputShape);
    const h = this.numHeads;
    const glorot = () => tf.initializers.glorotUniform({});
    const zeros = () => tf.initializers.zeros();
    this.queryKernel = this.addWeight('query/kernel', [this.lastDim(query, 'query'), h, this.keyDim], 'float32', glorot());
    this.keyKernel = this.addWeight('key/kernel', [this.lastDim(key, 'key'), h, this.keyDim], 'float32', glorot());
    this.valueKernel = this.addWeight('value/kernel', [this.lastDim(value, 'value'), h, this.valueDim], 'float32', glorot());
    if (this.useBias) {
      this.queryBias = this.addWeight('query/bias', [h, this.keyDim], 'float32', zeros());
      this.keyBias = this.addWeight('key/bias', [h, this.keyDim], 'float32', zeros());
      this.valueBias = this.addWeight('value/bias', [h, this.valueDim], 'float32', zeros());
    }
    const out = this.outputFeatures(query);
    this.outputKernel = this.addWeight('attention_output/kernel', [h, this.valueDim, out], 'float32', glorot());
    if (this.useBias) this.outputBias = this.addWeight('attention_output/bias', [out], 'float32', zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    const [query, , key] = MultiHeadAttention.shapes(inputShape);
    const output = [...query.slice(0, -1), this.outputFeatures(query)];
    if (!this.returnAttentionScores) return output;
    return [output, [query[0]!, this.numHeads, query[1]!, key[1]!]];
  }

  override computeMask(inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    const [queryMask] = MultiHeadAttention.masks(inputs, mask);
    // tfjs's own layers return null for "no mask" although the declared type omits it.
    const outputMask = (queryMask ?? null) as tf.Tensor;
    return this.returnAttentionScores ? [outputMask, null as unknown as tf.Tensor] : outputMask;
  }

  /**
   * [query mask, key mask]. tfjs's graph executor hands a multi-input layer only its first
   * input's mask; when the value is the query tensor itself (self-attention), that mask is
   * the keys' too.
   */
  private static masks(inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): [tf.Tensor?, tf.Tensor?] {
    const selfAttention = !Array.isArray(inputs) || inputs.length === 1;
    if (Array.isArray(mask)) return selfAttention ? [mask[0] ?? undefined, mask[0] ?? undefined] : [mask[0] ?? undefined, mask[2] ?? mask[1] ?? undefined];
    if (!mask) return [];
    return [mask, selfAttention ? mask : undefined];
  }

  /** [batch, steps, features] → [batch, heads, steps, dim], one matmul for all heads. */
  private project(x: tf.Tensor, kernel: tf.LayerVariable, bias: tf.LayerVariable | null, dim: number): tf.Tensor {
    const [batch, steps, features] = x.shape as [number, number, number];
    let y = tf.matMul(tf.reshape(x, [batch * steps, features]), tf.reshape(kernel.read(), [features, this.numHeads * dim]));
    if (bias) y = tf.add(y, tf.reshape(bias.read(), [this.numHeads * dim]));
    return tf.transpose(tf.reshape(y, [batch, steps, this.numHeads, dim]), [0, 2, 1, 3]);
  }

  /** Additive score bias [1 or batch, 1, queries, keys]: 0 where allowed, a large negative where masked. */
  private scoreBias(queryLength: number, keyLength: number, keyMask?: tf.Tensor): tf.Tensor | null {
    let allowed: tf.Tensor | null = null;
    if (keyMask) allowed = tf.reshape(tf.cast(keyMask, 'bool'), [-1, 1, 1, keyLength]);
    if (this.causal) {
      const rows = tf.expandDims(tf.range(0, queryLength, 1, 'int32'), 1);
      const columns = tf.expandDims(tf.range(0, keyLength, 1, 'int32'), 0);
      const causal = tf.reshape(tf.greaterEqual(rows, columns), [1, 1, queryLength, keyLength]);
      allowed = allowed ? tf.logicalAnd(allowed, causal) : causal;
    }
    if (!allowed) return null;
    return tf.mul(tf.sub(1, tf.cast(allowed, 'float32')), MASKED_SCORE);
  }

  /** softmax(q·kᵀ + mask) over the keys: [batch, heads, queries, keys]. */
  private softmaxWeights(q: tf.Tensor, k: tf.Tensor, keyMask?: tf.Tensor): tf.Tensor {
    let scores = tf.matMul(q, k, false, true);
    const bias = this.scoreBias(q.shape[2]!, k.shape[2]!, keyMask);
    if (bias) scores = tf.add(scores, bias);
    return tf.softmax(scores);
  }

  /**
   * The attention weights [batch, heads, queries, keys] this layer computes for its inputs
   * (as `call` takes them), in inference mode — what an attention map shows. `keyMask`
   * [batch, keys] hides padded keys, as the Embedding's mask does while training.
   */
  attentionWeights(inputs: tf.Tensor | tf.Tensor[], keyMask?: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const [query, value, key = value] = (list.length === 1 ? [list[0], list[0]] : list) as [tf.Tensor, tf.Tensor, tf.Tensor?];
      const q = tf.mul(this.project(query, this.queryKernel, this.queryBias, this.keyDim), 1 / Math.sqrt(this.keyDim));
      const k = this.project(key!, this.keyKernel, this.keyBias, this.keyDim);
      return this.softmaxWeights(q, k, keyMask);
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean; mask?: tf.Tensor | tf.Tensor[] }): tf.Tensor | tf.Tensor[] {
    return tf.tidy(() => {
      // One tensor (alone or in a one-element list, as a loaded model passes it) attends to itself.
      const list = Array.isArray(inputs) ? inputs : [inputs];
      const [query, value, key = value] = (list.length === 1 ? [list[0], list[0]] : list) as [tf.Tensor, tf.Tensor, tf.Tensor?];
      if (!query || !value) throw new Error(`${this.name}: MultiHeadAttention is called on x, [query, value] or [query, value, key]`);
      const [batch, queryLength] = query.shape as [number, number];
      const keyLength = key!.shape[1]!;

      // Scaling the queries instead of the scores touches steps·dim numbers instead of steps².
      const q = tf.mul(this.project(query, this.queryKernel, this.queryBias, this.keyDim), 1 / Math.sqrt(this.keyDim));
      const k = this.project(key!, this.keyKernel, this.keyBias, this.keyDim);
      const v = this.project(value, this.valueKernel, this.valueBias, this.valueDim);

      // tfjs's merge layers (Add) hand on their mask with an extra leading axis ([1, batch, steps]); the values are what count.
      const [queryMask, keyMask] = MultiHeadAttention.masks(inputs, kwargs.mask).map((m, i) =>
        ownMask(i === 0 ? query : key, m) ? tf.reshape(m!, [batch, i === 0 ? queryLength : keyLength]) : undefined,
      );
      const weights = this.softmaxWeights(q, k, keyMask);
      const dropped = kwargs.training && this.dropout > 0 ? tf.dropout(weights, this.dropout) : weights;

      const heads = tf.transpose(tf.matMul(dropped, v), [0, 2, 1, 3]);
      const out = this.outputFeatures(query.shape);
      let result = tf.matMul(
        tf.reshape(heads, [batch * queryLength, this.numHeads * this.valueDim]),
        tf.reshape(this.outputKernel.read(), [this.numHeads * this.valueDim, out]),
      );
      if (this.outputBias) result = tf.add(result, this.outputBias.read());
      result = tf.reshape(result, [batch, queryLength, out]);
      if (queryMask) result = tf.mul(result, tf.expandDims(tf.cast(queryMask, 'float32'), -1));
      return this.returnAttentionScores ? [result, weights] : result;
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      valueDim: this.valueDim,
      dropout: this.dropout,
      useBias: this.useBias,
      outputDim: this.outputDim,
      causal: this.causal,
      returnAttentionScores: this.returnAttentionScores,
    };
  }
}
