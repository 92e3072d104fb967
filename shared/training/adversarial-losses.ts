import * as tf from '@tensorflow/tfjs';
import type { GanLoss } from '../graph/training-config';

/**
 * The two players' losses of a GAN, on the discriminator's raw output `s` for a batch: a logit
 * (D has no activation) or a probability p (D ends in a sigmoid). Cross-entropy is computed
 * from the logit where there is one (stable for any s) and from p clipped to [ε, 1 − ε]
 * otherwise, as Keras's binary cross-entropy does. The real label is r = 1 − labelSmoothing
 * (one-sided: fakes stay 0). Every mean is over the batch.
 *
 * - non-saturating: d_loss = BCE(s_real, r) + BCE(s_fake, 0); g_loss = BCE(s_fake, 1)
 * - least-squares:  d_loss = ½·mean((s_real − r)²) + ½·mean(s_fake²); g_loss = ½·mean((s_fake − 1)²)
 *                   (s is p itself when D ends in a sigmoid)
 * - hinge (logit):  d_loss = mean(relu(1 − s_real)) + mean(relu(1 + s_fake)); g_loss = −mean(s_fake)
 *
 * d_real / d_fake, what the events report of D's opinion: the mean of D's output on the real /
 * fake batch as a probability (sigmoid of a logit, p itself) for non-saturating, the raw mean
 * for least-squares and hinge. train.py (the PyTorch twin) spells the same formulas.
 */

/** Keras's epsilon: the clip of a probability before its logarithm. */
export const PROBABILITY_EPSILON = 1e-7;

export type DiscriminatorEnds = 'probability' | 'logit';

export interface AdversarialLossSettings {
  loss: GanLoss;
  ends: DiscriminatorEnds;
  labelSmoothing: number;
}

export interface DiscriminatorLoss {
  loss: tf.Scalar;
  /** D's mean opinion of the real batch (see the module comment). */
  real: tf.Scalar;
  fake: tf.Scalar;
}

export interface AdversarialLosses {
  discriminator(realScores: tf.Tensor, fakeScores: tf.Tensor): DiscriminatorLoss;
  generator(fakeScores: tf.Tensor): tf.Scalar;
  /** The generator's loss per sample (its mean is `generator`): what the 2-D view's arrows follow. */
  generatorPerSample(fakeScores: tf.Tensor): tf.Tensor1D;
}

/** Binary cross-entropy of each score against the constant label `label`, per sample. */
function crossEntropyPerSample(scores: tf.Tensor, label: number, ends: DiscriminatorEnds): tf.Tensor1D {
  const s = scores.reshape([-1]) as tf.Tensor1D;
  if (ends === 'logit') {
    // max(s, 0) − s·y + ln(1 + e^(−|s|)): never overflows, whatever the logit.
    return tf.add(tf.sub(tf.relu(s), tf.mul(s, label)), tf.log1p(tf.exp(tf.neg(tf.abs(s))))) as tf.Tensor1D;
  }
  const p = tf.clipByValue(s, PROBABILITY_EPSILON, 1 - PROBABILITY_EPSILON);
  const positive = label === 0 ? null : tf.mul(tf.log(p), label);
  const negative = label === 1 ? null : tf.mul(tf.log(tf.sub(1, p)), 1 - label);
  const sum = positive && negative ? tf.add(positive, negative) : (positive ?? negative)!;
  return tf.neg(sum) as tf.Tensor1D;
}

/** Half the squared distance of each score from `target`, per sample. */
function halfSquaredPerSample(scores: tf.Tensor, target: number): tf.Tensor1D {
  return tf.mul(tf.square(tf.sub(scores.reshape([-1]), target)), 0.5) as tf.Tensor1D;
}

function meanOf(values: tf.Tensor): tf.Scalar {
  return tf.mean(values) as tf.Scalar;
}

/** D's mean output as the events report it: a probability for non-saturating, raw otherwise. */
function opinion(scores: tf.Tensor, settings: AdversarialLossSettings): tf.Scalar {
  if (settings.loss === 'non-saturating' && settings.ends === 'logit') return meanOf(tf.sigmoid(scores));
  return meanOf(scores);
}

export function adversarialLosses(settings: AdversarialLossSettings): AdversarialLosses {
  const realLabel = 1 - settings.labelSmoothing;
  const generatorPerSample = (fake: tf.Tensor): tf.Tensor1D => {
    switch (settings.loss) {
      case 'non-saturating':
        return crossEntropyPerSample(fake, 1, settings.ends);
      case 'least-squares':
        return halfSquaredPerSample(fake, 1);
      case 'hinge':
        return tf.neg(fake.reshape([-1])) as tf.Tensor1D;
    }
  };
  return {
    discriminator(real, fake) {
      let loss: tf.Scalar;
      switch (settings.loss) {
        case 'non-saturating':
          loss = tf.add(meanOf(crossEntropyPerSample(real, realLabel, settings.ends)), meanOf(crossEntropyPerSample(fake, 0, settings.ends)));
          break;
        case 'least-squares':
          loss = tf.add(meanOf(halfSquaredPerSample(real, realLabel)), meanOf(halfSquaredPerSample(fake, 0)));
          break;
        case 'hinge':
          loss = tf.add(meanOf(tf.relu(tf.sub(1, real))), meanOf(tf.relu(tf.add(1, fake))));
          break;
      }
      return { loss, real: opinion(real, settings), fake: opinion(fake, settings) };
    },
    generator: (fake) => meanOf(generatorPerSample(fake)),
    generatorPerSample,
  };
}
