import { describe, expect, it } from 'vitest';
import { bytesToBase64 } from '../../../shared/training/sample-image';
import type { RunGanSamples } from '../../../shared/training/run-record';
import {
  divergenceSeries,
  gradientArrows,
  gridColumns,
  heatColour,
  heatPixels,
  isProbabilitySeries,
  manifoldPath,
  planeProjection,
  sampleLayout,
  sampleHistory,
  samplePictures,
  shownIndex,
  valuesText,
} from './gan-views';

const bounds = { xMin: -2, xMax: 2, yMin: -1, yMax: 3 };

describe('the GAN plane as drawn', () => {
  it('colours D’s probability purple towards fake, near white at ½, green towards real', () => {
    const [, fg, fb] = heatColour(0);
    const [er, eg, eb] = heatColour(0.5);
    const [, rg, rb] = heatColour(1);
    expect(fb).toBeGreaterThan(fg); // purple: more blue than green
    expect(rg).toBeGreaterThan(rb); // green
    expect(Math.min(er, eg, eb)).toBeGreaterThan(240);
    expect(heatColour(NaN)).toEqual(heatColour(0.5));
    expect(heatColour(7)).toEqual(heatColour(1));
  });

  it('draws the heat map with the row of yMin at the bottom of the picture', () => {
    const grid = 3;
    // Row 0 (y = yMin) says real, the rest fake.
    const heat = [1, 1, 1, 0, 0, 0, 0, 0, 0];
    const pixels = heatPixels(heat, grid);
    expect([pixels.width, pixels.height]).toEqual([3, 3]);
    const pixel = (row: number, column: number) => [...pixels.rgba.slice((row * grid + column) * 4, (row * grid + column) * 4 + 4)];
    expect(pixel(2, 0)).toEqual([...heatColour(1), 255]);
    expect(pixel(0, 0)).toEqual([...heatColour(0), 255]);
    expect(() => heatPixels([0.5], 3)).toThrow(/9 values/);
  });

  it('maps the plane onto the view with y up', () => {
    const project = planeProjection(bounds, 100);
    expect(project([-2, -1])).toEqual([0, 100]);
    expect(project([2, 3])).toEqual([100, 0]);
    expect(project([0, 1])).toEqual([50, 50]);
  });

  it('joins the manifold’s neighbours along rows and columns, breaking at points that are not finite', () => {
    const project = planeProjection(bounds, 100);
    const grid = 2;
    const manifold: [number, number][] = [
      [-2, -1],
      [2, -1],
      [-2, 3],
      [2, 3],
    ];
    expect(manifoldPath(manifold, project, grid)).toBe('M0.0 100.0L100.0 100.0M0.0 0.0L100.0 0.0M0.0 100.0L0.0 0.0M100.0 100.0L100.0 0.0');
    const broken = manifoldPath([[NaN, 0], ...manifold.slice(1)], project, grid);
    expect(broken.match(/M/g)).toHaveLength(4);
    expect(broken).not.toContain('NaN');
    expect(manifoldPath(manifold.slice(1), project, grid)).toBe('');
  });

  it('scales the gradient arrows together, the longest to the length asked, pointing where G would move each point', () => {
    const project = planeProjection(bounds, 100);
    const fake: [number, number][] = [
      [0, 1],
      [1, 1],
      [0, 0],
    ];
    const gradients: [number, number][] = [
      [0, 2],
      [1, 0],
      [0, 0],
    ];
    const arrows = gradientArrows(fake, gradients, project, bounds, 100, 10);
    // The still point has no arrow; the longest (up) is 10 px, the other half as long (right).
    expect(arrows).toHaveLength(2);
    expect(arrows[0]).toEqual({ x1: 50, y1: 50, x2: 50, y2: 40 });
    expect(arrows[1]!.x2 - arrows[1]!.x1).toBeCloseTo(5);
    expect(arrows[1]!.y2 - arrows[1]!.y1).toBeCloseTo(0);
    expect(gradientArrows(fake, [[0, 0], [0, 0], [0, 0]], project, bounds, 100, 10)).toEqual([]);
    expect(gradientArrows([[NaN, 0]], [[1, 1]], project, bounds, 100, 10)).toEqual([]);
  });
});

