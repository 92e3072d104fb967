import { describe, expect, it } from 'vitest';
import { cellOpacity, headGrids, keptTokenCount } from './heatmap';

describe('attention heatmaps', () => {
  it('keep the tokens before the trailing padding', () => {
    expect(keptTokenCount(['free', 'money', '', ''])).toBe(2);
    expect(keptTokenCount(['', ''])).toBe(0);
    expect(keptTokenCount(['a', '', 'b'])).toBe(3);
  });

  it('cut each head to the kept tokens and scale its colours to its own maximum', () => {
    const heads = [
      [
        [0.5, 0.5, 0],
        [0.9, 0.1, 0],
        [0.3, 0.3, 0.4],
      ],
    ];
    const [grid] = headGrids(heads, 2);
    expect(grid!.weights).toEqual([
      [0.5, 0.5],
      [0.9, 0.1],
    ]);
    expect(grid!.max).toBe(0.9);
    expect(cellOpacity(0.45, grid!.max)).toBeCloseTo(0.5);
    expect(cellOpacity(0.9, grid!.max)).toBe(1);
  });

  it('cut a cross-attention head to its own numbers of queries and keys', () => {
    // Three decoder steps (the last one padding) over two source tokens.
    const heads = [
      [
        [0.2, 0.8],
        [0.7, 0.3],
        [0.5, 0.5],
      ],
    ];
    expect(headGrids(heads, 2, 2)[0]!.weights).toEqual([
      [0.2, 0.8],
      [0.7, 0.3],
    ]);
    expect(headGrids(heads, 3, 1)[0]!.weights).toEqual([[0.2], [0.7], [0.5]]);
  });
});
