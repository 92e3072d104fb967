/**
 * Byte-level fuzzing of every file the app reads: real seed files of each format (made here
 * from the packages' data and our own writers) are flipped, truncated, spliced, duplicated,
 * given huge numbers or another encoding, and read the way the app reads them (dataset
 * preview + load, project open, model import + weights). A case passes when it ends in a
 * result or in the app's own located error (DatasetError, DocumentError, ModelImportError, a
 * project-file error), within the time limit and without a large allocation. Headers that
 * claim enormous sizes (10⁹ pixels, 10¹² floats) are among the seeds: they must be refused
 * before anything that size is allocated.
 *
 * Cases run in a child process (file-fuzz-child.ts) so that a hang is a finding, not a
 * stuck fuzzer.
 */
import { deflateSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fc from 'fast-check';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { encodeIdx } from '../../shared/data/idx';
import { encodeNpy } from '../../shared/data/numpy';
import { zipSync } from 'fflate';

export type FileFormat = 'csv' | 'tsv' | 'json' | 'npy' | 'npz' | 'idx' | 'png' | 'jpeg' | 'model-json' | 'weights-manifest' | 'project';

export interface FileCase {
  format: FileFormat;
  /** The file name the reader sees (its extension picks the reader). */
  name: string;
  bytes: Uint8Array;
  /** What was done to the seed, for the report. */
  mutation: string;
}

const requireHere = createRequire(import.meta.url);
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

function pngBytes(width: number, height: number): Uint8Array {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 37) % 256;
  return PNG.sync.write(png);
}

function jpegBytes(width: number, height: number): Uint8Array {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 11) % 256;
  return jpeg.encode({ data, width, height }, 80).data;
}

/** A PNG whose header claims `width × height` pixels but holds almost no data. */
function hugePngHeader(width: number, height: number): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Uint8Array) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    Buffer.from(data).copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', new Uint8Array())]);
}

/** An NPY header that claims `shape` over a few bytes of data. */
function hugeNpyHeader(shape: number[]): Uint8Array {
  const header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')},), }`;
  const padded = header.padEnd(Math.ceil((header.length + 11) / 64) * 64 - 11, ' ') + '\n';
  const out = Buffer.alloc(10 + padded.length + 16);
  out.write('\x93NUMPY', 0, 'latin1');
  out[6] = 1;
  out[7] = 0;
  out.writeUInt16LE(padded.length, 8);
  out.write(padded, 10, 'latin1');
  return out;
}

function tinyModelJson(): { modelJson: Record<string, unknown>; weights: Uint8Array } {
  const modelTopology = {
    class_name: 'Sequential',
    config: {
      name: 'fuzz_seed',
      layers: [
        { class_name: 'Dense', config: { name: 'dense_1', units: 4, activation: 'relu', use_bias: true, batch_input_shape: [null, 3], dtype: 'float32' } },
        { class_name: 'Dense', config: { name: 'dense_2', units: 2, activation: 'softmax', use_bias: true } },
      ],
    },
    keras_version: 'tfjs-layers 4.22.0',
    backend: 'tensor_flow.js',
  };
  const weightsManifest = [
    {
      paths: ['weights.bin'],
      weights: [
        { name: 'dense_1/kernel', shape: [3, 4], dtype: 'float32' },
        { name: 'dense_1/bias', shape: [4], dtype: 'float32' },
        { name: 'dense_2/kernel', shape: [4, 2], dtype: 'float32' },
        { name: 'dense_2/bias', shape: [2], dtype: 'float32' },
      ],
    },
  ];
  const floats = new Float32Array(3 * 4 + 4 + 4 * 2 + 2).map((_, i) => Math.sin(i));
  return { modelJson: { format: 'layers-model', generatedBy: 'fuzz', convertedBy: null, modelTopology, weightsManifest }, weights: new Uint8Array(floats.buffer) };
}

