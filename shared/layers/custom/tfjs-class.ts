import type * as tf from '@tensorflow/tfjs';

/** A tfjs built-in layer class, constructible with the factory's own arguments. */
export type TfjsLayerClass<Args> = (new (args: Args) => tf.layers.Layer) & { className: string; fromConfig: typeof tf.layers.Layer.fromConfig };

/**
 * tfjs exports its built-in layers only as factories (`tf.layers.conv2d`), but our fixed
 * versions subclass the real class so they keep its config, weights and class name. The
 * class is the constructor behind any instance the factory makes.
 */
export function tfjsLayerClass<Args>(instance: tf.layers.Layer): TfjsLayerClass<Args> {
  return Object.getPrototypeOf(instance).constructor as TfjsLayerClass<Args>;
}
