/**
 * The drawing pad's picture: a height × width grid of ink values in [0, 1], painted with a
 * soft round brush the way MNIST digits were written (white ink on black, thick strokes
 * with soft edges). Kept apart from the component so strokes can be tested without a DOM.
 */
export interface InkGrid {
  height: number;
  width: number;
  /** Row-major, one value per cell. */
  ink: Float32Array;
}

export function emptyGrid(height: number, width: number): InkGrid {
  return { height, width, ink: new Float32Array(height * width) };
}

/** A brush about a seventh of the picture wide: an MNIST stroke on 28×28 is 2–3 pixels. */
export function brushRadius(grid: Pick<InkGrid, 'height' | 'width'>): number {
  return Math.max(0.75, Math.min(grid.height, grid.width) / 11);
}

/** Paints a dab at (row, column) in cell units: full ink at the centre, fading to none at the radius. */
function dab(grid: InkGrid, row: number, column: number, radius: number): void {
  const r0 = Math.max(0, Math.floor(row - radius));
  const r1 = Math.min(grid.height - 1, Math.ceil(row + radius));
  const c0 = Math.max(0, Math.floor(column - radius));
  const c1 = Math.min(grid.width - 1, Math.ceil(column + radius));
  for (let r = r0; r <= r1; r++)
    for (let c = c0; c <= c1; c++) {
      // Distance from the dab to the cell's centre.
      const d = Math.hypot(r + 0.5 - row, c + 0.5 - column);
      if (d >= radius) continue;
      const i = r * grid.width + c;
      grid.ink[i] = Math.max(grid.ink[i]!, Math.min(1, 1.6 * (1 - d / radius)));
    }
}

/** A new grid with a stroke from one point to another (cell units), dabbed every quarter cell so fast moves leave no gaps. */
export function stroke(grid: InkGrid, from: { row: number; column: number }, to: { row: number; column: number }, radius = brushRadius(grid)): InkGrid {
  const next = { ...grid, ink: grid.ink.slice() };
  const steps = Math.max(1, Math.ceil(Math.hypot(to.row - from.row, to.column - from.column) * 4));
  for (let s = 0; s <= steps; s++) {
    const f = s / steps;
    dab(next, from.row + (to.row - from.row) * f, from.column + (to.column - from.column) * f, radius);
  }
  return next;
}

/** The model's input row: the grid in row-major order, each value repeated for every channel (grey into RGB). */
export function gridToInput(grid: InkGrid, channels: number): number[] {
  const values = new Array<number>(grid.ink.length * channels);
  for (let i = 0; i < grid.ink.length; i++) for (let c = 0; c < channels; c++) values[i * channels + c] = grid.ink[i]!;
  return values;
}

/**
 * An uploaded picture, already scaled to the grid's size, as ink: the brightness of each
 * pixel (white ink on black, as drawn), transparent pixels counting as black.
 */
export function inkFromRgba(rgba: ArrayLike<number>, height: number, width: number): InkGrid {
  const ink = new Float32Array(height * width);
  for (let p = 0; p < height * width; p++) {
    const alpha = rgba[p * 4 + 3]! / 255;
    const luminance = (0.299 * rgba[p * 4]! + 0.587 * rgba[p * 4 + 1]! + 0.114 * rgba[p * 4 + 2]!) / 255;
    ink[p] = luminance * alpha;
  }
  return { height, width, ink };
}
