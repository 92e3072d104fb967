import { describe, expect, it } from 'vitest';
import { labelPoint, orthogonalPath, routeFits, routedPoints } from './wire-path';

describe('routed wires', () => {
  it('follows the ports where the page drew them and stays orthogonal', () => {
    // The layout put the ports at y 50 and 60; the page drew them at 52 and 64.
    const points = routedPoints({ x: 100, y: 52 }, { x: 500, y: 64 }, [
      [120, 50],
      [120, 0],
      [480, 0],
      [480, 60],
    ]);
    expect(points).toEqual([
      { x: 100, y: 52 },
      { x: 120, y: 52 },
      { x: 120, y: 0 },
      { x: 480, y: 0 },
      { x: 480, y: 64 },
      { x: 500, y: 64 },
    ]);
    for (let i = 1; i < points.length; i++) expect(points[i]!.x === points[i - 1]!.x || points[i]!.y === points[i - 1]!.y).toBe(true);
  });

  it('keeps collinear bends (a wire entering a group) on the target port row', () => {
    // ELK's bends: leave the source row at x 906, run on row 94, enter the group at x 1010.
    const points = routedPoints({ x: 860, y: 133 }, { x: 1046, y: 109 }, [
      [906, 133],
      [906, 94],
      [1010, 94],
    ]);
    expect(points).toEqual([
      { x: 860, y: 133 },
      { x: 906, y: 133 },
      { x: 906, y: 109 },
      { x: 1046, y: 109 },
    ]);
  });

  it('turns twice through a single bend', () => {
    expect(routedPoints({ x: 0, y: 10 }, { x: 100, y: 40 }, [[50, 10]])).toEqual([
      { x: 0, y: 10 },
      { x: 50, y: 10 },
      { x: 50, y: 40 },
      { x: 100, y: 40 },
    ]);
  });

  it('puts the shape label on the lane, the longest horizontal stretch', () => {
    const points = routedPoints({ x: 100, y: 50 }, { x: 500, y: 50 }, [
      [120, 50],
      [120, 0],
      [480, 0],
      [480, 50],
    ]);
    expect(labelPoint(points)).toEqual({ x: 300, y: 0 });
    expect(labelPoint([{ x: 0, y: 0 }, { x: 10, y: 20 }])).toEqual({ x: 5, y: 10 });
  });

  it('draws rounded corners no larger than half a stretch', () => {
    const path = orthogonalPath([
      { x: 0, y: 0 },
      { x: 4, y: 0 },
      { x: 4, y: 100 },
    ]);
    expect(path).toBe('M 0 0 L 2 0 Q 4 0 4 2 L 4 100');
  });

  it('gives up a route a grown node has made double back', () => {
    const route = [
      [120, 50],
      [480, 50],
    ] as const;
    expect(routeFits(100, 500, route)).toBe(true);
    expect(routeFits(150, 500, route)).toBe(false);
    expect(routeFits(100, 450, route)).toBe(false);
    expect(routeFits(100, 500, [])).toBe(false);
  });

  it('keeps a short stretch beside a port that ended up past the first turn', () => {
    // The node was drawn 10 px wider than planned: its port is at 130, the turn at 120.
    const points = routedPoints({ x: 130, y: 50 }, { x: 500, y: 80 }, [
      [120, 50],
      [120, 0],
      [480, 0],
      [480, 80],
    ]);
    expect(points).toEqual([
      { x: 130, y: 50 },
      { x: 138, y: 50 },
      { x: 138, y: 0 },
      { x: 480, y: 0 },
      { x: 480, y: 80 },
      { x: 500, y: 80 },
    ]);
  });
});
