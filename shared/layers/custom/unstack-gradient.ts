import * as tf from '@tensorflow/tfjs';

/**
 * tfjs's gradient of unstack with the one-output case handled. tfjs 4.22 hands a kernel with
 * a single output its gradient as one tensor rather than a list, and the stock gradient
 * passes it straight to stack ("Argument tensors passed to stack must be a `Tensor[]`"). Its
 * RNN loop unstacks the time axis, so any recurrent layer or TimeDistributed over a sequence
 * of one step failed to train once a layer before it learned. Same gradient otherwise.
 */
export function registerUnstackGradient(): void {
  tf.registerGradient({
    kernelName: tf.Unpack,
    gradFunc: (dy, _saved, attrs) => {
      const { axis } = attrs as unknown as { axis: number };
      return { value: () => tf.stack(Array.isArray(dy) ? dy : [dy], axis) };
    },
  });
}