describe('the GAN sample grid', () => {
  const grid = (epoch: number): RunGanSamples => ({ epoch, step: epoch * 10, shape: [2], values: [[epoch, 0]] });
  const kept = [grid(0), grid(2), grid(4), grid(6)];

  it('shows the latest grid when following, else the epoch picked or the nearest earlier one kept', () => {
    expect(shownIndex(kept, { follow: true })).toBe(3);
    expect(shownIndex(kept, { follow: false, epoch: 4 })).toBe(2);
    expect(shownIndex(kept, { follow: false, epoch: 5 })).toBe(2);
    expect(shownIndex(kept, { follow: false, epoch: 0 })).toBe(0);
    expect(shownIndex([], { follow: true })).toBe(-1);
  });

  it('draws pictures as pictures, 2-D samples as points and anything else as numbers', () => {
    const image = { height: 2, width: 2, channels: 1, range: [-1, 1] as [number, number], bytes: bytesToBase64(new Uint8Array([0, 85, 170, 255])) };
    const pictures: RunGanSamples = { epoch: 1, step: 1, shape: [2, 2, 1], images: [image, image, image] };
    expect(sampleLayout(pictures)).toBe('images');
    expect(sampleLayout(grid(1))).toBe('points');
    expect(sampleLayout({ epoch: 1, step: 1, shape: [3], values: [[1, 2, 3]] })).toBe('values');
    const decoded = samplePictures(pictures, 2);
    expect(decoded).toHaveLength(2);
    expect([...decoded[0]!.rgba.slice(0, 8)]).toEqual([0, 0, 0, 255, 85, 85, 85, 255]);
  });

  it('follows one sample over the epochs kept, spread evenly when there are many', () => {
    const image = (value: number) => ({ height: 1, width: 1, channels: 1, range: [0, 1] as [number, number], bytes: bytesToBase64(new Uint8Array([value])) });
    const grids: RunGanSamples[] = Array.from({ length: 50 }, (_, epoch) => ({ epoch, step: epoch, shape: [1, 1, 1], images: [image(0), image(epoch)] }));
    const history = sampleHistory(grids, 1, 6);
    expect(history.map((h) => h.epoch)).toEqual([0, 10, 20, 29, 39, 49]);
    expect(history.map((h) => h.pixels.rgba[0])).toEqual([0, 10, 20, 29, 39, 49]);
    expect(sampleHistory(grids.slice(0, 3), 0, 6).map((h) => h.epoch)).toEqual([0, 1, 2]);
    expect(sampleHistory(grids, 5, 6)).toEqual([]);
  });

  it('lays 16 samples out 4 × 4 and 64 samples 8 × 8', () => {
    expect(gridColumns(16)).toBe(4);
    expect(gridColumns(64)).toBe(8);
    expect(gridColumns(10)).toBe(4);
    expect(gridColumns(0)).toBe(1);
  });

  it('shortens a long sample to its first values', () => {
    expect(valuesText([1, 2, 3], String, 6)).toBe('1, 2, 3');
    expect(valuesText([1, 2, 3, 4], String, 2)).toBe('1, 2, …');
  });
});

describe('the GAN charts’ series', () => {
  it('reads KL and JS per epoch, leaving out epochs that report neither', () => {
    const epoch = (n: number, logs: Record<string, number>) => ({ epoch: n, logs: { d_loss: 1, ...logs }, learningRate: 0.001, elapsedMs: n });
    expect(divergenceSeries([epoch(1, { kl_divergence: 3, js_divergence: 0.5 }), epoch(2, {}), epoch(3, { js_divergence: 0.2 })])).toEqual([
      { epoch: 1, kl: 3, js: 0.5 },
      { epoch: 3, kl: null, js: 0.2 },
    ]);
  });

  it('puts probabilities on a 0–1 axis and raw scores on their own', () => {
    expect(isProbabilitySeries([{ value: 0.2 }, { value: 1 }, { value: NaN }])).toBe(true);
    expect(isProbabilitySeries([{ value: 0.2 }, { value: -0.4 }])).toBe(false);
  });
});
