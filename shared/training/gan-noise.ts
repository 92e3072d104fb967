import { createRandom, gaussian } from '../data/dataset';
import type { NoiseDistribution } from '../graph/training-config';

/**
 * The generator's noise, identical in the tfjs loop and the exported train.py (which mirrors
 * these functions value for value):
 *
 * - Training noise: one stream, `createRandom(seed + 1)` (mulberry32 of shared/data/dataset.ts),
 *   drawn in the order the loop uses it. Each iteration takes one real batch of b samples (b is
 *   that batch's size: the last batch of an epoch may be smaller than batchSize), then
 *     for each of the k_D discriminator steps: b × noiseSize values (one fresh fake batch),
 *     for each of the k_G generator steps:     b × noiseSize values,
 *   each block row-major (sample by sample, the noise values of one sample in a row), epoch
 *   after epoch with no reset. Nothing else draws from this stream.
 * - A value: `normal` is gaussian(random) (Box–Muller on two uniforms: u = 1 − random(),
 *   v = random(), √(−2 ln u)·cos(2πv); two uniforms per value, the sine is not kept), `uniform` is
 *   2·random() − 1.
 * - The fixed sample noise: `createRandom(seed + 2)`, SAMPLE_NOISE_ROWS rows of noiseSize values
 *   drawn once at the start, the same way; the gan-samples events show G of these rows.
 * - What the 2-D views and the per-epoch divergence look at comes from a third stream,
 *   `createRandom(seed + 3)` (see viewNoise), so watching never changes what trains.
 */

/** Rows of the fixed sample noise (the views show the first 16 by default). */
export const SAMPLE_NOISE_ROWS = 64;

/** One noise value of `distribution` from the uniform source `random`. */
export function noiseValue(random: () => number, distribution: NoiseDistribution): number {
  return distribution === 'normal' ? gaussian(random) : 2 * random() - 1;
}

/** `rows` × `size` noise values, row-major, drawn from `random` in order. */
export function drawNoise(random: () => number, distribution: NoiseDistribution, rows: number, size: number): Float32Array {
  const values = new Float32Array(rows * size);
  for (let i = 0; i < values.length; i++) values[i] = noiseValue(random, distribution);
  return values;
}

/** The training noise of a run: call it with each batch size in the loop's order (see the module comment). */
export function trainingNoise(seed: number, distribution: NoiseDistribution, size: number): (rows: number) => Float32Array {
  const random = createRandom(seed + 1);
  return (rows) => drawNoise(random, distribution, rows, size);
}

/** The fixed noise the samples of every epoch are drawn from. */
export function sampleNoise(seed: number, distribution: NoiseDistribution, size: number, rows: number = SAMPLE_NOISE_ROWS): Float32Array {
  return drawNoise(createRandom(seed + 2), distribution, rows, size);
}

/** Noise for what is shown rather than trained (the 2-D views, the divergence of an epoch). */
export function viewNoise(seed: number, distribution: NoiseDistribution, size: number): (rows: number) => Float32Array {
  const random = createRandom(seed + 3);
  return (rows) => drawNoise(random, distribution, rows, size);
}

/** Number of values of one noise sample of shape `shape` (the generator Input's, without the batch axis). */
export function noiseSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
