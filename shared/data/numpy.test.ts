import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { parseNpy } from './numpy';

/** A version 1.0 .npy file: its header (padded as numpy pads it) and data bytes. */
function npy(header: string, data: Uint8Array = new Uint8Array()): Uint8Array {
  const padded = header.padEnd(118, ' ') + '\n';
  const bytes = new Uint8Array(10 + padded.length + data.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(bytes.buffer).setUint16(8, padded.length, true);
  bytes.set(new TextEncoder().encode(padded), 10);
  bytes.set(data, 10 + padded.length);
  return bytes;
}

describe('parseNpy', () => {
  it('reads a float32 array with its shape', () => {
    const array = parseNpy(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new Uint8Array(new Float32Array([1.5, -2]).buffer)), 'a.npy');
    expect(array).toMatchObject({ shape: [2], dtype: '<f4', integers: false });
    expect(Array.from(array.data)).toEqual([1.5, -2]);
  });

  it.each(['(1000000, -1,)', '(2.5,)', '(x,)'])('refuses a header whose shape %s is no count, before allocating', (shape) => {
    // Found by the file fuzzer: (1000000, -1,) reached new Float32Array(-1000000), a RangeError.
    const read = () => parseNpy(npy(`{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`), 'bad.npy');
    expect(read).toThrow(DatasetError);
    expect(read).toThrow(/bad\.npy has an unreadable \.npy header/);
  });
});
