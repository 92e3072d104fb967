import type * as tf from '@tensorflow/tfjs';

/**
 * The mask that belongs to a sequence, or null. tfjs's executor (tfjs-layers 4.22,
 * engine/executor.ts) keeps the `mask` it sets in one kwargs object for the rest of the
 * model, so a padding mask made by an Embedding also reaches layers after one that changed
 * the number of steps (a pooling, a strided convolution) and ended it. A mask that does not
 * match the sequence's [batch, steps] cannot be its own: it is ignored, as Keras does where
 * the mask stops.
 */
export function ownMask(sequence: tf.Tensor | undefined, mask: tf.Tensor | null | undefined): tf.Tensor | undefined {
  if (!mask || !sequence || sequence.rank < 2) return undefined;
  // By size: tfjs's merge layers hand on a mask with an extra leading axis ([1, batch, steps]).
  return mask.size === sequence.shape[0]! * sequence.shape[1]! ? mask : undefined;
}
