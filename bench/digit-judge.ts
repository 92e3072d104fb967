/**
 * The judge of generated digits (issue #18): the LeNet-5 template trained on the built-in
 * MNIST digits reads a batch of 28×28×1 images. Samples "read as digits" when the judge is
 * sure of them on average (mean top-class probability ≥ 0.8) and they are not one digit
 * drawn again and again (at least 8 of the 10 classes are some sample's top class).
 */
import * as tf from '@tensorflow/tfjs';
import { trainTemplate } from '../electron/worker/template-run';

export const DIGIT_BAR = { meanTopProbability: 0.8, classesPresent: 8 } as const;

export interface DigitVerdict {
  /** Mean over the samples of the judge's highest class probability. */
  meanTopProbability: number;
  /** How many samples the judge gives each digit (its top class), digit 0 first. */
  counts: number[];
  /** Digits that are some sample's top class. */
  classesPresent: number;
  /** Both halves of the bar met. */
  readsAsDigits: boolean;
}

export interface DigitJudge {
  model: tf.LayersModel;
  /** The judge's accuracy on the 2,000 digits it did not train on. */
  validationAccuracy: number;
  seconds: number;
}

/**
 * LeNet-5 from examples/lenet5-mnist.nnd.json trained `epochs` epochs by the product's
 * training loop on 8,000 digits, validated on the other 2,000. At half the template's
 * learning rate: the judge should be steady rather than quick.
 */
export async function trainDigitJudge(epochs = 6): Promise<DigitJudge> {
  const run = await trainTemplate('lenet5-mnist.nnd.json', { training: { epochs, learningRate: 0.001 } });
  return { model: run.compiled.model, validationAccuracy: run.outcome.metrics.val_acc ?? Number.NaN, seconds: run.seconds };
}

/** The judge's verdict on images [n, 28, 28, 1] with values in 0..1 (as the MNIST loader gives them). */
export function judgeDigits(judge: tf.LayersModel, images: tf.Tensor4D): DigitVerdict {
  const probabilities = tf.tidy(() => judge.predict(images) as tf.Tensor2D);
  const rows = probabilities.arraySync();
  probabilities.dispose();
  const counts = new Array<number>(10).fill(0);
  let topSum = 0;
  for (const row of rows) {
    let best = 0;
    for (let k = 1; k < row.length; k++) if (row[k]! > row[best]!) best = k;
    counts[best]!++;
    topSum += row[best]!;
  }
  const meanTopProbability = rows.length ? topSum / rows.length : 0;
  const classesPresent = counts.filter((c) => c > 0).length;
  return {
    meanTopProbability,
    counts,
    classesPresent,
    readsAsDigits: meanTopProbability >= DIGIT_BAR.meanTopProbability && classesPresent >= DIGIT_BAR.classesPresent,
  };
}
