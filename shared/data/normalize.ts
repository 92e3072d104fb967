import type { FeatureNormalization } from './dataset';

/**
 * Per-feature offset and scale over the given rows (the training split): mean and standard
 * deviation, or min and range. Rows outer, features inner: one pass along memory, however
 * many rows.
 */
export function fitNormalization(
  x: Float32Array,
  featureCount: number,
  rows: ArrayLike<number>,
  mode: FeatureNormalization['mode'],
): FeatureNormalization {
  const sum = new Float64Array(featureCount);
  const min = new Float64Array(featureCount).fill(Infinity);
  const max = new Float64Array(featureCount).fill(-Infinity);
  const count = rows.length;
  for (let i = 0; i < count; i++) {
    const base = rows[i]! * featureCount;
    for (let c = 0; c < featureCount; c++) {
      const v = x[base + c]!;
      sum[c]! += v;
      if (v < min[c]!) min[c] = v;
      if (v > max[c]!) max[c] = v;
    }
  }
  if (mode === 'minmax')
    return {
      mode,
      offset: Array.from(min, (m) => (count ? m : 0)),
      scale: Array.from(min, (m, c) => (count && max[c]! > m ? max[c]! - m : 1)),
    };
  const mean = Array.from(sum, (s) => (count ? s / count : 0));
  const squares = new Float64Array(featureCount);
  for (let i = 0; i < count; i++) {
    const base = rows[i]! * featureCount;
    for (let c = 0; c < featureCount; c++) squares[c]! += (x[base + c]! - mean[c]!) ** 2;
  }
  // A constant column stays constant (zero) rather than dividing by zero.
  const scale = Array.from(squares, (s) => (count && s > 0 ? Math.sqrt(s / count) : 1));
  return { mode, offset: mean, scale };
}

export function applyNormalization(x: Float32Array, normalization: FeatureNormalization): void {
  const featureCount = normalization.offset.length;
  const offset = Float64Array.from(normalization.offset);
  const scale = Float64Array.from(normalization.scale);
  for (let base = 0; base < x.length; base += featureCount)
    for (let c = 0; c < featureCount; c++) x[base + c] = (x[base + c]! - offset[c]!) / scale[c]!;
}
