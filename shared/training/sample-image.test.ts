import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, decodeImage, encodeImage, encodeMask } from './sample-image';

describe('sample pictures as base64 bytes', () => {
  it('round-trips bytes of every length, as standard base64', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 256]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) % 256);
      const text = bytesToBase64(bytes);
      expect(text).toBe(btoa(String.fromCharCode(...bytes)));
      expect(base64ToBytes(text)).toEqual(bytes);
    }
  });

  it('keeps values in 0..1 within a byte of rounding, other ranges over their own span, masks as class indices', () => {
    const values = [0, 0.2, 0.5, 1];
    const image = encodeImage(values, [2, 2, 1]);
    expect(image.range).toEqual([0, 1]);
    [...decodeImage(image)].forEach((v, i) => expect(Math.abs(v - values[i]!)).toBeLessThanOrEqual(0.5 / 255 + 1e-6));
    const wide = encodeImage([-2, 0, 2, 6], [1, 4, 1]);
    expect(wide.range).toEqual([-2, 6]);
    [...decodeImage(wide)].forEach((v, i) => expect(Math.abs(v - [-2, 0, 2, 6][i]!)).toBeLessThanOrEqual(8 / 255));
    expect([...decodeImage(encodeMask([0, 3, 2, 1], 2, 2))]).toEqual([0, 3, 2, 1]);
  });

  it('takes the scale asked for while the values keep within it, and clips nothing', () => {
    expect(encodeImage([-0.5, 0, 0.5, 0.25], [2, 2, 1], [-1, 1]).range).toEqual([-1, 1]);
    // Beyond it, the values' own span as without one.
    const beyond = encodeImage([-3, 0, 2, 1], [2, 2, 1], [-1, 1]);
    expect(beyond.range).toEqual([-3, 2]);
    [...decodeImage(beyond)].forEach((v, i) => expect(Math.abs(v - [-3, 0, 2, 1][i]!)).toBeLessThanOrEqual(5 / 255));
  });
});
