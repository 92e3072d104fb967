import { createRandom } from '../data/dataset';

/**
 * tfjs draws its initializer and dropout seeds from Math.random when a layer is given none.
 * Replacing it with a seeded generator makes a run reproducible from the training config's
 * seed without touching every layer. Returns a function that puts the original back.
 */
export function seedMathRandom(seed: number): () => void {
  const original = Math.random;
  Math.random = createRandom(seed ^ 0x5eed);
  return () => {
    Math.random = original;
  };
}

/** Runs `fn` with Math.random seeded, e.g. to build a model with reproducible initial weights. */
export function withSeededRandom<T>(seed: number, fn: () => T): T {
  const restore = seedMathRandom(seed);
  try {
    return fn();
  } finally {
    restore();
  }
}
