import * as tf from '@tensorflow/tfjs';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface PatchEmbeddingArgs extends LayerArgs {
  /** Side of each square patch, in pixels. */
  patchSize: number;
  /** Length of each patch's vector (the Transformer's d_model). */
  embedDim: number;
  /** Prepend a learned [CLS] token whose final state summarizes the image (ViT). */
  classToken?: boolean;
}

/**
 * ViT's patch embedding: cuts a [batch, height, width, channels] image into non-overlapping
 * patchSize × patchSize patches, projects each to embedDim numbers, and returns them as a
 * sequence [batch, patches, embedDim] in row-major patch order — optionally with a learned
 * class token in front. The projection is a convolution whose kernel and stride are the patch
 * size, which is exactly a shared Dense on each flattened patch, in one kernel call.
 */
export class PatchEmbedding extends tf.layers.Layer {
  static className = 'NndPatchEmbedding';

  readonly patchSize: number;
  readonly embedDim: number;
  readonly classToken: boolean;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;
  private token: tf.LayerVariable | null = null;

  constructor(args: PatchEmbeddingArgs) {
    super(args);
    this.patchSize = args.patchSize;
    this.embedDim = args.embedDim;
    this.classToken = args.classToken ?? false;
  }

  private static image(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const channels = PatchEmbedding.image(inputShape)[3];
    if (channels === null || channels === undefined) throw new Error(`${this.name}: the image needs a known number of channels`);
    const p = this.patchSize;
    this.kernel = this.addWeight('kernel', [p, p, channels, this.embedDim], 'float32', tf.initializers.glorotUniform({}));
    this.bias = this.addWeight('bias', [this.embedDim], 'float32', tf.initializers.zeros());
    if (this.classToken) this.token = this.addWeight('class_token', [1, 1, this.embedDim], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [batch, height, width] = PatchEmbedding.image(inputShape);
    const patches = height === null || width === null ? null : Math.floor(height! / this.patchSize) * Math.floor(width! / this.patchSize);
    return [batch!, patches === null ? null : patches + Number(this.classToken), this.embedDim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const image = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
      const projected = tf.add(tf.conv2d(image, this.kernel!.read() as tf.Tensor4D, this.patchSize, 'valid'), this.bias!.read());
      const [batch, rows, columns] = projected.shape;
      const sequence = tf.reshape(projected, [batch, rows * columns, this.embedDim]);
      if (!this.token) return sequence;
      return tf.concat([tf.tile(this.token.read(), [batch, 1, 1]), sequence], 1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), patchSize: this.patchSize, embedDim: this.embedDim, classToken: this.classToken };
  }
}
