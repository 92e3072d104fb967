import { gunzipSync } from 'fflate';
import { datasetText } from './dataset-messages';
import { DatasetError } from './errors';
import type { NumericArray } from './numpy';

const IDX_TYPES: Record<number, { name: string; size: number }> = {
  0x08: { name: 'ubyte', size: 1 },
  0x09: { name: 'byte', size: 1 },
  0x0b: { name: 'short', size: 2 },
  0x0c: { name: 'int', size: 4 },
  0x0d: { name: 'float', size: 4 },
  0x0e: { name: 'double', size: 8 },
};

/** An IDX file (the MNIST format: big-endian, a type byte and the dimensions), gzip or not. */
export function parseIdx(raw: Uint8Array, source: string): NumericArray {
  let bytes = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      bytes = gunzipSync(raw);
    } catch (err) {
      throw new DatasetError(datasetText('idxNotGzip', { source, detail: (err as Error).message }), 'format', { source });
    }
  }
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || !IDX_TYPES[bytes[2]!])
    throw new DatasetError(datasetText('idxNotIdx', { source }), 'format', { source });
  const type = IDX_TYPES[bytes[2]!]!;
  const dims = bytes[3]!;
  if (bytes.length < 4 + dims * 4)
    throw new DatasetError(datasetText('idxCutShort', { source, dims: Array.from({ length: dims }, () => '?').join('×'), needed: 4 + dims * 4, actual: bytes.length }), 'format', { source });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let d = 0; d < dims; d++) shape.push(view.getUint32(4 + d * 4, false));
  const start = 4 + dims * 4;
  const count = shape.reduce((a, b) => a * b, 1);
  if (start + count * type.size > bytes.length)
    throw new DatasetError(datasetText('idxCutShort', { source, dims: shape.join('×'), needed: count * type.size, actual: bytes.length - start }), 'format', { source });
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const at = start + i * type.size;
    data[i] =
      type.size === 1
        ? type.name === 'ubyte'
          ? bytes[at]!
          : view.getInt8(at)
        : type.name === 'short'
          ? view.getInt16(at, false)
          : type.name === 'int'
            ? view.getInt32(at, false)
            : type.name === 'float'
              ? view.getFloat32(at, false)
              : view.getFloat64(at, false);
  }
  return { data, shape, dtype: type.name, integers: type.name !== 'float' && type.name !== 'double' };
}

/** Writes an unsigned-byte IDX file — for tests and example data. */
export function encodeIdx(data: Uint8Array, shape: number[]): Uint8Array {
  const out = new Uint8Array(4 + shape.length * 4 + data.length);
  out[2] = 0x08;
  out[3] = shape.length;
  const view = new DataView(out.buffer);
  shape.forEach((d, i) => view.setUint32(4 + i * 4, d, false));
  out.set(data, 4 + shape.length * 4);
  return out;
}
