import { createRandom, splitIndices } from './dataset';

export interface SplitOptions {
  /** The training config's validation fraction and seed. */
  validationSplit: number;
  seed: number;
  /** Held out of training entirely. */
  testSplit?: number;
  /** Keep every class's share in each split; only used when classes are given. */
  stratify?: boolean;
}

export interface SplitPlan {
  /**
   * The rows (of the source) that make the training dataset, in the order it must hold them:
   * the training loop and the evaluation take `splitIndices(order.length, validationSplit, seed)`
   * as their split, so the rows chosen for validation are placed at the positions that call
   * names. That keeps one split function for every kind of data, stratified or not.
   */
  order: Int32Array;
  /** Positions in `order` that train; normalization and imputation are fitted on these only. */
  trainPositions: Int32Array;
  /** Source rows held out as the test set. */
  test: Int32Array;
}

/** Rows → training / validation / test, seeded, stratified by class when asked. */
export function planSplit(rows: Int32Array, classOf: Int32Array | null, options: SplitOptions): SplitPlan {
  const n = rows.length;
  const testFraction = options.testSplit ?? 0;
  const testCount = testFraction > 0 && n >= 3 ? Math.min(n - 2, Math.max(1, Math.round(n * testFraction))) : 0;
  const kept = n - testCount;
  const positions = splitIndices(kept, options.validationSplit, options.seed);
  const validationCount = positions.validation.length;
  if (testCount === 0 && (validationCount === 0 || !(options.stratify ?? true) || !classOf))
    return { order: rows, trainPositions: positions.train, test: new Int32Array(0) };

  // Each group (a class, or all rows) is shuffled; the test and validation quotas are taken
  // from its front, so every split keeps the group's share up to rounding. The groups sit side
  // by side in one typed array, in class order: a million rows make no JS arrays to collect.
  const stratified = (options.stratify ?? true) && classOf !== null;
  const present = new Set<number>();
  if (stratified) for (let i = 0; i < n; i++) present.add(classOf![rows[i]!]!);
  const keys = stratified ? [...present].sort((a, b) => a - b) : [0];
  const groupOf = new Map(keys.map((key, g) => [key, g]));
  const sizes = keys.map(() => 0);
  const groupIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) sizes[(groupIndex[i] = stratified ? groupOf.get(classOf![rows[i]!]!)! : 0)]!++;
  const starts = sizes.map((_, g) => sizes.slice(0, g).reduce((a, b) => a + b, 0));
  const grouped = new Int32Array(n);
  const filled = starts.slice();
  for (let i = 0; i < n; i++) grouped[filled[groupIndex[i]!]!++] = rows[i]!;
  const random = createRandom(options.seed ^ 0x5eed);
  sizes.forEach((size, g) => shuffle(grouped.subarray(starts[g]!, starts[g]! + size), random));
  const testQuota = allocate(sizes, testCount);
  const validationQuota = allocate(
    sizes.map((s, g) => s - testQuota[g]!),
    validationCount,
  );
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const test = new Int32Array(sum(testQuota));
  const validation = new Int32Array(sum(validationQuota));
  const train = new Int32Array(n - test.length - validation.length);
  let t = 0;
  let v = 0;
  let r = 0;
  sizes.forEach((size, g) => {
    const group = grouped.subarray(starts[g]!, starts[g]! + size);
    const inTest = testQuota[g]!;
    const inValidation = inTest + validationQuota[g]!;
    for (let i = 0; i < size; i++) {
      if (i < inTest) test[t++] = group[i]!;
      else if (i < inValidation) validation[v++] = group[i]!;
      else train[r++] = group[i]!;
    }
  });
  const order = new Int32Array(kept);
  const { train: trainPositions, validation: validationPositions } = positions;
  for (let k = 0; k < trainPositions.length; k++) order[trainPositions[k]!] = train[k]!;
  for (let k = 0; k < validationPositions.length; k++) order[validationPositions[k]!] = validation[k]!;
  return { order, trainPositions, test };
}

function shuffle(values: Int32Array, random: () => number): Int32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = values[i]!;
    values[i] = values[j]!;
    values[j] = t;
  }
  return values;
}

/** `total` shared out in proportion to `sizes` (largest remainder), never more than a group has. */
function allocate(sizes: number[], total: number): number[] {
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
}

/** The rows of a row-major array, in the given order. */
export function gatherRows(source: Float32Array, width: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (let i = 0; i < rows.length; i++) out.set(source.subarray(rows[i]! * width, (rows[i]! + 1) * width), i * width);
  return out;
}
