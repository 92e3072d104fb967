import * as tf from '@tensorflow/tfjs';
import type { GanAdvice } from './protocol';
import { GAN_MANIFOLD_GRID, GAN_PLANE_GRID, type GanPlaneEvent, type GanSamplesEvent, type MetricLogs, type SampleImage } from './protocol';
import { adversarialLosses } from './adversarial-losses';
import type { GanModels } from '../compile/gan-models';
import type { GanRoles } from '../graph/gan';
import type { GanConfig } from '../graph/training-config';
import { noiseSize, sampleNoise, viewNoise } from './gan-noise';
import { gridBoundsOf, pointCloudDivergence } from './point-cloud-divergence';
import type { ProgressEvent } from './loop';
import { encodeImage, imageRange } from './sample-image';

/**
 * What a student watches of a GAN while it trains, computed between iterations with both
 * networks in inference mode (what trains is never touched, and its noise stream neither):
 * - samples of the fixed noise batch (gan-noise.ts sampleNoise), before the first step and
 *   after every epoch;
 * - for 2-D samples, GAN Lab's plane (gan-plane) after every epoch and at most once a second
 *   between, and each epoch's KL / JS divergence between 2,000 fresh fakes and the real set;
 * - advice when D wins outright or the samples collapse (gan-advice).
 */

/** Points of each cloud drawn on the plane. */
export const PLANE_POINTS = 300;
/** Fresh fakes an epoch's divergence is measured on. */
export const DIVERGENCE_POINTS = 2000;
/** The plane spans the real points' range widened by this share of it on each side. */
export const PLANE_MARGIN = 0.1;
/** Shortest time between two planes inside an epoch. */
export const PLANE_INTERVAL_MS = 1000;
/** "D wins": an epoch whose d_loss and d_fake are both below this. */
export const DISCRIMINATOR_WINS_BELOW = 0.05;
/** "Collapsed": the fixed-noise samples spread less than this share of the real samples' spread. */
export const COLLAPSED_SPREAD = 0.1;
/** Real samples whose spread the samples' is compared with. */
const SPREAD_SAMPLES = 64;

export interface GanWatch {
  /** gan-samples, and for 2-D samples gan-plane, of the networks as they are now. */
  show(epoch: number, step: number): void;
  /** gan-plane of a 2-D GAN now (a paused run's single step). */
  showPlane(epoch: number, step: number): void;
  /** gan-plane of a 2-D GAN, unless one went out less than a second ago. */
  showPlaneEverySecond(epoch: number, step: number): void;
  /** `kl_divergence` / `js_divergence` of a 2-D GAN now; nothing for other samples. */
  divergence(): MetricLogs;
  /** gan-advice for what an epoch shows, once each time a condition starts to hold. */
  advise(epoch: number, logs: MetricLogs): void;
  dispose(): void;
}

export interface RealSamples {
  values: Float32Array;
  count: number;
}

/** Mean Euclidean distance between every two of `count` rows of `width` values. */
export function meanPairwiseDistance(values: ArrayLike<number>, count: number, width: number): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < count; i++)
    for (let j = i + 1; j < count; j++) {
      let d = 0;
      for (let k = 0; k < width; k++) {
        const diff = values[i * width + k]! - values[j * width + k]!;
        d += diff * diff;
      }
      sum += Math.sqrt(d);
      pairs++;
    }
  return pairs ? sum / pairs : 0;
}

/** `count` rows of `width` values spread evenly over the `total` rows of `values`. */
function strided(values: Float32Array, total: number, width: number, count: number): Float32Array {
  if (total <= count) return values.slice(0, total * width);
  const out = new Float32Array(count * width);
  for (let i = 0; i < count; i++) {
    const row = Math.floor((i * total) / count);
    out.set(values.subarray(row * width, (row + 1) * width), i * width);
  }
  return out;
}

function pairs(values: ArrayLike<number>): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < values.length; i += 2) out.push([values[i]!, values[i + 1]!]);
  return out;
}

const ADVICE_TEXT: Record<GanAdvice, (detail: string) => string> = {
  'discriminator-wins': (detail) =>
    `the discriminator tells every fake from the real samples (${detail}), so the generator has no gradient to learn from: lower the discriminator's learning rate, give it fewer steps or fewer units, or add label smoothing`,
  'mode-collapse': (detail) =>
    `the generator's samples are nearly all alike (${detail}): it has collapsed onto a few outputs — lower the generator's learning rate, give the discriminator more steps, or try the least-squares loss`,
};

