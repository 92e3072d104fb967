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
 * tfjs's BatchNormalization with two training failures of tfjs 4.22 worked around, so that
 * every layer the validator accepts trains:
 *  - without its offset (`center: false`) or its scale (`scale: false`): tfjs reads `beta`
 *    and `gamma` unconditionally in its training branch ("Cannot read properties of
 *    undefined"). The missing one is a constant (offset 0, scale 1) for the duration of a
 *    call; no weight is added.
 *  - along an axis other than the last: the gradient of tfjs's broadcasting branch reshapes a
 *    whole batch into the statistics' shape ("Size(56) must match the product of shape 1,7,1").
 *    The axis is swapped to the last place around the computation, which is the same
 *    normalization over the same statistics.
 * Parameter counts, saved weights and the config stay the built-in class's, which this one
 * stands in for once registered (register.ts).
 */
export class FixedBatchNormalization extends TfjsBatchNormalization {
  static override className = 'NndBatchNormalization';
  /** tfjs's class this one stands in for: what model.json names, so plain tfjs loads the file. */
  static readonly tfjsClassName = TfjsBatchNormalization.className;

  override getClassName(): string {
    return FixedBatchNormalization.tfjsClassName;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as BatchNormalizationInternals;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const axis = self.axis >= 0 ? self.axis : self.axis + x.rank;
    const last = x.rank - 1;
    if (axis === last) return this.callWithOffsetAndScale(x, kwargs);
    const order = [...Array(x.rank).keys()].map((i) => (i === axis ? last : i === last ? axis : i));
    const configured = self.axis;
    self.axis = last;
    try {
      return tf.tidy(() => tf.transpose(this.callWithOffsetAndScale(tf.transpose(x, order), kwargs), order));
    } finally {
      self.axis = configured;
    }
  }

  private callWithOffsetAndScale(x: tf.Tensor, kwargs: Record<string, unknown>): tf.Tensor {
    const self = this as unknown as BatchNormalizationInternals;
    if (self.center && self.scale) return super.call(x, kwargs) as tf.Tensor;
    const size = x.shape[x.rank - 1]!;
    // Read inside the tidy of tfjs's own call, so nothing made here outlives it.
    if (!self.center) self.beta = { read: () => tf.zeros([size]) };
    if (!self.scale) self.gamma = { read: () => tf.ones([size]) };
    try {
      return super.call(x, kwargs) as tf.Tensor;
    } finally {
      if (!self.center) delete self.beta;
      if (!self.scale) delete self.gamma;
    }
  }
}
