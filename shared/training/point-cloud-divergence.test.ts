import { describe, expect, it } from 'vitest';
import { createRandom, gaussian } from '../data/dataset';
import { generateDataset } from '../data/generated';
import { GeneratedDatasetSchema } from '../data/reference';
import { EMPTY_CELL_PROBABILITY, GRID_CELLS, gridBoundsOf, histogram2d, jsDivergence, klDivergence, pointCloudDivergence } from './point-cloud-divergence';

/** n points of a gaussian blob around (cx, cy), flat x, y pairs. */
function blob(n: number, cx: number, cy: number, spread: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const points = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    points[2 * i] = cx + spread * gaussian(random);
    points[2 * i + 1] = cy + spread * gaussian(random);
  }
  return points;
}

describe('the histogram grid', () => {
  it('spans the real points; an axis where they agree gets a width of 1', () => {
    expect(gridBoundsOf([0, 2, -1, 5, 3, 4])).toEqual({ minX: -1, maxX: 3, minY: 2, maxY: 5 });
    expect(gridBoundsOf([1, 7, 1, 9])).toEqual({ minX: 0.5, maxX: 1.5, minY: 7, maxY: 9 });
    expect(() => gridBoundsOf([])).toThrow(/there are none/);
    expect(() => gridBoundsOf([0, NaN])).toThrow(/point 1 is not finite/);
  });

  it('counts each point in its cell, row by row (y), the maximum in the last cell, and sums to 1', () => {
    const bounds = { minX: 0, maxX: 1, minY: 0, maxY: 1 };
    // Cells of 2×2: (0.2, 0.7) is column 0, row 1 → cell 2; (1, 1) falls on the upper edge → cell 3.
    const h = histogram2d([0.2, 0.7, 1, 1, 0.9, 0.1, 0.6, 0.4], bounds, 2);
    const scale = 1 + 4 * EMPTY_CELL_PROBABILITY;
    expect(Array.from(h)).toEqual([0, 0.5, 0.25, 0.25].map((p) => (p + EMPTY_CELL_PROBABILITY) / scale));
    expect(h.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(histogram2d(blob(500, 0, 0, 1, 3), gridBoundsOf(blob(500, 0, 0, 1, 3)))).toHaveLength(GRID_CELLS * GRID_CELLS);
  });

  it('counts a point beyond the grid in the nearest border cell and leaves out points that are not finite', () => {
    const bounds = { minX: 0, maxX: 1, minY: 0, maxY: 1 };
    const h = histogram2d([-5, 0.2, 0.3, 40, NaN, 0.5, 0.5, Infinity], bounds, 2);
    const scale = 1 + 4 * EMPTY_CELL_PROBABILITY;
    expect(Array.from(h)).toEqual([0.5, 0, 0.5, 0].map((p) => (p + EMPTY_CELL_PROBABILITY) / scale));
    // Nothing left to count: every cell the same, so a NaN generator is as far from the real points as a uniform one.
    expect(Array.from(histogram2d([NaN, NaN], bounds, 2)).every((p) => Math.abs(p - 0.25) < 1e-9)).toBe(true);
  });
});

describe('KL and JS divergence between a real and a fake point cloud', () => {
  it('are 0 for the same points', () => {
    const real = blob(1000, 0.3, -0.2, 0.4, 1);
    expect(pointCloudDivergence(real, real)).toEqual({ kl: 0, js: 0 });
  });

  it('give JS = ln 2 for clouds with no cell in common, and a KL that the empty-cell probability bounds', () => {
    // Real points on the unit circle leave the grid's corner cells empty; the fake ones, far beyond the range, all land in one.
    const real = Float32Array.from({ length: 2000 }, (_, k) => (k % 2 ? Math.sin : Math.cos)((2 * Math.PI * Math.floor(k / 2)) / 1000));
    const fake = blob(1000, 50, 50, 0.1, 2);
    const { kl, js } = pointCloudDivergence(real, fake);
    expect(js).toBeCloseTo(Math.LN2, 6);
    // Every real cell is missed: KL = Σ p ln(p / ε') with ε' the (renormalized) empty-cell share, so about ln(1/ε) − H(p).
    expect(kl).toBeGreaterThan(Math.log(1 / EMPTY_CELL_PROBABILITY) - Math.log(GRID_CELLS * GRID_CELLS));
    expect(kl).toBeLessThan(Math.log(1 / EMPTY_CELL_PROBABILITY));
  });

  it('match the values worked by hand on a 2 × 2 grid', () => {
    // Real: one point in cell 0, one in cell 3 → p = (½, 0, 0, ½). Fake: three in cell 0, one in cell 3 → q = (¾, 0, 0, ¼).
    const real = [0, 0, 1, 1];
    const fake = [0, 0, 0.1, 0.1, 0.2, 0.2, 0.9, 0.9];
    const { kl, js } = pointCloudDivergence(real, fake, 2);
    // KL(p‖q) = ½ ln(½ / ¾) + ½ ln(½ / ¼) = ½ ln(4/3).
    expect(kl).toBeCloseTo(0.5 * Math.log(4 / 3), 8);
    // m = (5/8, 0, 0, 3/8): JS = ½ [½ ln(4/5) + ½ ln(4/3)] + ½ [¾ ln(6/5) + ¼ ln(2/3)].
    const expectedJs = 0.5 * (0.5 * Math.log(0.8) + 0.5 * Math.log(4 / 3)) + 0.5 * (0.75 * Math.log(1.2) + 0.25 * Math.log(2 / 3));
    expect(js).toBeCloseTo(expectedJs, 8);
    expect(expectedJs).toBeCloseTo(0.03382, 5);
  });

  it('fall as a fake cloud moves onto the real one, and JS is symmetric where KL is not', () => {
    const real = blob(2000, 0, 0, 0.3, 1);
    const js = [1.2, 0.6, 0.2, 0].map((shift) => pointCloudDivergence(real, blob(2000, shift, 0, 0.3, 2)).js);
    for (let i = 1; i < js.length; i++) expect(js[i]!).toBeLessThan(js[i - 1]!);
    // Two independent draws of the same blob still differ cell by cell (2,000 points over 900 cells): the floor a GAN can reach.
    expect(js[3]!).toBeLessThan(0.1);
    expect(js[0]!).toBeGreaterThan(0.5);

    const p = [0.7, 0.2, 0.1];
    const q = [0.2, 0.3, 0.5];
    expect(jsDivergence(p, q)).toBeCloseTo(jsDivergence(q, p), 12);
    expect(klDivergence(p, q)).not.toBeCloseTo(klDivergence(q, p), 3);
    expect(() => klDivergence([1], [0.5, 0.5])).toThrow(/1 and 2 cells/);
  });

  it('tell GAN Lab’s sets apart: two draws of the ring are close, the ring and the grid are not', () => {
    const ring = generateDataset(GeneratedDatasetSchema.parse({ kind: 'generated', name: 'ring', samples: 2000, noise: 0.05 })).x;
    const otherDraw = generateDataset(GeneratedDatasetSchema.parse({ kind: 'generated', name: 'ring', samples: 2000, noise: 0.05, seed: 9 })).x;
    const grid = generateDataset(GeneratedDatasetSchema.parse({ kind: 'generated', name: 'grid', samples: 2000, noise: 0.05 })).x;
    const same = pointCloudDivergence(ring, otherDraw).js;
    const different = pointCloudDivergence(ring, grid).js;
    expect(same).toBeLessThan(0.15);
    expect(different).toBeGreaterThan(3 * same);
  });
});
