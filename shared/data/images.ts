/** A decoded image: RGBA bytes, row-major (what pngjs and jpeg-js both give). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export type ColorMode = 'grayscale' | 'rgb';

/**
 * Resizes to `width`×`height` by averaging the source pixels each target pixel covers (so a
 * large photo shrinks without aliasing, and a small one is sampled up), then keeps one
 * channel (luminance) or three, scaled to 0..1. Transparent pixels are laid on white.
 */
export function imageToTensorData(image: RgbaImage, width: number, height: number, color: ColorMode): Float32Array {
  const channels = color === 'rgb' ? 3 : 1;
  const out = new Float32Array(width * height * channels);
  const scaleX = image.width / width;
  const scaleY = image.height / height;
  for (let ty = 0; ty < height; ty++) {
    const y0 = ty * scaleY;
    const y1 = Math.max(y0 + 1e-6, (ty + 1) * scaleY);
    for (let tx = 0; tx < width; tx++) {
      const x0 = tx * scaleX;
      const x1 = Math.max(x0 + 1e-6, (tx + 1) * scaleX);
      let r = 0;
      let g = 0;
      let b = 0;
      let area = 0;
      for (let sy = Math.floor(y0); sy < Math.min(image.height, Math.ceil(y1)); sy++) {
        const wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
        for (let sx = Math.floor(x0); sx < Math.min(image.width, Math.ceil(x1)); sx++) {
          const w = wy * (Math.min(x1, sx + 1) - Math.max(x0, sx));
          const at = (sy * image.width + sx) * 4;
          const alpha = image.data[at + 3]! / 255;
          r += w * (image.data[at]! * alpha + 255 * (1 - alpha));
          g += w * (image.data[at + 1]! * alpha + 255 * (1 - alpha));
          b += w * (image.data[at + 2]! * alpha + 255 * (1 - alpha));
          area += w;
        }
      }
      const at = (ty * width + tx) * channels;
      if (channels === 3) {
        out[at] = r / area / 255;
        out[at + 1] = g / area / 255;
        out[at + 2] = b / area / 255;
      } else out[at] = (0.299 * r + 0.587 * g + 0.114 * b) / area / 255;
    }
  }
  return out;
}

/** A small thumbnail as RGBA bytes from 0..1 tensor data (one or three channels), for the preview grid. */
export function tensorDataToRgba(data: ArrayLike<number>, offset: number, width: number, height: number, channels: number): Uint8Array {
  const out = new Uint8Array(width * height * 4);
  let min = Infinity;
  let max = -Infinity;
  const size = width * height * channels;
  for (let i = 0; i < size; i++) {
    const v = data[offset + i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // Stretched to the sample's own range, so unscaled bytes and 0..1 values both show.
  const range = max > min ? max - min : 1;
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) {
      const v = data[offset + p * channels + (channels === 3 ? c : 0)]!;
      out[p * 4 + c] = Math.round(((v - min) / range) * 255);
    }
    out[p * 4 + 3] = 255;
  }
  return out;
}