export function ganWatch(
  { models, roles, gan }: { models: GanModels; roles: GanRoles; gan: GanConfig },
  real: RealSamples,
  seed: number,
  { emit, backend }: { emit: (event: ProgressEvent) => void; backend: string },
): GanWatch {
  const { generator, discriminator } = models;
  const size = noiseSize(roles.noiseShape);
  const noiseTensor = (values: Float32Array) => tf.tensor(values, [values.length / size, ...roles.noiseShape]);
  const fixedNoise = noiseTensor(sampleNoise(seed, gan.noise, size));
  const drawViewNoise = viewNoise(seed, gan.noise, size);
  const realWidth = real.count ? real.values.length / real.count : 0;
  const planar = roles.sampleShape.length === 1 && roles.sampleShape[0] === 2 && realWidth === 2;
  const realSpread = meanPairwiseDistance(strided(real.values, real.count, realWidth, SPREAD_SAMPLES), Math.min(real.count, SPREAD_SAMPLES), realWidth);
  const losses = adversarialLosses({ loss: gan.loss, ends: roles.discriminatorEnds, labelSmoothing: gan.labelSmoothing });
  const probability = (scores: tf.Tensor) => (roles.discriminatorEnds === 'logit' ? tf.sigmoid(scores) : scores);

  // Pictures on the real pictures' scale (0..1, or −1..1 for a tanh generator's) while they keep within it, so epochs compare.
  let pictureRange: [number, number] | null = null;
  let latestSamples: { values: Float32Array; count: number; width: number } | null = null;
  const adviceHolds = new Set<GanAdvice>();
  let lastPlaneAt = 0;

  const plane = planar ? planeParts() : null;

  function planeParts() {
    const grid = gridBoundsOf(real.values);
    const marginX = (grid.maxX - grid.minX) * PLANE_MARGIN;
    const marginY = (grid.maxY - grid.minY) * PLANE_MARGIN;
    const bounds = { xMin: grid.minX - marginX, xMax: grid.maxX + marginX, yMin: grid.minY - marginY, yMax: grid.maxY + marginY };
    const cells = new Float32Array(GAN_PLANE_GRID * GAN_PLANE_GRID * 2);
    for (let row = 0; row < GAN_PLANE_GRID; row++)
      for (let column = 0; column < GAN_PLANE_GRID; column++) {
        const i = (row * GAN_PLANE_GRID + column) * 2;
        cells[i] = bounds.xMin + ((column + 0.5) / GAN_PLANE_GRID) * (bounds.xMax - bounds.xMin);
        cells[i + 1] = bounds.yMin + ((row + 0.5) / GAN_PLANE_GRID) * (bounds.yMax - bounds.yMin);
      }
    // The noise's first two values swept over where most of it lies (±2σ, or the whole of U(−1, 1)), the rest 0.
    const reach = gan.noise === 'normal' ? 2 : 1;
    const manifoldNoise = new Float32Array(GAN_MANIFOLD_GRID * GAN_MANIFOLD_GRID * size);
    for (let row = 0; row < GAN_MANIFOLD_GRID; row++)
      for (let column = 0; column < GAN_MANIFOLD_GRID; column++) {
        const i = (row * GAN_MANIFOLD_GRID + column) * size;
        manifoldNoise[i] = -reach + (2 * reach * column) / (GAN_MANIFOLD_GRID - 1);
        if (size > 1) manifoldNoise[i + 1] = -reach + (2 * reach * row) / (GAN_MANIFOLD_GRID - 1);
      }
    return {
      bounds,
      realPoints: pairs(strided(real.values, real.count, 2, PLANE_POINTS)),
      cells: tf.tensor2d(cells, [GAN_PLANE_GRID * GAN_PLANE_GRID, 2]),
      manifoldNoise: noiseTensor(manifoldNoise),
      // The same fakes all run, so the student sees each point move.
      fakeNoise: noiseTensor(drawViewNoise(PLANE_POINTS)),
    };
  }

  function emitPlane(epoch: number, step: number) {
    if (!plane) return;
    lastPlaneAt = Date.now();
    const [fake, gradients, heat, manifold] = tf.tidy(() => {
      const fakePoints = generator.apply(plane.fakeNoise, { training: false }) as tf.Tensor;
      // Where the generator's loss pushes each point: −∂(its loss)/∂(point), each point's own loss.
      const push = tf.neg(tf.grad((points: tf.Tensor) => tf.sum(losses.generatorPerSample(discriminator.apply(points, { training: false }) as tf.Tensor)))(fakePoints));
      const heatValues = probability(discriminator.apply(plane.cells, { training: false }) as tf.Tensor);
      const manifoldPoints = generator.apply(plane.manifoldNoise, { training: false }) as tf.Tensor;
      return [fakePoints, push, heatValues, manifoldPoints].map((t) => t.dataSync() as Float32Array);
    });
    const event: GanPlaneEvent = {
      type: 'gan-plane',
      backend,
      epoch,
      step,
      bounds: plane.bounds,
      real: plane.realPoints,
      fake: pairs(fake!),
      gradients: pairs(gradients!),
      heat: Array.from(heat!),
      manifold: pairs(manifold!),
    };
    emit(event);
  }

  function emitSamples(epoch: number, step: number) {
    const output = tf.tidy(() => generator.apply(fixedNoise, { training: false }) as tf.Tensor);
    const shape = output.shape.slice(1);
    const values = output.dataSync() as Float32Array;
    output.dispose();
    const count = fixedNoise.shape[0]!;
    const width = values.length / count;
    latestSamples = { values, count, width };
    const rows = Array.from({ length: count }, (_, i) => values.subarray(i * width, (i + 1) * width));
    const isImage = shape.length === 3 && shape[0]! <= 256 && shape[1]! <= 256 && shape[2]! >= 1 && shape[2]! <= 4;
    const event: GanSamplesEvent = {
      type: 'gan-samples',
      backend,
      epoch,
      step,
      shape,
      ...(isImage
        ? { images: rows.map((row): SampleImage => encodeImage(row, shape as [number, number, number], (pictureRange ??= imageRange(real.values)))) }
        : { values: rows.map((row) => Array.from(row)) }),
    };
    emit(event);
  }

  function advise(advice: GanAdvice, holds: boolean, epoch: number, detail: string) {
    if (!holds) {
      adviceHolds.delete(advice);
      return;
    }
    if (adviceHolds.has(advice)) return;
    adviceHolds.add(advice);
    emit({ type: 'gan-advice', backend, epoch, advice, message: ADVICE_TEXT[advice](detail) });
  }

  return {
    show(epoch, step) {
      emitSamples(epoch, step);
      emitPlane(epoch, step);
    },
    showPlane(epoch, step) {
      emitPlane(epoch, step);
    },
    showPlaneEverySecond(epoch, step) {
      if (plane && Date.now() - lastPlaneAt >= PLANE_INTERVAL_MS) emitPlane(epoch, step);
    },
    divergence(): MetricLogs {
      if (!plane) return {};
      const fake = tf.tidy(() => (generator.apply(noiseTensor(drawViewNoise(DIVERGENCE_POINTS)), { training: false }) as tf.Tensor).dataSync());
      const { kl, js } = pointCloudDivergence(real.values, fake);
      return { kl_divergence: kl, js_divergence: js };
    },
    advise(epoch, logs) {
      const dLoss = logs.d_loss ?? NaN;
      const dFake = logs.d_fake ?? NaN;
      advise('discriminator-wins', dLoss < DISCRIMINATOR_WINS_BELOW && dFake < DISCRIMINATOR_WINS_BELOW, epoch, `d_loss ${dLoss.toPrecision(2)}, d_fake ${dFake.toPrecision(2)}`);
      if (latestSamples && realSpread > 0) {
        const spread = meanPairwiseDistance(latestSamples.values, latestSamples.count, latestSamples.width) / realSpread;
        advise('mode-collapse', spread < COLLAPSED_SPREAD, epoch, `their spread is ${(spread * 100).toFixed(1)} % of the real samples'`);
      }
    },
    dispose() {
      fixedNoise.dispose();
      if (plane) tf.dispose([plane.cells, plane.manifoldNoise, plane.fakeNoise]);
    },
  };
}
