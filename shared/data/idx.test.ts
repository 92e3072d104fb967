import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { encodeIdx, parseIdx } from './idx';

describe('parseIdx', () => {
  it('reads what encodeIdx writes', () => {
    const parsed = parseIdx(encodeIdx(new Uint8Array([1, 2, 3, 4, 5, 6]), [2, 3]), 'x.idx');
    expect(parsed.shape).toEqual([2, 3]);
    expect([...parsed.data]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses a file cut inside its header with a located error (found by the fuzzer: it threw a RangeError)', () => {
    const whole = encodeIdx(new Uint8Array(24), [2, 3, 4]);
    for (const length of [5, 8, 11, 15]) {
      const cut = whole.subarray(0, length);
      expect(() => parseIdx(cut, 'images.idx')).toThrow(DatasetError);
      expect(() => parseIdx(cut, 'images.idx')).toThrow(/images\.idx is cut short: dimensions \?×\?×\? need 16 bytes but it has \d+/);
    }
  });
});
