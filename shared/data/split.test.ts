import { describe, expect, it } from 'vitest';
import { createRandom, splitIndices } from './dataset';
import { planSplit } from './split';

/**
 * The split a project trains on must not move when the code does: the same seed picks the same
 * validation and test rows as the first version (groups as JS arrays), kept here as the reference.
 */
function referencePlan(rows: Int32Array, classOf: Int32Array | null, options: { validationSplit: number; seed: number; testSplit?: number; stratify?: boolean }) {
  const n = rows.length;
  const testFraction = options.testSplit ?? 0;
  const testCount = testFraction > 0 && n >= 3 ? Math.min(n - 2, Math.max(1, Math.round(n * testFraction))) : 0;
  const kept = n - testCount;
  const positions = splitIndices(kept, options.validationSplit, options.seed);
  if (testCount === 0 && (positions.validation.length === 0 || !(options.stratify ?? true) || !classOf))
    return { order: Array.from(rows), trainPositions: Array.from(positions.train), test: [] };
  const groups = new Map<number, number[]>();
  const stratified = (options.stratify ?? true) && classOf !== null;
  for (let i = 0; i < n; i++) {
    const key = stratified ? classOf![rows[i]!]! : 0;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(rows[i]!);
  }
  const random = createRandom(options.seed ^ 0x5eed);
  const shuffled = [...groups.keys()].sort((a, b) => a - b).map((key) => {
    const values = groups.get(key)!;
    for (let i = values.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [values[i], values[j]] = [values[j]!, values[i]!];
    }
    return values;
  });
  const sizes = shuffled.map((g) => g.length);
  const allocate = (sizes: number[], total: number): number[] => {
    const sum = sizes.reduce((a, b) => a + b, 0);
    if (sum === 0 || total === 0) return sizes.map(() => 0);
    const exact = sizes.map((s) => (s * total) / sum);
    const quota = exact.map((e, g) => Math.min(sizes[g]!, Math.floor(e)));
    let left = total - quota.reduce((a, b) => a + b, 0);
    const byRemainder = exact.map((e, g) => ({ g, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.g - b.g);
    while (left > 0) {
      let given = false;
      for (const { g } of byRemainder) {
        if (left === 0) break;
        if (quota[g]! < sizes[g]!) {
          quota[g]!++;
          left--;
          given = true;
        }
      }
      if (!given) break;
    }
    return quota;
  };
  const testQuota = allocate(sizes, testCount);
  const validationQuota = allocate(sizes.map((s, g) => s - testQuota[g]!), positions.validation.length);
  const test: number[] = [];
  const validation: number[] = [];
  const train: number[] = [];
  shuffled.forEach((group, g) => group.forEach((row, i) => (i < testQuota[g]! ? test : i < testQuota[g]! + validationQuota[g]! ? validation : train).push(row)));
  const order = new Int32Array(kept);
  positions.train.forEach((p, k) => (order[p] = train[k]!));
  positions.validation.forEach((p, k) => (order[p] = validation[k]!));
  return { order: Array.from(order), trainPositions: Array.from(positions.train), test };
}

describe('planSplit', () => {
  it('picks the same rows as the reference for any classes, seed, validation and test share', () => {
    const random = createRandom(3);
    for (let trial = 0; trial < 200; trial++) {
      const n = 3 + Math.floor(random() * 300);
      const classes = 1 + Math.floor(random() * 5);
      const classOf = Int32Array.from({ length: n }, () => Math.floor(random() ** 2 * classes));
      const rows = Int32Array.from({ length: n }, (_, i) => i);
      const options = { validationSplit: [0, 0.1, 0.2, 0.5][trial % 4]!, seed: trial, testSplit: [0, 0, 0.15][trial % 3]!, stratify: trial % 5 !== 0 };
      const plan = planSplit(rows, classOf, options);
      expect({ order: Array.from(plan.order), trainPositions: Array.from(plan.trainPositions), test: Array.from(plan.test) }).toEqual(referencePlan(rows, classOf, options));
    }
  });
});
