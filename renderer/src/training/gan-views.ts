import { GAN_MANIFOLD_GRID, GAN_PLANE_GRID } from '../../../shared/training/protocol';
import type { RunEpochPoint, RunGanPlane, RunGanSamples } from '../../../shared/training/run-record';
import { imagePixels, type Pixels } from './evaluation-views';

/**
 * What the GAN views draw, kept apart from the components so it can be tested without a
 * page: the discriminator's heat map as pixels, the plane's points, mesh and arrows in screen
 * coordinates, and the sample grid an epoch shows.
 */

/** GAN Lab's colours: green for real (and what D calls real), purple for generated (and what D calls fake). */
export const REAL_COLOUR = '#1e9e58';
export const FAKE_COLOUR = '#8a3ec2';
const HEAT_FAKE: readonly [number, number, number] = [196, 160, 226];
const HEAT_EVEN: readonly [number, number, number] = [246, 246, 246];
const HEAT_REAL: readonly [number, number, number] = [150, 214, 172];

/** D's probability "real" as a colour: purple towards 0, near white at ½, green towards 1. */
export function heatColour(probability: number): [number, number, number] {
  const p = Number.isFinite(probability) ? Math.min(1, Math.max(0, probability)) : 0.5;
  const [to, f] = p < 0.5 ? [HEAT_FAKE, (0.5 - p) * 2] : [HEAT_REAL, (p - 0.5) * 2];
  return [0, 1, 2].map((i) => Math.round(HEAT_EVEN[i]! + (to[i]! - HEAT_EVEN[i]!) * f)) as [number, number, number];
}

export function cssHeatColour(probability: number): string {
  const [r, g, b] = heatColour(probability);
  return `rgb(${r}, ${g}, ${b})`;
}

/**
 * The heat map as a grid × grid picture, the row of yMin at the bottom (the event's cells run
 * row by row from yMin; a picture's rows run from the top).
 */
export function heatPixels(heat: readonly number[], grid: number = GAN_PLANE_GRID): Pixels {
  if (heat.length !== grid * grid) throw new Error(`a heat map of ${grid}×${grid} cells has ${grid * grid} values, not ${heat.length}`);
  const rgba = new Uint8ClampedArray(grid * grid * 4);
  for (let row = 0; row < grid; row++)
    for (let column = 0; column < grid; column++) {
      const [r, g, b] = heatColour(heat[row * grid + column]!);
      const at = ((grid - 1 - row) * grid + column) * 4;
      rgba[at] = r;
      rgba[at + 1] = g;
      rgba[at + 2] = b;
      rgba[at + 3] = 255;
    }
  return { width: grid, height: grid, rgba };
}

export type Bounds = RunGanPlane['bounds'];

/** Plane coordinates → pixels of a `size` × `size` view, y up. */
export function planeProjection(bounds: Bounds, size: number): (point: readonly [number, number]) => [number, number] {
  const sx = size / (bounds.xMax - bounds.xMin || 1);
  const sy = size / (bounds.yMax - bounds.yMin || 1);
  return ([x, y]) => [(x - bounds.xMin) * sx, size - (y - bounds.yMin) * sy];
}

const finitePoint = (p: readonly [number, number]) => Number.isFinite(p[0]) && Number.isFinite(p[1]);

/**
 * The generator's manifold as one SVG path: each row of the noise grid joined left to right
 * and each column bottom to top, so the straight grid shows how G warps it. A point that is
 * not finite breaks its lines there.
 */
export function manifoldPath(manifold: readonly (readonly [number, number])[], project: (p: readonly [number, number]) => [number, number], grid: number = GAN_MANIFOLD_GRID): string {
  if (manifold.length !== grid * grid) return '';
  const at = (row: number, column: number) => manifold[row * grid + column]!;
  const parts: string[] = [];
  const line = (points: (readonly [number, number])[]) => {
    let pen = false;
    for (const p of points) {
      if (!finitePoint(p)) {
        pen = false;
        continue;
      }
      const [x, y] = project(p);
      parts.push(`${pen ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`);
      pen = true;
    }
  };
  for (let row = 0; row < grid; row++) line(Array.from({ length: grid }, (_, column) => at(row, column)));
  for (let column = 0; column < grid; column++) line(Array.from({ length: grid }, (_, row) => at(row, column)));
  return parts.join('');
}

