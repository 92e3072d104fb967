import { describe, expect, it } from 'vitest';
import { createRandom, gaussian } from '../data/dataset';
import { drawNoise, noiseSize, SAMPLE_NOISE_ROWS, sampleNoise, trainingNoise, viewNoise } from './gan-noise';

describe('the GAN noise both engines draw', () => {
  it('draws the training noise from createRandom(seed + 1), Box–Muller for normal, in the order asked', () => {
    const draw = trainingNoise(42, 'normal', 3);
    const first = draw(2);
    const second = draw(1);
    const random = createRandom(43);
    const expected = Array.from({ length: 9 }, () => gaussian(random));
    expect(Array.from(first)).toEqual(Array.from(Float32Array.from(expected.slice(0, 6))));
    expect(Array.from(second)).toEqual(Array.from(Float32Array.from(expected.slice(6))));
  });

  it('repeats for a seed: one call of 4 rows is two calls of 2', () => {
    const once = trainingNoise(7, 'uniform', 5)(4);
    const split = trainingNoise(7, 'uniform', 5);
    expect([...split(2), ...split(2)]).toEqual([...once]);
    expect(trainingNoise(8, 'uniform', 5)(4)).not.toEqual(once);
  });

  it('draws uniform noise as 2·random() − 1, within (−1, 1)', () => {
    const random = createRandom(2);
    const values = trainingNoise(1, 'uniform', 1000)(1);
    expect(values[0]).toBeCloseTo(2 * random() - 1, 6);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...values)).toBeLessThan(1);
    // Roughly centred and spread as U(−1, 1): variance 1/3.
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
  });

  it('keeps the fixed sample noise and the views\' noise apart from the training stream', () => {
    const fixed = sampleNoise(5, 'normal', 4);
    expect(fixed).toHaveLength(SAMPLE_NOISE_ROWS * 4);
    expect(fixed).toEqual(drawNoise(createRandom(7), 'normal', SAMPLE_NOISE_ROWS, 4));
    expect(sampleNoise(5, 'normal', 4)).toEqual(fixed);
    expect(viewNoise(5, 'normal', 4)(2)).toEqual(drawNoise(createRandom(8), 'normal', 2, 4));
    expect(trainingNoise(5, 'normal', 4)(2)).not.toEqual(fixed.slice(0, 8));
  });

  it('sizes a noise sample by its shape', () => {
    expect(noiseSize([100])).toBe(100);
    expect(noiseSize([1, 1, 64])).toBe(64);
  });
});
