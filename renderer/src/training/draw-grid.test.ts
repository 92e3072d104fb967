import { describe, expect, it } from 'vitest';
import { brushRadius, emptyGrid, gridToInput, inkFromRgba, stroke } from './draw-grid';

const inkAt = (grid: ReturnType<typeof emptyGrid>, row: number, column: number) => grid.ink[row * grid.width + column]!;

describe('drawing pad grid', () => {
  it('a horizontal stroke inks its row from end to end and leaves rows far from it blank', () => {
    const blank = emptyGrid(8, 8);
    const grid = stroke(blank, { row: 3.5, column: 0.5 }, { row: 3.5, column: 7.5 });
    for (let c = 0; c < 8; c++) expect(inkAt(grid, 3, c)).toBe(1);
    for (const r of [0, 6, 7]) for (let c = 0; c < 8; c++) expect(inkAt(grid, r, c)).toBe(0);
    // Strokes return a new grid: the pad's undo and React state depend on it.
    expect(blank.ink.every((v) => v === 0)).toBe(true);
  });

  it('a fast diagonal stroke on 28×28 leaves no gaps and a soft edge, like an MNIST digit', () => {
    const grid = stroke(emptyGrid(28, 28), { row: 2, column: 2 }, { row: 25, column: 25 });
    for (let k = 3; k < 25; k++) expect(inkAt(grid, k, k)).toBeGreaterThan(0.9);
    const values = [...grid.ink];
    expect(values.some((v) => v > 0 && v < 1)).toBe(true);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(brushRadius(grid)).toBeCloseTo(28 / 11);
  });

  it('flattens row-major, repeating grey into every channel', () => {
    const grid = stroke(emptyGrid(4, 4), { row: 0.5, column: 3.5 }, { row: 0.5, column: 3.5 }, 0.6);
    expect(gridToInput(grid, 1)).toHaveLength(16);
    expect(gridToInput(grid, 1)[3]).toBe(1);
    const rgb = gridToInput(grid, 3);
    expect(rgb).toHaveLength(48);
    expect(rgb.slice(9, 12)).toEqual([1, 1, 1]);
    expect(rgb.slice(0, 3)).toEqual([0, 0, 0]);
  });
});

describe('inkFromRgba', () => {
  it('reads an uploaded picture as ink: brightness, transparent pixels black', () => {
    const rgba = [255, 255, 255, 255, 0, 0, 0, 255, 255, 255, 255, 0, 255, 0, 0, 255];
    const grid = inkFromRgba(rgba, 2, 2);
    expect([...grid.ink].map((v) => Number(v.toFixed(3)))).toEqual([1, 0, 0, 0.299]);
  });
});
