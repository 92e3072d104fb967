import { describe, expect, it } from 'vitest';
import { pointsByClass } from './embedding-points';

describe('pointsByClass', () => {
  it('makes one series per class present, in class order', () => {
    const groups = pointsByClass({
      layer: 'gcn_1',
      layers: ['gcn_1'],
      dimensions: 4,
      rows: 'nodes',
      classNames: ['a', 'b', 'c'],
      explained: [0.7, 0.2],
      points: [
        { x: 0, y: 0, label: 2, split: 'train' },
        { x: 1, y: 1, label: 0, split: 'test' },
        { x: 2, y: 2, label: 2, split: 'validation' },
      ],
    });
    expect(groups.map((g) => [g.className, g.points.length])).toEqual([
      ['a', 1],
      ['c', 2],
    ]);
  });
});
