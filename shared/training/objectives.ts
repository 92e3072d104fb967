import * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../graph/training-config';
import { metricKey } from './protocol';

type Loss = TrainingConfig['loss'];
type Metric = TrainingConfig['metrics'][number];

/** (targets, predictions) → a scalar mean over the batch. */
export type Objective = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/** Sparse labels are class indices, [batch] or [batch, 1]; the model outputs one probability per class. */
function sparseToOneHot(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  const classes = yPred.shape[yPred.shape.length - 1]!;
  return tf.oneHot(tf.cast(tf.reshape(yTrue, [-1]), 'int32'), classes).reshape(yPred.shape);
}

/**
 * Losses as Keras defines them for `from_logits=False` outputs: crossentropies take
 * probabilities (sigmoid / softmax outputs) and clip them away from 0 and 1.
 */
export function lossFunction(loss: Loss): Objective {
  switch (loss) {
    case 'mse':
      return (t, p) => tf.mean(tf.metrics.meanSquaredError(t, p)) as tf.Scalar;
    case 'mae':
      return (t, p) => tf.mean(tf.metrics.meanAbsoluteError(t, p)) as tf.Scalar;
    case 'huber':
      return (t, p) => tf.losses.huberLoss(t, p) as tf.Scalar;
    case 'binaryCrossentropy':
      return (t, p) => tf.mean(tf.metrics.binaryCrossentropy(t, p)) as tf.Scalar;
    case 'categoricalCrossentropy':
      return (t, p) => tf.mean(tf.metrics.categoricalCrossentropy(t, p)) as tf.Scalar;
    case 'sparseCategoricalCrossentropy':
      return (t, p) => tf.mean(tf.metrics.categoricalCrossentropy(sparseToOneHot(t, p), p)) as tf.Scalar;
  }
}

/**
 * The accuracy that fits the loss and output, as Keras picks it: class indices for a
 * sparse loss, argmax agreement for several outputs, a 0.5 threshold for one output.
 */
export function accuracyFunction(loss: Loss, outputUnits: number): Objective {
  if (loss === 'sparseCategoricalCrossentropy')
    return (t, p) => tf.mean(tf.metrics.sparseCategoricalAccuracy(t, p)) as tf.Scalar;
  if (loss === 'binaryCrossentropy' || outputUnits === 1)
    return (t, p) => tf.mean(tf.metrics.binaryAccuracy(t, p)) as tf.Scalar;
  return (t, p) => tf.mean(tf.metrics.categoricalAccuracy(t, p)) as tf.Scalar;
}

export function metricFunction(metric: Metric, loss: Loss, outputUnits: number): Objective {
  switch (metric) {
    case 'accuracy':
      return accuracyFunction(loss, outputUnits);
    case 'mae':
      return lossFunction('mae');
    case 'mse':
      return lossFunction('mse');
  }
}

/** The named metrics of a run, in the order they are reported, with their log keys (`acc`, `mae`, …). */
export function metricFunctions(config: Pick<TrainingConfig, 'metrics' | 'loss'>, outputUnits: number) {
  const unique = [...new Set(config.metrics)];
  return unique.map((m) => ({ key: metricKey(m), fn: metricFunction(m, config.loss, outputUnits) }));
}
