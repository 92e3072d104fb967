import * as tf from '@tensorflow/tfjs';
import { tfjsLayerClass } from '../../custom/tfjs-class';

type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

export interface GlobalPoolingArgs extends LayerArgs {
  /** Keep the pooled axes with size 1 ([batch, 1, 1, channels]), as Keras 2.6+ can. */
  keepdims?: boolean;
}

type GlobalPoolingClass = (new (args?: GlobalPoolingArgs) => tf.layers.Layer & { readonly keepdims: boolean }) & {
  className: string;
  tfjsClassName: string;
  fromConfig: typeof tf.layers.Layer.fromConfig;
};

/**
 * tfjs's global pooling layer that `factory` makes, plus Keras's `keepdims` (tfjs 4.22 has none),
 * serialized as the built-in class (and standing in for it once registered, register.ts) so
 * model.json stays what Keras writes and reads.
 * Without keepdims it is the built-in layer, and writes the same config.
 */
function withKeepdims(factory: (args: LayerArgs) => tf.layers.Layer): GlobalPoolingClass {
  const TfjsGlobalPooling = tfjsLayerClass<LayerArgs>(factory({}));
  const className = TfjsGlobalPooling.className;

  class GlobalPoolingKeepingDims extends TfjsGlobalPooling {
    static override className = `Nnd${className}`;
    static readonly tfjsClassName = className;

    override getClassName(): string {
      return className;
    }

    readonly keepdims: boolean;

    constructor(args: GlobalPoolingArgs = {}) {
      const { keepdims, ...rest } = args;
      super(rest);
      this.keepdims = keepdims ?? false;
    }

    /** [batch, 1, …, 1, channels]: a 1 for every pooled axis. */
    private keptShape<T>(input: readonly T[], batch: T, channels: T, one: T): T[] {
      return [batch, ...input.slice(1, -1).map(() => one), channels];
    }

    override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
      const pooled = super.computeOutputShape(inputShape) as tf.Shape;
      if (!this.keepdims) return pooled;
      const input = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
      return this.keptShape(input, pooled[0]!, pooled[1]!, 1);
    }

    override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
      return tf.tidy(() => {
        const pooled = super.call(inputs, kwargs) as tf.Tensor;
        if (!this.keepdims) return pooled;
        const input = Array.isArray(inputs) ? inputs[0]! : inputs;
        return tf.reshape(pooled, this.keptShape(input.shape, pooled.shape[0]!, pooled.shape[1]!, 1));
      });
    }

    override getConfig(): tf.serialization.ConfigDict {
      const config = super.getConfig();
      return this.keepdims ? { ...config, keepdims: true } : config;
    }
  }
  return GlobalPoolingKeepingDims;
}

export const GlobalAveragePooling1DKeepingDims = withKeepdims(tf.layers.globalAveragePooling1d);
export const GlobalMaxPooling1DKeepingDims = withKeepdims(tf.layers.globalMaxPooling1d);
export const GlobalAveragePooling2DKeepingDims = withKeepdims(tf.layers.globalAveragePooling2d);
export const GlobalMaxPooling2DKeepingDims = withKeepdims(tf.layers.globalMaxPooling2d);
