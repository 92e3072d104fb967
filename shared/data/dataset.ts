import type { DatasetField } from './fields';

/**
 * A dataset in memory, as plain typed arrays so it can be built and tested without tfjs
 * and turned into tensors once by the training loop. Row-major; the first axis of both
 * shapes is the sample.
 */
export interface Dataset {
  x: Float32Array;
  xShape: number[];
  y: Float32Array;
  yShape: number[];
  /** Feature names (CSV columns, or `x0`, `x1` for generated sets). */
  featureNames: string[];
  /** Class names in label-index order; empty for a regression target. */
  classNames: string[];
  /** How the features were normalized, so a prediction can apply the same. */
  normalization?: FeatureNormalization;
  /**
   * Further named fields (a mask, a decoder's input, every label column of a table), and
   * `x` / `y` described more precisely than their shapes say: see fields.ts.
   */
  fields?: Record<string, DatasetField>;
  /** Samples held out of training (the reference's `testSplit`), prepared the same way. */
  test?: { x: Float32Array; y: Float32Array; count: number };
}

/** x' = (x - offset) / scale, per feature. */
export interface FeatureNormalization {
  mode: 'standardize' | 'minmax';
  offset: number[];
  scale: number[];
}

export function sampleCount(data: Pick<Dataset, 'xShape'>): number {
  return data.xShape[0] ?? 0;
}

/**
 * A small, fast, seedable PRNG (mulberry32). Datasets and shuffles must be identical on
 * every machine and in every process for a given seed; Math.random cannot be seeded.
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box–Muller) from a uniform source. */
export function gaussian(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Fisher–Yates shuffle of 0..count-1 with the given seed. */
export function shuffledIndices(count: number, seed: number): Int32Array {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  const random = createRandom(seed);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/**
 * The rows of the training and validation splits: a seeded shuffle, then the last
 * `validationSplit` fraction validates. The CSV loader fits normalization on the same
 * training rows the training loop uses, because both call this with the same arguments.
 */
/** Samples of `count` that go to validation: a fraction rounded, at least one and never all. */
export function validationSize(count: number, validationSplit: number): number {
  return validationSplit > 0 ? Math.max(0, Math.min(count - 1, Math.max(1, Math.round(count * validationSplit)))) : 0;
}

export function splitIndices(
  count: number,
  validationSplit: number,
  seed: number,
): { train: Int32Array; validation: Int32Array } {
  const order = shuffledIndices(count, seed);
  const trainCount = count - validationSize(count, validationSplit);
  return { train: order.slice(0, trainCount), validation: order.slice(trainCount) };
}
