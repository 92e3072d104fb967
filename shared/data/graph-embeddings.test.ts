import { describe, expect, it } from 'vitest';
import { createRandom, gaussian } from './dataset';
import { principalComponents2d } from './graph-embeddings';

describe('principalComponents2d', () => {
  it('finds the directions of largest spread and says how much each carries', () => {
    // Points spread 3 along (1, 1, 0)/√2, 1 along (0, 0, 1) and 0.1 along (1, −1, 0)/√2.
    const random = createRandom(5);
    const n = 2000;
    const rows = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      const [a, b, c] = [3 * gaussian(random), gaussian(random), 0.1 * gaussian(random)];
      rows.set([(a + c) / Math.SQRT2 + 10, (a - c) / Math.SQRT2 - 4, b], i * 3);
    }
    const { coordinates, explained } = principalComponents2d(rows, n, 3);
    expect(explained[0]).toBeCloseTo(9 / 10.01, 1);
    expect(explained[1]).toBeCloseTo(1 / 10.01, 1);
    // The first coordinate is (up to sign) the centred projection on (1, 1, 0)/√2.
    let dot = 0;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const projection = (rows[i * 3]! - 10 + rows[i * 3 + 1]! + 4) / Math.SQRT2;
      dot += projection * coordinates[i * 2]!;
      norm += projection * projection;
    }
    expect(Math.abs(dot / norm)).toBeCloseTo(1, 2);
  });

  it('handles a single column and constant rows', () => {
    expect(principalComponents2d(Float32Array.from([1, 2, 3]), 3, 1).explained).toEqual([1, 0]);
    expect(principalComponents2d(new Float32Array(6).fill(2), 3, 2).explained).toEqual([0, 0]);
  });
});
