import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { maskClassNames, maskToClassIndices, pairImagesWithMasks, sparseMaskLevels } from './image-masks';

/** A grey RGBA image from rows of levels. */
const grey = (rows: number[][]) => ({ width: rows[0]!.length, height: rows.length, data: Uint8Array.from(rows.flat().flatMap((v) => [v, v, v, 255])) });

describe('image + mask folders', () => {
  it('reads grey levels as class indices, resized by nearest neighbour (no class in between)', () => {
    const mask = grey([
      [0, 0, 2, 2],
      [0, 0, 2, 2],
      [1, 1, 0, 0],
      [1, 1, 0, 0],
    ]);
    expect(Array.from(maskToClassIndices(mask, 2, 2, undefined, 'm.png'))).toEqual([0, 2, 1, 0]);
    expect(Array.from(maskToClassIndices(mask, 8, 8, undefined, 'm.png')).filter((v) => v !== 0 && v !== 1 && v !== 2)).toEqual([]);
  });

  it('maps listed grey levels to their positions, and names a level that is not listed', () => {
    const mask = grey([[0, 255], [128, 0]]);
    expect(Array.from(maskToClassIndices(mask, 2, 2, [0, 128, 255], 'm.png'))).toEqual([0, 2, 1, 0]);
    expect(() => maskToClassIndices(mask, 2, 2, [0, 255], 'm.png')).toThrow(/m\.png: pixel \(0, 1\) has grey level 128, which is not among the listed classes \(0, 255\)/);
    expect(maskClassNames({ classes: [0, 255] }, 0)).toEqual(['background', 'grey 255']);
    expect(maskClassNames({}, 3)).toEqual(['background', 'class 1', 'class 2', 'class 3']);
  });

  it('tells grey levels saved for viewing (few, far apart) from class indices with a gap', () => {
    expect(sparseMaskLevels([0, 255, 0, 255])).toEqual([0, 255]);
    expect(sparseMaskLevels([0, 128, 255])).toEqual([0, 128, 255]);
    expect(sparseMaskLevels([255])).toEqual([255]);
    expect(sparseMaskLevels([0, 1, 2, 3])).toBeNull();
    expect(sparseMaskLevels([0, 1, 20])).toBeNull();
    expect(sparseMaskLevels(Array.from({ length: 21 }, (_, i) => i))).toBeNull();
    expect(sparseMaskLevels([])).toBeNull();
  });

  it('pairs images with masks by name whatever the extension, and names the image without a mask', () => {
    expect(pairImagesWithMasks(['a.jpg', 'b.png'], ['a.png', 'b.png'], { images: 'img', masks: 'msk' })).toEqual([
      { image: 'a.jpg', mask: 'a.png' },
      { image: 'b.png', mask: 'b.png' },
    ]);
    const missing = () => pairImagesWithMasks(['a.png', 'c.png'], ['a.png'], { images: 'img', masks: 'msk' });
    expect(missing).toThrow(DatasetError);
    expect(missing).toThrow('img/c.png has no mask in msk');
  });
});
