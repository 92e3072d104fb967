import { describe, expect, it } from 'vitest';
import { datasetFields } from './fields';
import { generateShapes, ShapesDatasetSchema } from './shapes';

const shapes = (extra: Record<string, unknown> = {}) => generateShapes(ShapesDatasetSchema.parse({ kind: 'shapes', ...extra }));

describe('generated shape scenes', () => {
  it('gives images in 0..1 with a class-index mask of every pixel', () => {
    const data = shapes({ samples: 50 });
    expect(data.xShape).toEqual([50, 32, 32, 1]);
    expect(data.yShape).toEqual([50, 32, 32, 1]);
    expect(Math.min(...data.x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...data.x)).toBeLessThanOrEqual(1);
    expect(new Set(data.y)).toEqual(new Set([0, 1, 2, 3]));
    const fields = datasetFields(data);
    expect(fields.x!.kind).toBe('image');
    expect(fields.y).toMatchObject({ kind: 'class-index', classNames: ['background', 'circle', 'square', 'triangle'] });
  });

  it('draws shapes brighter than the background where the mask says so', () => {
    const data = shapes({ samples: 20 });
    let onShape = 0;
    let onBackground = 0;
    let shapePixels = 0;
    for (let i = 0; i < data.y.length; i++) {
      if (data.y[i]! > 0) {
        onShape += data.x[i]!;
        shapePixels++;
      } else onBackground += data.x[i]!;
    }
    expect(onShape / shapePixels).toBeGreaterThan(0.5);
    expect(onBackground / (data.y.length - shapePixels)).toBeLessThan(0.2);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(shapes({ samples: 10, seed: 3 }).x).toEqual(shapes({ samples: 10, seed: 3 }).x);
    expect(shapes({ samples: 10, seed: 4 }).y).not.toEqual(shapes({ samples: 10, seed: 3 }).y);
  });

  it('generates 600 scenes of 32×32 in well under a second, and 64×64 scenes', () => {
    const start = performance.now();
    shapes();
    expect(performance.now() - start).toBeLessThan(800);
    expect(shapes({ size: 64, samples: 4 }).xShape).toEqual([4, 64, 64, 1]);
  });
});
