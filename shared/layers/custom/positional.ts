import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

function sequenceShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
}

export interface LearnedPositionalEmbeddingArgs extends LayerArgs {
  /** The longest sequence it holds a vector for. */
  maxLength: number;
}

/**
 * Adds a learned vector to each step of a [batch, steps, features] sequence: one vector per
 * position, so otherwise order-blind attention can tell the first token from the fifth
 * (BERT's and GPT's position embeddings). Sequences up to `maxLength` steps.
 */
export class LearnedPositionalEmbedding extends tf.layers.Layer {
  static className = 'NndLearnedPositionalEmbedding';

  readonly maxLength: number;
  private positions: tf.LayerVariable | null = null;

  constructor(args: LearnedPositionalEmbeddingArgs) {
    super(args);
    this.maxLength = args.maxLength;
    this.supportsMasking = true;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = sequenceShape(inputShape);
    const features = shape[2];
    if (shape.length !== 3 || features === null || features === undefined)
      throw new Error(`${this.name}: expects [batch, steps, features] with known features, got ${JSON.stringify(shape)}`);
    // Keras-NLP's PositionEmbedding starts from glorot-uniform too.
    this.positions = this.addWeight('embeddings', [this.maxLength, features], 'float32', tf.initializers.glorotUniform({}));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return sequenceShape(inputShape);
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return ((Array.isArray(mask) ? mask[0] : mask) ?? null) as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const steps = x.shape[1]!;
      if (steps > this.maxLength)
        throw new Error(`${this.name}: a sequence of ${steps} steps is longer than maxLength ${this.maxLength}`);
      return tf.add(x, tf.slice(this.positions!.read(), [0, 0], [steps, -1]));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), maxLength: this.maxLength };
  }
}

/**
 * The fixed sinusoidal position code of "Attention is all you need": even features
 * sin(pos / 10000^(2i/d)), odd features cos of the same, as a [steps, features] array.
 */
export function sinusoidalTable(steps: number, features: number, base = 10000): Float32Array {
  const table = new Float32Array(steps * features);
  for (let pos = 0; pos < steps; pos++)
    for (let i = 0; i < features; i++) {
      const angle = pos / Math.pow(base, (2 * Math.floor(i / 2)) / features);
      table[pos * features + i] = i % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  return table;
}

export interface SinusoidalPositionalEncodingArgs extends LayerArgs {
  /** Wavelength base; 10000 in the original Transformer. */
  base?: number;
}

/**
 * Adds the fixed sinusoidal position code to a [batch, steps, features] sequence. Nothing
 * to learn, and any length works.
 */
export class SinusoidalPositionalEncoding extends tf.layers.Layer {
  static className = 'NndSinusoidalPositionalEncoding';

  readonly base: number;

  constructor(args: SinusoidalPositionalEncodingArgs = {}) {
    super(args);
    this.base = args.base ?? 10000;
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return sequenceShape(inputShape);
  }

  override computeMask(_inputs: tf.Tensor | tf.Tensor[], mask?: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return ((Array.isArray(mask) ? mask[0] : mask) ?? null) as tf.Tensor;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      const [, steps, features] = x.shape as [number, number, number];
      return tf.add(x, tf.tensor2d(sinusoidalTable(steps, features, this.base), [steps, features]));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), base: this.base };
  }
}
