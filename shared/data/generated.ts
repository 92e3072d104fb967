import { isUnlabelledSet, type GeneratedDatasetReference } from './reference';
import { createRandom, gaussian, type Dataset } from './dataset';

type Point = { x: number; y: number; label: number };

/**
 * The toy sets a course starts with, in the unit square around the origin, deterministic
 * for a given seed. Coordinates are perturbed by gaussian noise of standard deviation
 * `noise` after the label is decided, so noise makes a set harder, not different.
 */
export function generateDataset(ref: GeneratedDatasetReference): Dataset {
  const random = createRandom(ref.seed);
  const classes = ref.name === 'xor' || ref.name === 'circles' ? 2 : ref.classes;
  const points = GENERATORS[ref.name](ref.samples, classes, ref.noise, random);
  if (isUnlabelledSet(ref.name)) return unlabelled(points);
  return toDataset(points, classes, ref.labels, ref.name === 'xor' ? ['same sign', 'opposite sign'] : undefined);
}

type Generator = (samples: number, classes: number, noise: number, random: () => number) => Point[];

/** A mixture of gaussians whose standard deviation is the noise; sample i is drawn around centre i mod their count, so each gets its share. */
function mixture(centres: [number, number][]): Generator {
  return (samples, _classes, noise, random) =>
    Array.from({ length: samples }, (_, i) => {
      const k = i % centres.length;
      const [cx, cy] = centres[k]!;
      return { x: cx + noise * gaussian(random), y: cy + noise * gaussian(random), label: k };
    });
}

/** The centres of GAN Lab's ring: eight on a circle of radius 0.7, the first on the positive x axis. */
export const RING_CENTRES: [number, number][] = Array.from({ length: 8 }, (_, k) => [0.7 * Math.cos((2 * Math.PI * k) / 8), 0.7 * Math.sin((2 * Math.PI * k) / 8)]);
/** A 5 × 5 grid from −0.8 to 0.8 (0.4 apart), row by row. */
export const GRID_CENTRES: [number, number][] = Array.from({ length: 25 }, (_, k) => [-0.8 + 0.4 * (k % 5), -0.8 + 0.4 * Math.floor(k / 5)]);
export const TWO_GAUSSIAN_CENTRES: [number, number][] = [
  [-0.5, 0],
  [0.5, 0],
];
/** The line's ends: points are spread evenly between them. */
export const LINE_ENDS: [[number, number], [number, number]] = [
  [-0.8, -0.4],
  [0.8, 0.4],
];

const GENERATORS: Record<GeneratedDatasetReference['name'], Generator> = {
  // Points kept 0.3 away from the axes, so the default noise almost never pushes one into
  // the wrong quadrant and a small MLP can classify every point. Label 1 when the signs differ.
  xor: (samples, _classes, noise, random) =>
    Array.from({ length: samples }, () => {
      const sx = random() < 0.5 ? -1 : 1;
      const sy = random() < 0.5 ? -1 : 1;
      const x = sx * (0.3 + 0.7 * random());
      const y = sy * (0.3 + 0.7 * random());
      return { x: x + noise * gaussian(random), y: y + noise * gaussian(random), label: sx * sy < 0 ? 1 : 0 };
    }),

  // One arm per class, each turning 1.75 times around the centre, arms evenly rotated.
  spirals: (samples, classes, noise, random) =>
    Array.from({ length: samples }, (_, i) => {
      const label = i % classes;
      const r = 0.05 + 0.95 * random();
      const angle = 1.75 * 2 * Math.PI * r + (2 * Math.PI * label) / classes;
      return {
        x: r * Math.sin(angle) + noise * gaussian(random),
        y: r * Math.cos(angle) + noise * gaussian(random),
        label,
      };
    }),

  // Class 0 inside radius 0.5, class 1 in the ring from 0.7 to 1.
  circles: (samples, _classes, noise, random) =>
    Array.from({ length: samples }, (_, i) => {
      const label = i % 2;
      const r = label === 0 ? 0.5 * Math.sqrt(random()) : 0.7 + 0.3 * random();
      const angle = 2 * Math.PI * random();
      return {
        x: r * Math.cos(angle) + noise * gaussian(random),
        y: r * Math.sin(angle) + noise * gaussian(random),
        label,
      };
    }),

  // Centres evenly on a circle of radius 0.7; each blob spreads 0.15 plus the noise.
  blobs: (samples, classes, noise, random) =>
    Array.from({ length: samples }, (_, i) => {
      const label = i % classes;
      const angle = (2 * Math.PI * label) / classes;
      const spread = 0.15 + noise;
      return {
        x: 0.7 * Math.cos(angle) + spread * gaussian(random),
        y: 0.7 * Math.sin(angle) + spread * gaussian(random),
        label,
      };
    }),

  // The unlabelled sets (GAN Lab's): each gaussian's standard deviation is the noise, so noise 0 puts every point on a centre.
  ring: mixture(RING_CENTRES),
  grid: mixture(GRID_CENTRES),
  'two-gaussians': mixture(TWO_GAUSSIAN_CENTRES),
  line: (samples, _classes, noise, random) =>
    Array.from({ length: samples }, () => {
      const t = random();
      const [[x0, y0], [x1, y1]] = LINE_ENDS;
      return { x: x0 + t * (x1 - x0) + noise * gaussian(random), y: y0 + t * (y1 - y0) + noise * gaussian(random), label: 0 };
    }),
};

/** Points with no labels: y holds no values ([N, 0]) and there are no classes. */
function unlabelled(points: Point[]): Dataset {
  const x = new Float32Array(points.length * 2);
  points.forEach((p, i) => {
    x[2 * i] = p.x;
    x[2 * i + 1] = p.y;
  });
  return { x, xShape: [points.length, 2], y: new Float32Array(0), yShape: [points.length, 0], featureNames: ['x0', 'x1'], classNames: [] };
}

function toDataset(points: Point[], classes: number, labels: 'onehot' | 'index', classNames?: string[]): Dataset {
  const n = points.length;
  const x = new Float32Array(n * 2);
  const width = labels === 'onehot' ? classes : 1;
  const y = new Float32Array(n * width);
  points.forEach((p, i) => {
    x[2 * i] = p.x;
    x[2 * i + 1] = p.y;
    if (labels === 'onehot') y[i * width + p.label] = 1;
    else y[i] = p.label;
  });
  return {
    x,
    xShape: [n, 2],
    y,
    yShape: [n, width],
    featureNames: ['x0', 'x1'],
    classNames: classNames ?? Array.from({ length: classes }, (_, k) => `class ${k}`),
  };
}
