import { trainingMessage, trainingText, type TrainingText } from './messages';

/**
 * Notices a run that has blown up. A NaN or infinite loss is the obvious case, but with
 * softmax + crossentropy the loss is clipped (−ln 1e-7 ≈ 16.1 per wrong sample), so a
 * learning rate of 100 does not overflow: the ReLUs die, the network answers one class for
 * everything, and the loss sits far above where it started for ever. Both end the run with
 * the same advice, instead of leaving the person to watch a flat line.
 */

/** Consecutive batches the loss must stay up before the run counts as diverged. */
export const DIVERGED_AFTER_BATCHES = 30;
/** "Far above": this many times the untrained model's loss… */
export const DIVERGENCE_FACTOR = 4;
/** …and at least this much above it, so a tiny starting loss (resumed training) is not judged on noise. */
export const DIVERGENCE_MARGIN = 1;

export type DivergenceVerdict =
  | { diverged: false }
  | { diverged: true; kind: 'non-finite'; loss: number }
  | { diverged: true; kind: 'stuck-high'; initialLoss: number; loss: number; batches: number };

export class DivergenceWatch {
  private initialLoss: number | null = null;
  private highStreak = 0;
  private streakSum = 0;
  private readonly stuckHigh: boolean;

  /** `stuckHigh: false` watches for NaN and infinity only (a GAN's losses may rise for good). */
  constructor({ stuckHigh = true }: { stuckHigh?: boolean } = {}) {
    this.stuckHigh = stuckHigh;
  }

  /**
   * Feed every batch's loss in order; the first one is the untrained model's. `finite` are the
   * batch's values that must stay finite (a GAN's two losses), the loss alone by default.
   */
  observe(loss: number, finite: readonly number[] = [loss]): DivergenceVerdict {
    const nonFinite = [loss, ...finite].find((value) => !Number.isFinite(value));
    if (nonFinite !== undefined) return { diverged: true, kind: 'non-finite', loss: nonFinite };
    if (!this.stuckHigh) return { diverged: false };
    if (this.initialLoss === null) {
      this.initialLoss = loss;
      return { diverged: false };
    }
    const threshold = Math.max(this.initialLoss * DIVERGENCE_FACTOR, this.initialLoss + DIVERGENCE_MARGIN);
    if (loss <= threshold) {
      this.highStreak = 0;
      this.streakSum = 0;
      return { diverged: false };
    }
    this.highStreak++;
    this.streakSum += loss;
    if (this.highStreak < DIVERGED_AFTER_BATCHES) return { diverged: false };
    return { diverged: true, kind: 'stuck-high', initialLoss: this.initialLoss, loss: this.streakSum / this.highStreak, batches: this.highStreak };
  }
}

/**
 * What the person reads when a run diverged: what happened, then what to try. Losses and the
 * learning rate go as written here (`NaN`, `0.001`), not regrouped by a locale.
 */
export function divergenceText(verdict: Extract<DivergenceVerdict, { diverged: true }>, where: { epoch: number; batch: number; learningRate: number }): TrainingText {
  const place = { epoch: where.epoch, batch: where.batch, rate: String(where.learningRate) };
  if (verdict.kind === 'non-finite') return trainingText('divergedNonFinite', { loss: String(verdict.loss), ...place });
  return trainingText('divergedStuckHigh', { from: round(verdict.initialLoss), to: round(verdict.loss), batches: verdict.batches, ...place });
}

export function divergenceMessage(verdict: Extract<DivergenceVerdict, { diverged: true }>, where: { epoch: number; batch: number; learningRate: number }): string {
  return trainingMessage(divergenceText(verdict, where));
}

function round(value: number): string {
  return Number(value.toPrecision(3)).toString();
}
