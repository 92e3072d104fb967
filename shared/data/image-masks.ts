import { z } from 'zod';
import { datasetText } from './dataset-messages';
import { DatasetError } from './errors';
import type { RgbaImage } from './images';

/**
 * Segmentation data from files: a folder of images and a folder of masks with the same file
 * names (PNG or JPEG). A mask pixel's grey level is its class index, or, when `classes` lists
 * grey levels (masks saved as 0 / 255), the position of that level in the list.
 */
export const ImageMasksDatasetSchema = z.object({
  kind: z.literal('image-masks'),
  path: z.string().min(1),
  maskPath: z.string().min(1),
  width: z.number().int().min(1).max(1024).default(32),
  height: z.number().int().min(1).max(1024).default(32),
  color: z.enum(['grayscale', 'rgb']).default('rgb'),
  classes: z.array(z.number().int().min(0).max(255)).min(2).optional(),
});
export type ImageMasksDatasetReference = z.infer<typeof ImageMasksDatasetSchema>;

/** Names of the classes a mask holds: `class 0`… for indices, `grey 255`… for listed levels. */
export function maskClassNames(ref: Pick<ImageMasksDatasetReference, 'classes'>, largestIndex: number): string[] {
  if (ref.classes) return ref.classes.map((level, i) => (i === 0 ? 'background' : `grey ${level}`));
  return Array.from({ length: Math.max(2, largestIndex + 1) }, (_, i) => (i === 0 ? 'background' : `class ${i}`));
}

/**
 * A mask image → class indices [height, width], resized by nearest neighbour (averaging would
 * invent classes between two others). Reads the first channel: a grey mask's level.
 */
export function maskToClassIndices(mask: RgbaImage, width: number, height: number, classes: readonly number[] | undefined, file: string): Float32Array {
  const out = new Float32Array(width * height);
  const levelIndex = classes ? new Map(classes.map((level, i) => [level, i])) : null;
  for (let ty = 0; ty < height; ty++) {
    const sy = Math.min(mask.height - 1, Math.floor(((ty + 0.5) * mask.height) / height));
    for (let tx = 0; tx < width; tx++) {
      const sx = Math.min(mask.width - 1, Math.floor(((tx + 0.5) * mask.width) / width));
      const level = mask.data[(sy * mask.width + sx) * 4]!;
      if (!levelIndex) {
        out[ty * width + tx] = level;
        continue;
      }
      const index = levelIndex.get(level);
      if (index === undefined)
        throw new DatasetError(
          datasetText('maskLevelUnlisted', { file, level, x: sx, y: sy, levels: classes!.join(', ') }),
          'mapping',
          { source: file },
        );
      out[ty * width + tx] = index;
    }
  }
  return out;
}

/**
 * Grey levels that read as class indices would make mostly empty classes: few levels far apart
 * (0 and 255: a binary mask saved for viewing) give 256 classes for two. Returns the levels to
 * list as `classes` then, else null. A few index levels with gaps ({0, 1, 20}) stay indices.
 */
export function sparseMaskLevels(levels: Iterable<number>): number[] | null {
  const sorted = [...new Set(levels)].sort((a, b) => a - b);
  const largest = sorted[sorted.length - 1] ?? 0;
  return largest >= 16 && sorted.length * 8 <= largest ? sorted : null;
}

/** Pairs image files with mask files by name (extension aside): every image needs its mask. */
export function pairImagesWithMasks(images: readonly string[], masks: readonly string[], folders: { images: string; masks: string }): { image: string; mask: string }[] {
  const stem = (name: string) => name.replace(/\.[^.]+$/, '');
  const maskByStem = new Map(masks.map((m) => [stem(m), m]));
  return images.map((image) => {
    const mask = maskByStem.get(stem(image));
    if (!mask) throw new DatasetError(datasetText('maskMissing', { image, images: folders.images, masks: folders.masks }), 'mapping', { source: `${folders.images}/${image}` });
    return { image, mask };
  });
}
