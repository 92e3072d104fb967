import type { GeneratedDatasetReference } from './reference';
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
  return toDataset(points, classes, ref.labels, ref.name === 'xor' ? ['same sign', 'opposite sign'] : undefined);
}

type Generator = (samples: number, classes: number, noise: number, random: () => number) => Point[];

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
};

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
