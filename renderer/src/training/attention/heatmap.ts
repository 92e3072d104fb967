/**
 * What an attention heatmap draws: the real tokens of the input (trailing padding cut, since
 * no query looks at it and it carries no meaning) and each head's weights over them, with a
 * colour scale per head so a head that spreads its attention thinly still shows its pattern.
 */
export interface HeadGrid {
  /** [query][key] weights over the kept tokens. */
  weights: number[][];
  /** The largest weight in the grid: the top of this head's colour scale. */
  max: number;
}

/** How many leading tokens are not padding (the empty string). */
export function keptTokenCount(tokens: readonly string[]): number {
  let n = tokens.length;
  while (n > 0 && tokens[n - 1] === '') n--;
  return n;
}

/** Each head cut to its kept queries (rows) and keys (columns): the same tokens for self-attention, the decoder's and the source's for cross-attention. */
export function headGrids(heads: number[][][], keptQueries: number, keptKeys: number = keptQueries): HeadGrid[] {
  return heads.map((head) => {
    const weights = head.slice(0, keptQueries).map((row) => row.slice(0, keptKeys));
    const max = Math.max(1e-9, ...weights.flat());
    return { weights, max };
  });
}

/** A cell's colour: transparent at 0, the theme's accent at the head's maximum. */
export function cellOpacity(weight: number, max: number): number {
  return Math.min(1, Math.max(0, weight / max));
}
