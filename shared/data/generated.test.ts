import { describe, expect, it } from 'vitest';
import { describeReferenceFields } from './field-descriptions';
import { datasetFields } from './fields';
import { generateDataset, GRID_CENTRES, LINE_ENDS, RING_CENTRES, TWO_GAUSSIAN_CENTRES } from './generated';
import { GeneratedDatasetSchema, UNLABELLED_SETS } from './reference';
import { splitIndices } from './dataset';

const ref = (over: Record<string, unknown>) => GeneratedDatasetSchema.parse({ kind: 'generated', ...over });

describe('generateDataset', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateDataset(ref({ name: 'spirals', seed: 7 }));
    const b = generateDataset(ref({ name: 'spirals', seed: 7 }));
    const c = generateDataset(ref({ name: 'spirals', seed: 8 }));
    expect(a.x).toEqual(b.x);
    expect(a.x).not.toEqual(c.x);
  });

  it('labels XOR points by the sign product, one-hot or as an index', () => {
    const onehot = generateDataset(ref({ name: 'xor', samples: 200, noise: 0 }));
    expect(onehot.xShape).toEqual([200, 2]);
    expect(onehot.yShape).toEqual([200, 2]);
    const index = generateDataset(ref({ name: 'xor', samples: 200, noise: 0, labels: 'index' }));
    expect(index.yShape).toEqual([200, 1]);
    for (let i = 0; i < 200; i++) {
      const opposite = index.x[2 * i]! * index.x[2 * i + 1]! < 0 ? 1 : 0;
      expect(index.y[i]).toBe(opposite);
      expect(onehot.y[2 * i + opposite]).toBe(1);
      expect(onehot.y[2 * i + 1 - opposite]).toBe(0);
    }
    const ones = Array.from(index.y).filter((v) => v === 1).length;
    expect(ones).toBeGreaterThan(60);
    expect(ones).toBeLessThan(140);
  });

  it('puts circle classes at different radii and blob classes around their centres', () => {
    const circles = generateDataset(ref({ name: 'circles', samples: 300, noise: 0, labels: 'index' }));
    for (let i = 0; i < 300; i++) {
      const r = Math.hypot(circles.x[2 * i]!, circles.x[2 * i + 1]!);
      if (circles.y[i] === 0) expect(r).toBeLessThanOrEqual(0.5);
      else expect(r).toBeGreaterThanOrEqual(0.7);
    }
    const blobs = generateDataset(ref({ name: 'blobs', samples: 400, classes: 4, noise: 0 }));
    expect(blobs.yShape).toEqual([400, 4]);
    expect(blobs.classNames).toHaveLength(4);
    const meanX = [0, 0, 0, 0];
    for (let i = 0; i < 400; i++) meanX[i % 4]! += blobs.x[2 * i]! / 100;
    expect(meanX[0]).toBeCloseTo(0.7, 1);
    expect(meanX[2]).toBeCloseTo(-0.7, 1);
  });

  it('makes one spiral arm per class', () => {
    const spirals = generateDataset(ref({ name: 'spirals', samples: 300, classes: 3, labels: 'index' }));
    expect(new Set(spirals.y)).toEqual(new Set([0, 1, 2]));
  });
});

describe('splitIndices', () => {
  it('splits a seeded permutation, the last fraction validating', () => {
    const { train, validation } = splitIndices(10, 0.2, 3);
    expect(train).toHaveLength(8);
    expect(validation).toHaveLength(2);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(splitIndices(10, 0.2, 3)).toEqual({ train, validation });
    expect(splitIndices(10, 0, 3).validation).toHaveLength(0);
  });
});

/** Per centre: how many points are nearest it, their mean and their standard deviation along x and y. */
function clusterStats(x: Float32Array, centres: [number, number][]) {
  const stats = centres.map(() => ({ count: 0, sx: 0, sy: 0, sxx: 0, syy: 0 }));
  for (let i = 0; i < x.length / 2; i++) {
    const px = x[2 * i]!;
    const py = x[2 * i + 1]!;
    let best = 0;
    centres.forEach(([cx, cy], k) => {
      if (Math.hypot(px - cx, py - cy) < Math.hypot(px - centres[best]![0], py - centres[best]![1])) best = k;
    });
    const s = stats[best]!;
    s.count++;
    s.sx += px;
    s.sy += py;
    s.sxx += px * px;
    s.syy += py * py;
  }
  return stats.map((s) => {
    const mx = s.sx / s.count;
    const my = s.sy / s.count;
    return { count: s.count, mean: [mx, my], std: [Math.sqrt(s.sxx / s.count - mx * mx), Math.sqrt(s.syy / s.count - my * my)] };
  });
}

