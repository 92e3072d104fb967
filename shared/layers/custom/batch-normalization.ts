import * as tf from '@tensorflow/tfjs';
import { tfjsLayerClass } from './tfjs-class';

type BatchNormalizationArgs = NonNullable<Parameters<typeof tf.layers.batchNormalization>[0]>;

const TfjsBatchNormalization = tfjsLayerClass<BatchNormalizationArgs>(tf.layers.batchNormalization({}));

interface BatchNormalizationInternals {
  axis: number;
  center: boolean;
  scale: boolean;
  beta?: { read(): tf.Tensor };
  gamma?: { read(): tf.Tensor };
}

/**
 * tfjs's BatchNormalization that also trains without its offset (`center: false`) or its scale
 * (`scale: false`). tfjs 4.22 reads `beta` and `gamma` unconditionally in its training branch,
 * so such a layer failed on the first batch ("Cannot read properties of undefined"). Here the
 * missing one is a constant (offset 0, scale 1) for the duration of a call: no weight is added,
 * so parameter counts, saved weights and the config stay those of the built-in class, which
 * this one stands in for once registered (register.ts).
 */
export class BatchNormalizationWithoutOffsetOrScale extends TfjsBatchNormalization {
  static override className = 'NndBatchNormalization';
  /** tfjs's class this one stands in for: what model.json names, so plain tfjs loads the file. */
  static readonly tfjsClassName = TfjsBatchNormalization.className;

  override getClassName(): string {
    return BatchNormalizationWithoutOffsetOrScale.tfjsClassName;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as BatchNormalizationInternals;
    if (self.center && self.scale) return super.call(inputs, kwargs);
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const axis = self.axis >= 0 ? self.axis : self.axis + x.rank;
    const size = x.shape[axis]!;
    // Created inside the caller's tidy (the layer's call runs in one), so nothing outlives it.
    if (!self.center) self.beta = { read: () => tf.zeros([size]) };
    if (!self.scale) self.gamma = { read: () => tf.ones([size]) };
    try {
      return super.call(inputs, kwargs);
    } finally {
      if (!self.center) delete self.beta;
      if (!self.scale) delete self.gamma;
    }
  }
}
