import { PNG } from 'pngjs';
import { imageRange } from '../../shared/training/sample-image';

/** RGBA pixels, row-major, 4 bytes each. */
export interface Raster {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Gap between pictures of the grid, and the frame around it, in pixels. */
const GAP = 2;
/** A picture of the grid is scaled up by whole pixels to about this many pixels on its longer side. */
const CELL_PIXELS = 112;
/** Side of the square a scatter of points is drawn in. */
const SCATTER_SIDE = 512;

/** One picture a generated sample can be drawn as: a grid of images, or a scatter of 2-D points. */
export type PictureKind = { kind: 'images'; height: number; width: number; channels: number } | { kind: 'points' };

/**
 * How samples of `shape` are drawn: [h, w] and [h, w, c] with 1, 3 or 4 channels as images,
 * [2] as points in the plane; anything else has no picture (null).
 */
export function pictureKind(shape: readonly number[]): PictureKind | null {
  if (shape.length === 1 && shape[0] === 2) return { kind: 'points' };
  if (shape.length === 2) return { kind: 'images', height: shape[0]!, width: shape[1]!, channels: 1 };
  if (shape.length === 3 && [1, 3, 4].includes(shape[2]!)) return { kind: 'images', height: shape[0]!, width: shape[1]!, channels: shape[2]! };
  return null;
}

/** `count` images of `height` × `width` × `channels` values each (flat, row-major), side by side in rows on a grey ground. */
export function imageGrid(values: ArrayLike<number>, count: number, height: number, width: number, channels: number): Raster {
  const columns = Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / columns);
  const scale = Math.max(1, Math.floor(CELL_PIXELS / Math.max(height, width)));
  const cellWidth = width * scale;
  const cellHeight = height * scale;
  const raster = blank(GAP + columns * (cellWidth + GAP), GAP + rows * (cellHeight + GAP), [128, 128, 128]);
  const [lo, hi] = imageRange(values);
  const toByte = (v: number) => (Number.isFinite(v) ? Math.round(Math.max(0, Math.min(1, (v - lo) / (hi - lo))) * 255) : 0);
  const perSample = height * width * channels;
  for (let k = 0; k < count; k++) {
    const left = GAP + (k % columns) * (cellWidth + GAP);
    const top = GAP + Math.floor(k / columns) * (cellHeight + GAP);
    for (let y = 0; y < cellHeight; y++)
      for (let x = 0; x < cellWidth; x++) {
        const at = k * perSample + (Math.floor(y / scale) * width + Math.floor(x / scale)) * channels;
        const grey = toByte(values[at]!);
        const rgb: [number, number, number] = channels >= 3 ? [toByte(values[at]!), toByte(values[at + 1]!), toByte(values[at + 2]!)] : [grey, grey, grey];
        setPixel(raster, left + x, top + y, rgb);
      }
  }
  return raster;
}

/**
 * 2-D points (x0, y0, x1, y1, …) as dots on a white square with the axes in light grey,
 * x to the right and y up, the view spanning the points (and the origin) with a margin.
 */
export function pointScatter(values: ArrayLike<number>, count: number): Raster {
  const raster = blank(SCATTER_SIDE, SCATTER_SIDE, [255, 255, 255]);
  let extent = 0;
  for (let i = 0; i < 2 * count; i++) if (Number.isFinite(values[i]!)) extent = Math.max(extent, Math.abs(values[i]!));
  const half = (extent || 1) * 1.1;
  const toPixel = (v: number) => Math.round(((v + half) / (2 * half)) * (SCATTER_SIDE - 1));
  const origin = toPixel(0);
  for (let i = 0; i < SCATTER_SIDE; i++) {
    setPixel(raster, i, origin, [220, 220, 220]);
    setPixel(raster, origin, i, [220, 220, 220]);
  }
  for (let k = 0; k < count; k++) {
    const x = values[2 * k]!;
    const y = values[2 * k + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const px = toPixel(x);
    const py = SCATTER_SIDE - 1 - toPixel(y);
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) if (dx * dx + dy * dy <= 5) setPixel(raster, px + dx, py + dy, [31, 119, 180]);
  }
  return raster;
}

function blank(width: number, height: number, [r, g, b]: [number, number, number]): Raster {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < rgba.length; i += 4) rgba.set([r, g, b, 255], i);
  return { width, height, rgba };
}

function setPixel(raster: Raster, x: number, y: number, rgb: [number, number, number]): void {
  if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) return;
  raster.rgba.set([...rgb, 255], (y * raster.width + x) * 4);
}

/** The raster as PNG file bytes. */
export function encodePng(raster: Raster): Buffer {
  const png = new PNG({ width: raster.width, height: raster.height });
  png.data = Buffer.from(raster.rgba.buffer, raster.rgba.byteOffset, raster.rgba.byteLength);
  return PNG.sync.write(png);
}