describe('the unlabelled 2-D sets (a GAN’s real samples)', () => {
  it('have points x [N, 2] and no labels: y [N, 0], no classes, and no field y to learn', () => {
    for (const name of UNLABELLED_SETS) {
      const reference = ref({ name, samples: 100 });
      const data = generateDataset(reference);
      expect([data.xShape, data.yShape, data.y.length, data.classNames]).toEqual([[100, 2], [100, 0], 0, []]);
      expect(Array.from(data.x).every(Number.isFinite)).toBe(true);
      expect(Object.keys(datasetFields(data))).toEqual(['x']);
      expect(describeReferenceFields(reference)).toEqual({ x: { shape: [2], kind: 'features' } });
      expect(generateDataset(reference).x).toEqual(data.x);
      expect(generateDataset(ref({ name, samples: 100, seed: 2 })).x).not.toEqual(data.x);
    }
    // The labelled sets keep their y.
    expect(Object.keys(datasetFields(generateDataset(ref({ name: 'xor' }))))).toEqual(['x', 'y']);
  });

  it('ring: eight gaussians on a circle of radius 0.7, an eighth of the points each, spread by the noise', () => {
    const data = generateDataset(ref({ name: 'ring', samples: 8000, noise: 0.05 }));
    expect(RING_CENTRES[0]).toEqual([0.7, 0]);
    expect(RING_CENTRES[2]![1]).toBeCloseTo(0.7, 12);
    for (const { count, mean, std } of clusterStats(data.x, RING_CENTRES)) {
      expect(count).toBe(1000);
      expect(Math.hypot(mean[0]!, mean[1]!)).toBeCloseTo(0.7, 2);
      for (const s of std) expect(Math.abs(s - 0.05)).toBeLessThan(0.005);
    }
    // Noise 0: every point on a centre.
    const exact = generateDataset(ref({ name: 'ring', samples: 16, noise: 0 }));
    for (let i = 0; i < 16; i++) expect([exact.x[2 * i], exact.x[2 * i + 1]]).toEqual(RING_CENTRES[i % 8]!.map(Math.fround));
  });

  it('grid: 25 gaussians 0.4 apart from −0.8 to 0.8, and two-gaussians: two at (±0.5, 0), each its share', () => {
    const grid = clusterStats(generateDataset(ref({ name: 'grid', samples: 5000, noise: 0.04 })).x, GRID_CENTRES);
    expect(new Set(GRID_CENTRES.map(([x]) => x.toFixed(2)))).toEqual(new Set(['-0.80', '-0.40', '0.00', '0.40', '0.80']));
    grid.forEach(({ count, mean }, k) => {
      expect(count).toBe(200);
      expect(Math.abs(mean[0]! - GRID_CENTRES[k]![0])).toBeLessThan(0.01);
      expect(Math.abs(mean[1]! - GRID_CENTRES[k]![1])).toBeLessThan(0.01);
    });
    const two = clusterStats(generateDataset(ref({ name: 'two-gaussians', samples: 4000, noise: 0.1 })).x, TWO_GAUSSIAN_CENTRES);
    two.forEach(({ count, mean, std }, k) => {
      expect(count).toBe(2000);
      expect(Math.abs(mean[0]! - TWO_GAUSSIAN_CENTRES[k]![0])).toBeLessThan(0.01);
      expect(Math.abs(mean[1]!)).toBeLessThan(0.01);
      for (const s of std) expect(Math.abs(s - 0.1)).toBeLessThan(0.01);
    });
  });

  it('line: points spread evenly along the segment from (−0.8, −0.4) to (0.8, 0.4)', () => {
    const data = generateDataset(ref({ name: 'line', samples: 4000, noise: 0 }));
    const xs = Array.from({ length: 4000 }, (_, i) => data.x[2 * i]!);
    for (let i = 0; i < 4000; i++) expect(data.x[2 * i + 1]).toBeCloseTo(xs[i]! / 2, 6);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(LINE_ENDS[0][0]);
    expect(Math.max(...xs)).toBeLessThanOrEqual(LINE_ENDS[1][0]);
    // Uniform on [−0.8, 0.8]: mean 0, variance 1.6² / 12.
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(variance).toBeCloseTo(1.6 ** 2 / 12, 2);
  });

});
