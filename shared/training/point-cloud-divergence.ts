/**
 * How far a generator's 2-D points are from the real ones, as GAN Lab measures it: both clouds
 * binned on one grid of GRID_CELLS × GRID_CELLS cells spanning the real points' range, then the
 * KL and Jensen–Shannon divergences between the two histograms (natural log, so JS lies in
 * [0, ln 2]). The adversarial loop reports them per epoch as `kl_divergence` / `js_divergence`.
 */

/** Cells along each axis. */
export const GRID_CELLS = 30;
/**
 * Added to every cell's probability (then renormalized), so a cell the fake cloud leaves empty
 * keeps KL finite: a real cell missed entirely costs ln(p / 1e-10) ≈ 23 + ln p. Small enough
 * that JS of two disjoint clouds is ln 2 to six decimals.
 */
export const EMPTY_CELL_PROBABILITY = 1e-10;

/** The rectangle the grid covers. */
export interface GridBounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export interface PointCloudDivergence {
  /** KL(real ‖ fake): what is lost describing the real points by the fake ones' histogram. */
  kl: number;
  /** JS(real, fake): symmetric, 0 for identical histograms, ln 2 for disjoint ones. */
  js: number;
}

/** Points as a Dataset holds x of shape [N, 2]: x0, y0, x1, y1, … */
export type FlatPoints = ArrayLike<number>;

function pointCount(points: FlatPoints): number {
  if (points.length % 2 !== 0) throw new Error(`2-D points come as x, y pairs; got ${points.length} numbers`);
  return points.length / 2;
}

/** The real points' range; an axis where they all agree is widened by 0.5 each way so it still has width. */
export function gridBoundsOf(points: FlatPoints): GridBounds {
  const n = pointCount(points);
  if (n === 0) throw new Error('the grid spans the real points, and there are none');
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = points[2 * i]!;
    const y = points[2 * i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`point ${i + 1} is not finite (${x}, ${y})`);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  if (maxX === minX) [minX, maxX] = [minX - 0.5, maxX + 0.5];
  if (maxY === minY) [minY, maxY] = [minY - 0.5, maxY + 0.5];
  return { minX, maxX, minY, maxY };
}

function cellAlong(value: number, min: number, max: number, cells: number): number {
  // A point beyond the grid counts in the border cell it is nearest: a generator cannot hide mass outside the real range.
  return Math.min(cells - 1, Math.max(0, Math.floor(((value - min) / (max - min)) * cells)));
}

/**
 * The points' share in each cell (row-major, y rows then x columns), each cell raised by
 * EMPTY_CELL_PROBABILITY and the whole renormalized to sum to 1. A point that is not finite
 * (a diverged generator's NaN) is left out; with none left every cell gets the same share.
 */
export function histogram2d(points: FlatPoints, bounds: GridBounds, cells: number = GRID_CELLS): Float64Array {
  const counts = new Float64Array(cells * cells);
  let counted = 0;
  for (let i = 0; i < pointCount(points); i++) {
    const x = points[2 * i]!;
    const y = points[2 * i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    counts[cellAlong(y, bounds.minY, bounds.maxY, cells) * cells + cellAlong(x, bounds.minX, bounds.maxX, cells)]! += 1;
    counted++;
  }
  const total = 1 + counts.length * EMPTY_CELL_PROBABILITY;
  return counts.map((c) => ((counted ? c / counted : 1 / counts.length) + EMPTY_CELL_PROBABILITY) / total);
}

/** KL(p ‖ q) = Σ p ln(p / q), natural log; p and q are distributions over the same cells with no zero in q. */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new Error(`the distributions have ${p.length} and ${q.length} cells`);
  let sum = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! > 0) sum += p[i]! * Math.log(p[i]! / q[i]!);
  // Rounding can leave −1e-17 for identical distributions; a divergence is never negative.
  return Math.max(0, sum);
}

/** JS(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m), m the average of p and q; between 0 and ln 2. */
export function jsDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  if (p.length !== q.length) throw new Error(`the distributions have ${p.length} and ${q.length} cells`);
  const m = Array.from(p, (pi, i) => (pi + q[i]!) / 2);
  return Math.min(Math.LN2, (klDivergence(p, m) + klDivergence(q, m)) / 2);
}

/** KL and JS between the real and the fake points' histograms on the grid over the real points' range. */
export function pointCloudDivergence(real: FlatPoints, fake: FlatPoints, cells: number = GRID_CELLS): PointCloudDivergence {
  const bounds = gridBoundsOf(real);
  const p = histogram2d(real, bounds, cells);
  const q = histogram2d(fake, bounds, cells);
  return { kl: klDivergence(p, q), js: jsDivergence(p, q) };
}
