import * as tf from '@tensorflow/tfjs';
import type { LossName, MetricName, TrainingConfig } from '../graph/training-config';
import { metricKey } from './protocol';

/** (targets, predictions) → a scalar mean over the batch. */
export type Objective = (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Scalar;

/**
 * What a loss or metric needs to know about its target besides the loss: a value marking
 * positions to leave out (token padding). Without one every position counts.
 */
export interface TargetInfo {
  ignoreValue?: number;
}

/**
 * Class indices for a sparse loss, shaped like the prediction without its class axis:
 * [batch] or [batch, 1] for one class per sample, [batch, steps] or [batch, steps, 1] for
 * one per position, [batch, h, w] or [batch, h, w, 1] for one per pixel.
 */
function classIndices(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
  return tf.reshape(yTrue, yPred.shape.slice(0, -1));
}

function isSparse(loss: LossName): boolean {
  return loss === 'sparseCategoricalCrossentropy';
}

/**
 * 1 where a position counts, 0 where its target is the ignored value; null when all count.
 * Shaped like the prediction without its last axis: one weight per position (or sample).
 */
function positionMask(loss: LossName, yTrue: tf.Tensor, yPred: tf.Tensor, info: TargetInfo): tf.Tensor | null {
  if (info.ignoreValue === undefined) return null;
  if (isSparse(loss)) return tf.cast(tf.notEqual(classIndices(yTrue, yPred), info.ignoreValue), 'float32');
  // A dense target marks a position ignored when every value of it is the ignored one.
  return tf.cast(tf.any(tf.notEqual(yTrue, info.ignoreValue), -1), 'float32');
}

/** The mean of per-position values over the positions that count. */
function maskedMean(values: tf.Tensor, mask: tf.Tensor | null): tf.Scalar {
  if (!mask) return tf.mean(values) as tf.Scalar;
  return tf.div(tf.sum(tf.mul(values, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
}

function clip(p: tf.Tensor): tf.Tensor {
  return tf.clipByValue(p, 1e-7, 1 - 1e-7);
}

/** Crossentropy of each position against one-hot (or soft) targets over the last axis. */
function categoricalPerPosition(t: tf.Tensor, p: tf.Tensor): tf.Tensor {
  const normalized = tf.div(p, tf.sum(p, -1, true));
  return tf.neg(tf.sum(tf.mul(t, tf.log(clip(normalized))), -1));
}

/**
 * One value per position (the prediction's shape without its last axis) for a loss as
 * Keras defines it on `from_logits=False` outputs: crossentropies take probabilities
 * (sigmoid / softmax) and clip them away from 0 and 1; the others average the last axis.
 */
function lossPerPosition(loss: LossName, t: tf.Tensor, p: tf.Tensor): tf.Tensor {
  switch (loss) {
    case 'mse':
      return tf.mean(tf.square(tf.sub(p, t)), -1);
    case 'mae':
      return tf.mean(tf.abs(tf.sub(p, t)), -1);
    case 'huber': {
      const error = tf.abs(tf.sub(p, t));
      const quadratic = tf.minimum(error, 1);
      return tf.mean(tf.add(tf.mul(0.5, tf.square(quadratic)), tf.sub(error, quadratic)), -1);
    }
    case 'binaryCrossentropy': {
      const c = clip(p);
      return tf.neg(tf.mean(tf.add(tf.mul(t, tf.log(c)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, c)))), -1));
    }
    case 'categoricalCrossentropy':
      return categoricalPerPosition(t, p);
    case 'sparseCategoricalCrossentropy': {
      const classes = p.shape[p.shape.length - 1]!;
      return categoricalPerPosition(tf.oneHot(tf.cast(classIndices(t, p), 'int32'), classes), p);
    }
  }
}

/** The loss of one output: its per-position values averaged over the positions that count. */
export function lossFunction(loss: LossName, info: TargetInfo = {}): Objective {
  return (t, p) => maskedMean(lossPerPosition(loss, t, p), positionMask(loss, t, p, info));
}

/** Each position's predicted and true class: argmax, index, or a 0.5 threshold for one unit. */
function classesOf(loss: LossName, t: tf.Tensor, p: tf.Tensor): { predicted: tf.Tensor; actual: tf.Tensor; classes: number } {
  const units = p.shape[p.shape.length - 1]!;
  if (isSparse(loss)) return { predicted: tf.argMax(p, -1), actual: tf.cast(classIndices(t, p), 'int32'), classes: units };
  if (units === 1)
    return { predicted: tf.cast(tf.greater(tf.squeeze(p, [-1]), 0.5), 'int32'), actual: tf.cast(tf.greater(tf.squeeze(t, [-1]), 0.5), 'int32'), classes: 2 };
  return { predicted: tf.argMax(p, -1), actual: tf.argMax(t, -1), classes: units };
}

/**
 * The accuracy that fits the loss and output, as Keras picks it: class indices for a sparse
 * loss, argmax agreement for several units, a 0.5 threshold for one unit (or per value of a
 * binary crossentropy over several); per position for sequences and pixels.
 */
function accuracy(loss: LossName, info: TargetInfo): Objective {
  return (t, p) => {
    const mask = positionMask(loss, t, p, info);
    const units = p.shape[p.shape.length - 1]!;
    if (loss === 'binaryCrossentropy' && units > 1)
      return maskedMean(tf.mean(tf.cast(tf.equal(tf.greater(p, 0.5), tf.greater(t, 0.5)), 'float32'), -1), mask);
    const { predicted, actual } = classesOf(loss, t, p);
    return maskedMean(tf.cast(tf.equal(predicted, actual), 'float32'), mask);
  };
}

/**
 * Intersection over union (or Dice, 2·|A∩B| / (|A| + |B|)) of the predicted and target
 * masks over the batch, averaged over the classes present in either (a single sigmoid unit:
 * the foreground only). A batch where neither has any scores 1.
 */
function overlap(loss: LossName, info: TargetInfo, kind: 'iou' | 'dice'): Objective {
  return (t, p) => {
    const mask = positionMask(loss, t, p, info);
    const units = p.shape[p.shape.length - 1]!;
    const { predicted, actual, classes } = classesOf(loss, t, p);
    let predictedHot = tf.oneHot(tf.reshape(predicted, [-1]), classes);
    let actualHot = tf.oneHot(tf.reshape(actual, [-1]), classes);
    if (mask) {
      const weights = tf.reshape(mask, [-1, 1]);
      predictedHot = tf.mul(predictedHot, weights);
      actualHot = tf.mul(actualHot, weights);
    }
    if (units === 1 && !isSparse(loss)) {
      predictedHot = tf.slice(predictedHot, [0, 1], [-1, 1]);
      actualHot = tf.slice(actualHot, [0, 1], [-1, 1]);
    }
    const intersection = tf.sum(tf.mul(predictedHot, actualHot), 0);
    const sizes = tf.add(tf.sum(predictedHot, 0), tf.sum(actualHot, 0));
    const present = tf.cast(tf.greater(sizes, 0), 'float32');
    const denominator = kind === 'iou' ? tf.sub(sizes, intersection) : sizes;
    const numerator = kind === 'iou' ? intersection : tf.mul(2, intersection);
    const perClass = tf.div(numerator, tf.maximum(denominator, 1e-7));
    const count = tf.sum(present);
    return tf.where(tf.greater(count, 0), tf.div(tf.sum(tf.mul(perClass, present)), tf.maximum(count, 1)), tf.scalar(1)) as tf.Scalar;
  };
}

/** Peak signal-to-noise ratio in dB for values in 0..1, per sample then averaged (tf.image.psnr). */
function psnr(t: tf.Tensor, p: tf.Tensor): tf.Scalar {
  const perSample = tf.mean(tf.reshape(tf.square(tf.sub(p, t)), [p.shape[0]!, -1]), 1);
  return tf.mean(tf.mul(-10 / Math.LN10, tf.log(tf.maximum(perSample, 1e-10)))) as tf.Scalar;
}

/** A metric as the loop reports it: the mean of `fn` over the batches, passed through `finalize`. */
export interface MetricDefinition {
  fn: Objective;
  /** Perplexity is e^(mean crossentropy): the mean is taken first, then exponentiated. */
  finalize?: (mean: number) => number;
}

export function metricDefinition(metric: MetricName, loss: LossName, info: TargetInfo = {}): MetricDefinition {
  switch (metric) {
    case 'accuracy':
      return { fn: accuracy(loss, info) };
    case 'mae':
      return { fn: lossFunction('mae', info) };
    case 'mse':
      return { fn: lossFunction('mse', info) };
    case 'iou':
      return { fn: overlap(loss, info, 'iou') };
    case 'dice':
      return { fn: overlap(loss, info, 'dice') };
    case 'psnr':
      return { fn: psnr };
    case 'perplexity': {
      const crossentropy = isSparse(loss) || loss === 'categoricalCrossentropy' ? loss : 'categoricalCrossentropy';
      return { fn: lossFunction(crossentropy, info), finalize: (mean) => Math.exp(mean) };
    }
  }
}

/** The accuracy that fits `loss` (kept for callers that score one vector output). */
export function accuracyFunction(loss: LossName): Objective {
  return accuracy(loss, {});
}

/** The named metrics of a one-output run, in the order they are reported, with their log keys (`acc`, `mae`, …). */
export function metricFunctions(config: Pick<TrainingConfig, 'metrics' | 'loss'>, info: TargetInfo = {}) {
  const unique = [...new Set(config.metrics)];
  return unique.map((m) => ({ key: metricKey(m), ...metricDefinition(m, config.loss, info) }));
}