export interface Arrow {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Where the generator's loss pushes each generated point, in pixels: the gradients scaled
 * together so the longest arrow is `longest` pixels (their relative lengths are what a
 * student compares), the shortest shown as none.
 */
export function gradientArrows(
  fake: readonly (readonly [number, number])[],
  gradients: readonly (readonly [number, number])[],
  project: (p: readonly [number, number]) => [number, number],
  bounds: Bounds,
  size: number,
  longest: number,
): Arrow[] {
  const n = Math.min(fake.length, gradients.length);
  // In pixels per plane unit, so an arrow points where the point would move on screen.
  const sx = size / (bounds.xMax - bounds.xMin || 1);
  const sy = size / (bounds.yMax - bounds.yMin || 1);
  let max = 0;
  for (let i = 0; i < n; i++) {
    const [gx, gy] = gradients[i]!;
    if (finitePoint(gradients[i]!) && finitePoint(fake[i]!)) max = Math.max(max, Math.hypot(gx * sx, gy * sy));
  }
  if (max === 0) return [];
  const scale = longest / max;
  const arrows: Arrow[] = [];
  for (let i = 0; i < n; i++) {
    if (!finitePoint(gradients[i]!) || !finitePoint(fake[i]!)) continue;
    const [x1, y1] = project(fake[i]!);
    const dx = gradients[i]![0] * sx * scale;
    const dy = -gradients[i]![1] * sy * scale;
    if (Math.hypot(dx, dy) < 1) continue;
    arrows.push({ x1, y1, x2: x1 + dx, y2: y1 + dy });
  }
  return arrows;
}

/** How an epoch's samples are shown: as pictures, as points on a plane, or as rows of numbers. */
export type SampleLayout = 'images' | 'points' | 'values';

export function sampleLayout(samples: RunGanSamples): SampleLayout {
  if (samples.images?.length) return 'images';
  if (samples.shape.length === 1 && samples.shape[0] === 2) return 'points';
  return 'values';
}

/** Samples shown by default (a 4 × 4 grid), and all the fixed noise batch has. */
export const SAMPLES_SHOWN = 16;
export const SAMPLE_GRID_SIZES = [16, 64] as const;

/** The grid's pictures, decoded once per epoch's grid. */
export function samplePictures(samples: RunGanSamples, count: number): Pixels[] {
  return (samples.images ?? []).slice(0, count).map(imagePixels);
}

/**
 * One sample's picture at each epoch kept, at most `max` of them spread evenly over the run
 * (the first and the latest always among them); epochs whose grid lacks the sample are left out.
 */
export function sampleHistory(kept: readonly RunGanSamples[], index: number, max: number): { epoch: number; pixels: Pixels }[] {
  const withSample = kept.filter((s) => s.images?.[index] !== undefined);
  const chosen =
    withSample.length <= max
      ? withSample
      : [...new Set(Array.from({ length: max }, (_, i) => Math.round((i * (withSample.length - 1)) / (max - 1))))].map((i) => withSample[i]!);
  return chosen.map((s) => ({ epoch: s.epoch, pixels: imagePixels(s.images![index]!) }));
}

/** Columns of a grid of `count` samples: square when it can be. */
export function gridColumns(count: number): number {
  return Math.max(1, Math.ceil(Math.sqrt(count)));
}

/** Where the scrubber stands: following the latest grid, or held at an epoch the student picked. */
export type ScrubState = { follow: true } | { follow: false; epoch: number };

/**
 * The index of the grid to show among those kept: the latest when following; else the grid
 * of the epoch picked, or the nearest earlier one kept (a long run thins its older grids).
 */
export function shownIndex(kept: readonly RunGanSamples[], state: ScrubState): number {
  if (kept.length === 0) return -1;
  if (state.follow) return kept.length - 1;
  let index = 0;
  for (let i = 0; i < kept.length; i++) if (kept[i]!.epoch <= state.epoch) index = i;
  return index;
}

/** A few values of a sample for a table row: the first `max`, then an ellipsis. */
export function valuesText(values: readonly number[], format: (v: number) => string, max = 6): string {
  const shown = values.slice(0, max).map(format).join(', ');
  return values.length > max ? `${shown}, …` : shown;
}

/** KL and JS per epoch, for a GAN whose samples are 2-D points (no point for an epoch that reported neither). */
export function divergenceSeries(points: readonly RunEpochPoint[]): { epoch: number; kl: number | null; js: number | null }[] {
  const value = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
  return points
    .map((p) => ({ epoch: p.epoch, kl: value(p.logs.kl_divergence), js: value(p.logs.js_divergence) }))
    .filter((p) => p.kl !== null || p.js !== null);
}

/**
 * Whether D's outputs on real and generated samples are probabilities (a non-saturating
 * GAN's) and belong on a 0–1 axis, rather than raw scores (least squares, hinge).
 */
export function isProbabilitySeries(points: readonly { value: number }[]): boolean {
  return points.every((p) => !Number.isFinite(p.value) || (p.value >= 0 && p.value <= 1));
}
