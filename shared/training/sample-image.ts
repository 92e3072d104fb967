import type { SampleImage } from './protocol';

/**
 * A sample picture in an evaluation as a few kilobytes of base64 rather than thousands of
 * JSON numbers: run records keep their evaluation, and a 64×64 picture as numbers is ~25 KB.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Map([...ALPHABET].map((c, i) => [c, i]));

export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    const n = (a << 16) | (b << 8) | c;
    out += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63]! : '=';
  }
  return out;
}

export function base64ToBytes(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const n =
      ((LOOKUP.get(clean[i]!) ?? 0) << 18) |
      ((LOOKUP.get(clean[i + 1] ?? 'A') ?? 0) << 12) |
      ((LOOKUP.get(clean[i + 2] ?? 'A') ?? 0) << 6) |
      (LOOKUP.get(clean[i + 3] ?? 'A') ?? 0);
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

/** The least and the largest finite value; [Infinity, −Infinity] when there is none. */
function finiteExtent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/**
 * The range pictures like `values` are drawn over, one for a whole grid so its pictures
 * compare: 0..1 or −1..1 when the values lie in it (a sigmoid's or a tanh's pictures), else
 * from their least to their largest value; 0..1 with nothing to go by.
 */
export function imageRange(values: ArrayLike<number>): [number, number] {
  const [lo, hi] = finiteExtent(values);
  if (lo >= -1e-6 && hi <= 1 + 1e-6) return [0, 1];
  if (lo >= -1 - 1e-6 && hi <= 1 + 1e-6) return [-1, 1];
  return Number.isFinite(lo) && hi > lo ? [lo, hi] : [0, 1];
}

/**
 * An image's values as bytes over their range: `preferredRange` when they lie in it (the scale
 * of the pictures they are compared with), else 0..1 when they lie in that (pictures, sigmoid
 * outputs), else from their least to their largest value so a standardized picture still shows.
 * Nothing is clipped.
 */
export function encodeImage(values: ArrayLike<number>, shape: readonly [number, number, number], preferredRange?: readonly [number, number]): SampleImage {
  const [lo, hi] = finiteExtent(values);
  const within = (r: readonly [number, number]) => lo >= r[0] - 1e-6 && hi <= r[1] + 1e-6;
  const range: [number, number] =
    preferredRange && within(preferredRange) ? [preferredRange[0], preferredRange[1]] : within([0, 1]) ? [0, 1] : Number.isFinite(lo) && hi > lo ? [lo, hi] : [0, 1];
  const span = range[1] - range[0];
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    bytes[i] = Number.isFinite(v) ? Math.round(Math.max(0, Math.min(1, (v - range[0]) / span)) * 255) : 0;
  }
  const [height, width, channels] = shape;
  return { height, width, channels, range, bytes: bytesToBase64(bytes) };
}

/** A mask: one class index per pixel (at most 256 classes). */
export function encodeMask(classes: ArrayLike<number>, height: number, width: number): SampleImage {
  const bytes = new Uint8Array(classes.length);
  for (let i = 0; i < classes.length; i++) bytes[i] = Math.max(0, Math.min(255, Math.round(classes[i]!)));
  return { height, width, channels: 1, bytes: bytesToBase64(bytes) };
}

/** The values of an encoded image (within its range's rounding), or a mask's class indices. */
export function decodeImage(image: SampleImage): Float32Array {
  const bytes = base64ToBytes(image.bytes);
  const out = new Float32Array(image.height * image.width * image.channels);
  const [lo, hi] = image.range ?? [0, 255];
  const scale = image.range ? (hi - lo) / 255 : 1;
  for (let i = 0; i < out.length; i++) out[i] = lo + (bytes[i] ?? 0) * scale;
  return out;
}
