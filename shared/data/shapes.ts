import { z } from 'zod';
import { createRandom, gaussian, type Dataset } from './dataset';

/**
 * Segmentation scenes that need no download: grayscale images of circles, squares and
 * triangles of random size and position (later shapes cover earlier ones) on a dark, lightly
 * noisy background, each with its class mask. Deterministic for a given seed.
 */
export const ShapesDatasetSchema = z.object({
  kind: z.literal('shapes'),
  size: z.union([z.literal(32), z.literal(64)]).default(32),
  samples: z.number().int().min(4).max(100_000).default(600),
  seed: z.number().int().default(1),
  /** Shapes per scene: 1 to this many. */
  maxShapes: z.number().int().min(1).max(8).default(3),
});
export type ShapesDatasetReference = z.infer<typeof ShapesDatasetSchema>;

export const SHAPE_CLASSES = ['background', 'circle', 'square', 'triangle'] as const;

/** Standard deviation of the pixel noise: light enough that the shapes stay obvious. */
const NOISE = 0.04;

/** Whether the pixel centre (px, py) lies inside a shape of class `shape` centred at (cx, cy) with half-size r. */
function inside(shape: number, px: number, py: number, cx: number, cy: number, r: number): boolean {
  const dx = px - cx;
  const dy = py - cy;
  if (shape === 1) return dx * dx + dy * dy <= r * r;
  if (shape === 2) return Math.abs(dx) <= r * 0.85 && Math.abs(dy) <= r * 0.85;
  // Triangle pointing up: apex at cy - r, base at cy + r, as wide as it is tall at the base.
  if (dy < -r || dy > r) return false;
  return Math.abs(dx) <= (dy + r) / 2;
}

export function generateShapes(ref: ShapesDatasetReference): Dataset {
  const { size, samples } = ref;
  const random = createRandom(ref.seed);
  const pixels = size * size;
  const x = new Float32Array(samples * pixels);
  const y = new Float32Array(samples * pixels);
  for (let s = 0; s < samples; s++) {
    const image = x.subarray(s * pixels, (s + 1) * pixels);
    const mask = y.subarray(s * pixels, (s + 1) * pixels);
    image.fill(0.1);
    const count = 1 + Math.floor(random() * ref.maxShapes);
    for (let k = 0; k < count; k++) {
      const shape = 1 + Math.floor(random() * 3);
      const r = size * (0.1 + 0.15 * random());
      const cx = r + random() * (size - 2 * r);
      const cy = r + random() * (size - 2 * r);
      // Brightness tells nothing about the class: only the outline does.
      const brightness = 0.55 + 0.45 * random();
      const x0 = Math.max(0, Math.floor(cx - r));
      const x1 = Math.min(size - 1, Math.ceil(cx + r));
      const y0 = Math.max(0, Math.floor(cy - r));
      const y1 = Math.min(size - 1, Math.ceil(cy + r));
      for (let py = y0; py <= y1; py++)
        for (let px = x0; px <= x1; px++)
          if (inside(shape, px + 0.5, py + 0.5, cx, cy, r)) {
            image[py * size + px] = brightness;
            mask[py * size + px] = shape;
          }
    }
    for (let p = 0; p < pixels; p++) image[p] = Math.min(1, Math.max(0, image[p]! + NOISE * gaussian(random)));
  }
  const classNames = [...SHAPE_CLASSES];
  const xShape = [samples, size, size, 1];
  const yShape = [samples, size, size, 1];
  return {
    x,
    xShape,
    y,
    yShape,
    featureNames: [],
    classNames,
    fields: {
      x: { values: x, shape: xShape, kind: 'image' },
      y: { values: y, shape: yShape, kind: 'class-index', classNames },
    },
  };
}
