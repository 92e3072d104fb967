import * as tf from '@tensorflow/tfjs';
import { tfjsLayerClass } from './tfjs-class';

type TimeDistributedArgs = Parameters<typeof tf.layers.timeDistributed>[0];

const TfjsTimeDistributed = tfjsLayerClass<TimeDistributedArgs>(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 1 }) }));

/**
 * tfjs's TimeDistributed that also trains on a sequence of one step. tfjs 4.22 runs the inner
 * layer through its RNN loop, whose unstack has no usable gradient for a single step ("Argument
 * tensors passed to stack must be a `Tensor[]`") once anything before it learns. One step is
 * the inner layer applied once, so that case calls it directly on the step. Config and weights
 * stay the built-in class's, which this one stands in for once registered (register.ts).
 */
export class TimeDistributedOverOneStep extends TfjsTimeDistributed {
  static override className = 'NndTimeDistributed';
  /** tfjs's class this one stands in for: what model.json names, so plain tfjs loads the file. */
  static readonly tfjsClassName = TfjsTimeDistributed.className;

  override getClassName(): string {
    return TimeDistributedOverOneStep.tfjsClassName;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (x.shape[1] !== 1) return super.call(inputs, kwargs);
    const inner = (this as unknown as { layer: tf.layers.Layer }).layer;
    return tf.tidy(() => {
      const output = inner.call(tf.squeeze(x, [1]), kwargs);
      return tf.expandDims(Array.isArray(output) ? output[0]! : output, 1);
    });
  }
}
