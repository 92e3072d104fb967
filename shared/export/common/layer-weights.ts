import type * as tf from '@tensorflow/tfjs';
import type { HostTensor } from '../tensor';

/** A tfjs weight as its layer holds it: `originalName` such as `bidir/forward_lstm/kernel`. */
export interface NamedWeight {
  name: string;
  tensor: HostTensor;
}

/** A tfjs layer's weights with their names, as plain arrays. */
export function layerWeights(layer: tf.layers.Layer): NamedWeight[] {
  return layer.weights.map((w) => ({ name: w.originalName, tensor: { shape: [...w.shape] as number[], data: w.read().dataSync() as Float32Array } }));
}
