import { describe, expect, it } from 'vitest';
import { generateDataset } from './generated';
import { GeneratedDatasetSchema } from './reference';
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
