import { unzipSync } from 'fflate';
import { datasetText } from './dataset-messages';
import { DatasetError } from './errors';

/** A NumPy array read into float32 (the dtype every tensor of a model takes), with its shape. */
export interface NumericArray {
  data: Float32Array;
  shape: number[];
  /** The dtype as the file spelled it (`<f8`, `|u1`, …), to say what was converted. */
  dtype: string;
  /** Whether every value is an integer (labels that are classes). */
  integers: boolean;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const ELEMENT_SIZE: Record<string, number> = { b1: 1, i1: 1, u1: 1, i2: 2, u2: 2, i4: 4, u4: 4, i8: 8, u8: 8, f2: 2, f4: 4, f8: 8 };

/** One `.npy` file (format versions 1–3, little or big endian, C order). */
export function parseNpy(bytes: Uint8Array, source: string): NumericArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new DatasetError(datasetText('npyNotNpy', { source }), 'format', { source });
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw new DatasetError(datasetText('npyHeaderCutShort', { source, bytes: headerLength }), 'format', { source });
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, dataStart));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new DatasetError(datasetText('npyBadHeader', { source, header: header.trim().slice(0, 80) }), 'format', { source });
  if (fortran === 'True') throw new DatasetError(datasetText('npyFortran', { source }), 'format', { source });
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  // A length that is no count (negative, fractional, not a number) is a damaged header, not an allocation to attempt.
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0))
    throw new DatasetError(datasetText('npyBadHeader', { source, header: header.trim().slice(0, 80) }), 'format', { source });
  const kind = descr.slice(1);
  const size = ELEMENT_SIZE[kind];
  if (size === undefined || descr[0] === undefined || !'<>|='.includes(descr[0]))
    throw new DatasetError(datasetText('npyDtype', { source, dtype: descr }), 'format', { source });
  const count = shape.reduce((a, b) => a * b, 1);
  if (dataStart + count * size > bytes.length)
    throw new DatasetError(datasetText('npyDataCutShort', { source, shape: shape.join(', '), needed: count * size, actual: bytes.length - dataStart }), 'format', { source });
  const little = descr[0] !== '>';
  const data = new Float32Array(count);
  let integers = kind[0] !== 'f';
  for (let i = 0; i < count; i++) {
    const at = dataStart + i * size;
    let v: number;
    switch (kind) {
      case 'b1':
      case 'u1':
        v = view.getUint8(at);
        break;
      case 'i1':
        v = view.getInt8(at);
        break;
      case 'i2':
        v = view.getInt16(at, little);
        break;
      case 'u2':
        v = view.getUint16(at, little);
        break;
      case 'i4':
        v = view.getInt32(at, little);
        break;
      case 'u4':
        v = view.getUint32(at, little);
        break;
      case 'i8':
        v = Number(view.getBigInt64(at, little));
        break;
      case 'u8':
        v = Number(view.getBigUint64(at, little));
        break;
      case 'f2':
        v = halfToFloat(view.getUint16(at, little));
        break;
      case 'f4':
        v = view.getFloat32(at, little);
        break;
      default:
        v = view.getFloat64(at, little);
    }
    data[i] = v;
  }
  if (!integers) integers = data.every(Number.isInteger);
  return { data, shape, dtype: descr, integers };
}

/** The arrays of an `.npz` (numpy.savez, compressed or not), by name without `.npy`. */
export function parseNpz(bytes: Uint8Array, source: string): Map<string, NumericArray> {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (err) {
    throw new DatasetError(datasetText('npzUnreadable', { source, detail: (err as Error).message }), 'format', { source });
  }
  const arrays = new Map<string, NumericArray>();
  for (const [name, content] of Object.entries(files)) {
    if (!name.endsWith('.npy')) continue;
    arrays.set(name.slice(0, -4), parseNpy(content, `${source}/${name}`));
  }
  if (arrays.size === 0) throw new DatasetError(datasetText('npzNoArrays', { source }), 'format', { source });
  return arrays;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Writes a float32 or uint8 `.npy` — for tests and example data. */
export function encodeNpy(data: Float32Array | Uint8Array | Int32Array, shape: number[]): Uint8Array {
  const descr = data instanceof Float32Array ? '<f4' : data instanceof Int32Array ? '<i4' : '|u1';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  // The header is padded so the data starts at a multiple of 64 bytes, as numpy writes it.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), 10 + header.length);
  return out;
}
