import { describe, expect, it } from 'vitest';
import { DIVERGED_AFTER_BATCHES, DivergenceWatch, divergenceMessage } from './divergence';

function feed(watch: DivergenceWatch, losses: number[]) {
  return losses.map((l) => watch.observe(l));
}

describe('DivergenceWatch', () => {
  it('calls a NaN or infinite loss diverged at once', () => {
    expect(new DivergenceWatch().observe(NaN)).toMatchObject({ diverged: true, kind: 'non-finite' });
    const watch = new DivergenceWatch();
    watch.observe(0.7);
    expect(watch.observe(Infinity)).toMatchObject({ diverged: true, kind: 'non-finite', loss: Infinity });
  });

  it('calls a loss stuck far above its start diverged after a run of batches, not before', () => {
    const watch = new DivergenceWatch();
    const verdicts = feed(watch, [0.69, ...Array<number>(DIVERGED_AFTER_BATCHES).fill(8.19)]);
    expect(verdicts.slice(0, -1).every((v) => !v.diverged)).toBe(true);
    expect(verdicts.at(-1)).toEqual({ diverged: true, kind: 'stuck-high', initialLoss: 0.69, loss: 8.19, batches: DIVERGED_AFTER_BATCHES });
  });

  it('forgives a spike: one batch back under the bar starts the count again', () => {
    const watch = new DivergenceWatch();
    const high = Array<number>(DIVERGED_AFTER_BATCHES - 1).fill(9);
    const verdicts = feed(watch, [0.69, ...high, 0.5, ...high]);
    expect(verdicts.some((v) => v.diverged)).toBe(false);
  });

  it('does not judge a small starting loss on noise: the rise must also be large in absolute terms', () => {
    const watch = new DivergenceWatch();
    // 0.01 → 0.2 is 20× but only +0.19: a resumed, nearly trained model wobbling.
    const verdicts = feed(watch, [0.01, ...Array<number>(3 * DIVERGED_AFTER_BATCHES).fill(0.2)]);
    expect(verdicts.some((v) => v.diverged)).toBe(false);
  });

  it('words both cases with the advice', () => {
    const where = { epoch: 3, batch: 7, learningRate: 100 };
    expect(divergenceMessage({ diverged: true, kind: 'non-finite', loss: NaN }, where)).toBe(
      'the loss became NaN at epoch 3, batch 7 — training diverged; lower the learning rate (now 100) or normalize the features',
    );
    expect(divergenceMessage({ diverged: true, kind: 'stuck-high', initialLoss: 0.6931, loss: 8.193, batches: 30 }, where)).toBe(
      'the loss rose from 0.693 to about 8.19 and stayed there for 30 batches (up to epoch 3, batch 7) — training diverged; lower the learning rate (now 100) or normalize the features',
    );
  });
});
