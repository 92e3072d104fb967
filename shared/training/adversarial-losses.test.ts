import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { adversarialLosses, type AdversarialLossSettings } from './adversarial-losses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const LOGITS_REAL = [0, 2];
const LOGITS_FAKE = [-1, 1];
const P_REAL = [0.5, 0.8];
const P_FAKE = [0.2, 0.6];

/** d_loss, d_real, d_fake and g_loss of one batch as numbers. */
function scored(settings: Partial<AdversarialLossSettings> & Pick<AdversarialLossSettings, 'loss' | 'ends'>, real: number[], fake: number[]) {
  const losses = adversarialLosses({ labelSmoothing: 0, ...settings });
  return tf.tidy(() => {
    const column = (values: number[]) => tf.tensor2d(values, [values.length, 1]);
    const d = losses.discriminator(column(real), column(fake));
    return { d: d.loss.dataSync()[0]!, real: d.real.dataSync()[0]!, fake: d.fake.dataSync()[0]!, g: losses.generator(column(fake)).dataSync()[0]! };
  });
}

describe('the GAN losses, against numbers worked by hand', () => {
  it('non-saturating on logits: BCE from the logit, d_real / d_fake as probabilities', () => {
    // BCE(0, 1) = ln 2, BCE(2, 1) = ln(1 + e^-2); BCE(−1, 0) = ln(1 + e^-1), BCE(1, 0) = 1 + ln(1 + e^-1).
    const real = (Math.LN2 + Math.log1p(Math.exp(-2))) / 2;
    const fake = (Math.log1p(Math.exp(-1)) + 1 + Math.log1p(Math.exp(-1))) / 2;
    const r = scored({ loss: 'non-saturating', ends: 'logit' }, LOGITS_REAL, LOGITS_FAKE);
    expect(r.d).toBeCloseTo(real + fake, 5);
    expect(r.d).toBeCloseTo(1.2233, 4);
    // BCE(−1, 1) = 1 + ln(1 + e^-1), BCE(1, 1) = ln(1 + e^-1).
    expect(r.g).toBeCloseTo(0.813262, 5);
    expect(r.real).toBeCloseTo((0.5 + 1 / (1 + Math.exp(-2))) / 2, 5);
    expect(r.fake).toBeCloseTo(0.5, 5);
  });

  it('labels real samples 1 − s with one-sided smoothing, fakes still 0', () => {
    const r = scored({ loss: 'non-saturating', ends: 'logit', labelSmoothing: 0.1 }, LOGITS_REAL, LOGITS_FAKE);
    // BCE(2, 0.9) = 2 − 1.8 + ln(1 + e^-2).
    expect(r.d).toBeCloseTo((Math.LN2 + 0.2 + Math.log1p(Math.exp(-2))) / 2 + 0.813262, 5);
    // The generator's target stays 1.
    expect(r.g).toBeCloseTo(0.813262, 5);
  });

  it('non-saturating on probabilities: BCE of the clipped probability', () => {
    const r = scored({ loss: 'non-saturating', ends: 'probability' }, P_REAL, P_FAKE);
    expect(r.d).toBeCloseTo(-(Math.log(0.5) + Math.log(0.8)) / 2 - (Math.log(0.8) + Math.log(0.4)) / 2, 5);
    expect(r.g).toBeCloseTo(-(Math.log(0.2) + Math.log(0.6)) / 2, 5);
    expect(r.real).toBeCloseTo(0.65, 6);
    expect(r.fake).toBeCloseTo(0.4, 6);
  });

  it('gives the logit and the probability of the same opinion the same losses', () => {
    const logit = (p: number) => Math.log(p / (1 - p));
    const fromLogits = scored({ loss: 'non-saturating', ends: 'logit', labelSmoothing: 0.2 }, P_REAL.map(logit), P_FAKE.map(logit));
    const fromProbabilities = scored({ loss: 'non-saturating', ends: 'probability', labelSmoothing: 0.2 }, P_REAL, P_FAKE);
    for (const key of ['d', 'g', 'real', 'fake'] as const) expect(fromLogits[key]).toBeCloseTo(fromProbabilities[key], 5);
  });

  it('stays finite for a confident discriminator', () => {
    const logits = scored({ loss: 'non-saturating', ends: 'logit' }, [-1000], [1000]);
    expect(logits.d).toBeCloseTo(2000, 3);
    expect(logits.g).toBeCloseTo(0, 5);
    const probabilities = scored({ loss: 'non-saturating', ends: 'probability' }, [0], [1]);
    // Clipped to [1e-7, 1 − 1e-7]: −ln(1e-7) ≈ 16.12 for the real one, and 1 − 1e-7 rounds in float32 so the fake's is ≈ 15.94.
    expect(probabilities.d).toBeCloseTo(-Math.log(1e-7) - Math.log(1 - Math.fround(1 - 1e-7)), 2);
    expect(Number.isFinite(probabilities.g)).toBe(true);
  });

  it('least squares: half the mean squared distance from the labels, raw outputs reported', () => {
    const r = scored({ loss: 'least-squares', ends: 'probability' }, P_REAL, P_FAKE);
    expect(r.d).toBeCloseTo(0.5 * ((0.25 + 0.04) / 2) + 0.5 * ((0.04 + 0.36) / 2), 6);
    expect(r.g).toBeCloseTo(0.5 * ((0.64 + 0.16) / 2), 6);
    expect(r.real).toBeCloseTo(0.65, 6);
    expect(r.fake).toBeCloseTo(0.4, 6);
    const onLogits = scored({ loss: 'least-squares', ends: 'logit', labelSmoothing: 0.5 }, LOGITS_REAL, LOGITS_FAKE);
    // (0 − 0.5)², (2 − 0.5)²; (−1)², 1²; (−1 − 1)², (1 − 1)².
    expect(onLogits.d).toBeCloseTo(0.5 * ((0.25 + 2.25) / 2) + 0.5 * ((1 + 1) / 2), 6);
    expect(onLogits.g).toBeCloseTo(0.5 * ((4 + 0) / 2), 6);
    expect(onLogits.real).toBeCloseTo(1, 6);
    expect(onLogits.fake).toBeCloseTo(0, 6);
  });

  it('hinge: relu margins for D, minus the fakes\' mean score for G', () => {
    const r = scored({ loss: 'hinge', ends: 'logit' }, LOGITS_REAL, LOGITS_FAKE);
    // relu(1 − 0) = 1, relu(1 − 2) = 0; relu(1 − 1) = 0, relu(1 + 1) = 2.
    expect(r.d).toBeCloseTo(0.5 + 1, 6);
    expect(r.g).toBeCloseTo(0, 6);
    const pushed = scored({ loss: 'hinge', ends: 'logit' }, LOGITS_REAL, [3, 5]);
    expect(pushed.g).toBeCloseTo(-4, 6);
    expect(pushed.fake).toBeCloseTo(4, 6);
  });

  it('gives the generator\'s loss per sample, whose mean is its loss', () => {
    const losses = adversarialLosses({ loss: 'non-saturating', ends: 'logit', labelSmoothing: 0 });
    const perSample = tf.tidy(() => Array.from(losses.generatorPerSample(tf.tensor2d(LOGITS_FAKE, [2, 1])).dataSync()));
    expect(perSample[0]).toBeCloseTo(1 + Math.log1p(Math.exp(-1)), 5);
    expect(perSample[1]).toBeCloseTo(Math.log1p(Math.exp(-1)), 5);
  });
});
