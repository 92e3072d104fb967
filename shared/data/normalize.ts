import type { FeatureNormalization } from './dataset';

export function fitNormalization(
  x: Float32Array,
  featureCount: number,
  rows: ArrayLike<number>,
  mode: FeatureNormalization['mode'],
): FeatureNormalization {
  const offset: number[] = [];
  const scale: number[] = [];
  for (let c = 0; c < featureCount; c++) {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < rows.length; i++) {
      const v = x[rows[i]! * featureCount + c]!;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (mode === 'minmax') {
      offset.push(rows.length ? min : 0);
      scale.push(rows.length && max > min ? max - min : 1);
      continue;
    }
    const mean = rows.length ? sum / rows.length : 0;
    let squares = 0;
    for (let i = 0; i < rows.length; i++) squares += (x[rows[i]! * featureCount + c]! - mean) ** 2;
    const std = rows.length ? Math.sqrt(squares / rows.length) : 0;
    offset.push(mean);
    // A constant column stays constant (zero) rather than dividing by zero.
    scale.push(std > 0 ? std : 1);
  }
  return { mode, offset, scale };
}

export function applyNormalization(x: Float32Array, normalization: FeatureNormalization): void {
  const featureCount = normalization.offset.length;
  for (let i = 0; i < x.length; i++) {
    const c = i % featureCount;
    x[i] = (x[i]! - normalization.offset[c]!) / normalization.scale[c]!;
  }
}