/** One real file per format; the readers' happy paths, before any mutation. */
export function seedFiles(): FileCase[] {
  const csv = readFileSync(path.join(repo, 'examples/xor.csv'));
  const penguins = readFileSync(path.join(path.dirname(requireHere.resolve('vega-datasets')), '..', 'data', 'penguins.json'));
  const weather = readFileSync(path.join(repo, 'examples/data/seattle-weather.csv'), 'utf8').split('\n').slice(0, 60).join('\n');
  const images = new Uint8Array(6 * 8 * 8).map((_, i) => (i * 13) % 256);
  const npyX = encodeNpy(new Float32Array(24).map((_, i) => i / 7), [6, 4]);
  const npyY = encodeNpy(new Int32Array([0, 1, 0, 1, 1, 0]), [6]);
  const npz = zipSync({ 'x.npy': npyX, 'y.npy': npyY });
  const { modelJson, weights } = tinyModelJson();
  const project = readFileSync(path.join(repo, 'examples/mlp-xor.nnd.json'));
  const seed = (format: FileFormat, name: string, bytes: Uint8Array): FileCase => ({ format, name, bytes, mutation: 'none' });
  return [
    seed('csv', 'data.csv', csv),
    seed('csv', 'weather.csv', Buffer.from(weather)),
    seed('tsv', 'data.tsv', Buffer.from(csv.toString('utf8').replaceAll(',', '\t'))),
    seed('json', 'penguins.json', Buffer.from(JSON.stringify((JSON.parse(penguins.toString('utf8')) as unknown[]).slice(0, 40)))),
    seed('npy', 'x.npy', npyX),
    seed('npz', 'data.npz', npz),
    seed('idx', 'train-images-idx3-ubyte', encodeIdx(images, [6, 8, 8])),
    seed('png', 'image.png', pngBytes(8, 8)),
    seed('jpeg', 'image.jpg', jpegBytes(8, 8)),
    seed('model-json', 'model.json', Buffer.from(JSON.stringify(modelJson))),
    seed('weights-manifest', 'model.json', Buffer.concat([Buffer.from(JSON.stringify(modelJson)), Buffer.from('\n'), weights])),
    seed('project', 'project.nnd.json', project),
    // Headers that lie about their size: refused before allocation.
    { format: 'png', name: 'huge.png', bytes: hugePngHeader(40_000, 25_000), mutation: 'claims 10⁹ pixels' },
    { format: 'npy', name: 'huge.npy', bytes: hugeNpyHeader([1_000_000, 1_000]), mutation: 'claims 10⁹ floats' },
    { format: 'npz', name: 'huge.npz', bytes: zipSync({ 'x.npy': hugeNpyHeader([100_000, 10_000]), 'y.npy': npyY }), mutation: 'claims 10⁹ floats' },
    { format: 'idx', name: 'huge-images-idx3-ubyte', bytes: hugeIdxHeader([1_000_000, 1_000, 1_000]), mutation: 'claims 10¹² bytes' },
    {
      format: 'weights-manifest',
      name: 'model.json',
      bytes: Buffer.concat([
        Buffer.from(JSON.stringify({ ...modelJson, weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'dense_1/kernel', shape: [1_000_000, 1_000_000], dtype: 'float32' }] }] })),
        Buffer.from('\n'),
        weights,
      ]),
      mutation: 'claims 10¹² floats',
    },
  ];
}

function hugeIdxHeader(dims: number[]): Uint8Array {
  const out = Buffer.alloc(4 + 4 * dims.length + 16);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, i) => out.writeUInt32BE(d, 4 + 4 * i));
  return out;
}

type Mutation = (bytes: Uint8Array, random: () => number) => [Uint8Array, string];

const MUTATIONS: Mutation[] = [
  (b, r) => {
    const out = Uint8Array.from(b);
    const flips = 1 + Math.floor(r() * 8);
    for (let i = 0; i < flips && out.length; i++) out[Math.floor(r() * out.length)] ^= 1 << Math.floor(r() * 8);
    return [out, `flip ${flips} bits`];
  },
  (b, r) => {
    const at = Math.floor(r() * b.length);
    return [b.subarray(0, at), `truncate at ${at}`];
  },
  (b, r) => {
    const from = Math.floor(r() * b.length);
    const to = Math.floor(r() * b.length);
    const length = Math.floor(r() * 64);
    return [Buffer.concat([b.subarray(0, to), b.subarray(from, from + length), b.subarray(to)]), `splice ${length} bytes from ${from} to ${to}`];
  },
  (b, r) => {
    const at = Math.floor(r() * b.length);
    const length = Math.floor(r() * 256);
    const piece = b.subarray(at, at + length);
    return [Buffer.concat([b.subarray(0, at), piece, piece, piece, b.subarray(at)]), `triplicate ${piece.length} bytes at ${at}`];
  },
  (b, r) => {
    // Replace a run of digits with a huge number (sizes, shapes, lengths in headers and JSON).
    const text = Buffer.from(b).toString('latin1');
    const digits = [...text.matchAll(/\d+/g)];
    if (digits.length === 0) return [b, 'no number to enlarge'];
    const match = digits[Math.floor(r() * digits.length)]!;
    const huge = ['4294967295', '1e308', '99999999999999999999', '-1', '0', '2147483648'][Math.floor(r() * 6)]!;
    return [Buffer.from(text.slice(0, match.index) + huge + text.slice(match.index! + match[0].length), 'latin1'), `number → ${huge}`];
  },
  (b, r) => {
    const encoding = r() < 0.5 ? 'utf16le' : 'latin1';
    const text = Buffer.from(b).toString('utf8');
    return [Buffer.concat([encoding === 'utf16le' ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text + (encoding === 'latin1' ? 'é' : ''), encoding)]), `re-encode as ${encoding}`];
  },
  (b, r) => {
    // A bad byte in a multi-byte sequence, or a NUL, in the middle.
    const out = Uint8Array.from(b);
    if (out.length) out[Math.floor(r() * out.length)] = r() < 0.5 ? 0xc3 : 0x00;
    return [out, 'invalid byte'];
  },
];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Case `index` of the run with `seed`: the seeds themselves first, then mutations of them. */
export function fileCase(seed: number, index: number): FileCase {
  const seeds = seedFiles();
  if (index < seeds.length) return seeds[index]!;
  // Mixed, not added: with seed + index, runs with neighbouring seeds fuzzed nearly the same files.
  const random = mulberry32(fc.sample(fc.integer(), { seed: (Math.imul(seed, 0x9e3779b1) ^ index) | 0, numRuns: 1 })[0]!);
  const base = seeds[Math.floor(random() * seeds.length)]!;
  let bytes = base.bytes;
  const notes: string[] = [];
  const rounds = 1 + Math.floor(random() * 2);
  for (let i = 0; i < rounds; i++) {
    const [next, note] = MUTATIONS[Math.floor(random() * MUTATIONS.length)]!(bytes, random);
    bytes = next;
    notes.push(note);
  }
  return { ...base, bytes, mutation: `${base.mutation === 'none' ? '' : `${base.mutation}, `}${notes.join(', ')}` };
}
