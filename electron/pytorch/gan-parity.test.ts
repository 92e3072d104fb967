import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom, type Dataset } from '../../shared/data/dataset';
import { ganTestGraph } from '../../shared/export/test-graphs';
import type { GraphDocument } from '../../shared/graph/document';
import type { GanConfigInput } from '../../shared/graph/training-config';
import type { MetricLogs } from '../../shared/training/protocol';
import { decodeImage } from '../../shared/training/sample-image';
import type { GanPlaneEvent, GanSamplesEvent } from '../../shared/training/protocol';
import { loadDatasetFromReference } from '../node/datasets';
import { readProject } from '../node/project-files';
import { ganInBothEngines, pythonForTests } from './testing';

/**
 * The exported train.py runs the adversarial loop NN Designer runs: from the same initial
 * weights, on the same real samples in the same order and the same seeded noise, a few
 * iterations give the same d_loss, g_loss, d_real and d_fake every epoch in both engines, the
 * same samples of the fixed noise and (2-D) the same GAN Lab views.
 *
 * Tolerance: both engines compute in float32 but in different orders (tfjs's CPU kernels
 * against ATen's), ~1e-7 relative per operation, and every optimizer step carries the
 * difference on. Over these runs (3 epochs, 8–24 optimizer steps) the epoch means differed by
 * at most 3e-6 relative when this test was written; LOSS_TOLERANCE (1e-4, relative, absolute
 * below 1, as expectSameLogs) leaves room for other CPUs and thread counts while a loop that
 * breaks any rule is far outside it (no label smoothing in train.py: d_loss 1.152 against
 * 1.222). The divergences came out equal to 1e-12, but they count 2,000 points in a 30×30 grid
 * and a point on a cell's edge may land on either side of it: DIVERGENCE_TOLERANCE (1e-3
 * relative) allows that.
 */
tf.enableProdMode();

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

const LOSS_TOLERANCE = 1e-4;
const DIVERGENCE_TOLERANCE = 1e-3;
const VALUE_TOLERANCE = 1e-4;
const PIXEL_TOLERANCE = 2 / 255;
const GAN_KEYS = ['loss', 'd_loss', 'g_loss', 'd_real', 'd_fake'];

/** `count` real samples of `shape` in 0..1, fixed. */
function realSamples(count: number, shape: number[], seed: number): Dataset {
  const random = createRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const x = Float32Array.from({ length: count * size }, () => random());
  return { x, xShape: [count, ...shape], y: new Float32Array(count), yShape: [count, 1], featureNames: [], classNames: [] };
}

function expectSameEpochs(logs: { tfjs: MetricLogs[]; torch: MetricLogs[] }, keys: string[]): void {
  expect(logs.torch).toHaveLength(logs.tfjs.length);
  expect(logs.tfjs.length).toBeGreaterThan(0);
  logs.tfjs.forEach((tfjs, epoch) => {
    const torch = logs.torch[epoch]!;
    expect(Object.keys(torch).sort()).toEqual(Object.keys(tfjs).sort());
    for (const key of keys) {
      const [a, b] = [tfjs[key]!, torch[key]!];
      expect(Number.isFinite(a)).toBe(true);
      const tolerance = (key.endsWith('_divergence') ? DIVERGENCE_TOLERANCE : LOSS_TOLERANCE) * Math.max(1, Math.abs(a));
      expect([epoch + 1, key, Math.abs(a - b) <= tolerance ? 'close' : `tfjs ${a}, torch ${b}`]).toEqual([epoch + 1, key, 'close']);
    }
  });
}

/** Each event's samples as numbers: a picture's bytes back to values (within half a step of its range). */
function sampleValues(event: GanSamplesEvent): number[] {
  return event.images ? event.images.flatMap((image) => Array.from(decodeImage(image))) : event.values!.flat();
}

/**
 * The same samples of the fixed noise before training and after every epoch: the fixed noise
 * drawn alike, the networks alike. Values compare to VALUE_TOLERANCE; a picture's values travel
 * as bytes over their range, so one may round to the neighbouring byte: PIXEL_TOLERANCE is two
 * bytes' worth of a 0..1 range.
 */
function expectSameSamples(samples: { tfjs: GanSamplesEvent[]; torch: GanSamplesEvent[] }): void {
  expect(samples.torch.map((e) => [e.epoch, e.step, e.shape])).toEqual(samples.tfjs.map((e) => [e.epoch, e.step, e.shape]));
  samples.tfjs.forEach((tfjs, i) => {
    const [a, b] = [sampleValues(tfjs), sampleValues(samples.torch[i]!)];
    expect(b).toHaveLength(a.length);
    const worst = Math.max(...a.map((v, j) => Math.abs(v - b[j]!)));
    expect([tfjs.epoch, worst <= (tfjs.images ? PIXEL_TOLERANCE : VALUE_TOLERANCE) ? 'close' : `off by ${worst}`]).toEqual([tfjs.epoch, 'close']);
  });
}

/**
 * The same 2-D views before training and after every epoch (the last plane of each epoch: those
 * between come about once a second, as many as the machine's speed allows): bounds and real
 * points exactly, the rest (G's and D's outputs, the gradient arrows) to VALUE_TOLERANCE.
 */
function expectSamePlanes(planes: { tfjs: GanPlaneEvent[]; torch: GanPlaneEvent[] }, epochs: number): void {
  const lastOf = (events: GanPlaneEvent[], epoch: number) => events.filter((e) => e.epoch === epoch).at(-1);
  for (let epoch = 0; epoch <= epochs; epoch++) {
    const [tfjs, torch] = [lastOf(planes.tfjs, epoch), lastOf(planes.torch, epoch)];
    expect(tfjs, `tfjs plane of epoch ${epoch}`).toBeDefined();
    expect(torch, `train.py plane of epoch ${epoch}`).toBeDefined();
    expect([torch!.step, torch!.bounds, torch!.real]).toEqual([tfjs!.step, tfjs!.bounds, tfjs!.real]);
    for (const part of ['fake', 'gradients', 'heat', 'manifold'] as const) {
      const [a, b] = [tfjs![part].flat(), torch![part].flat()];
      expect(b).toHaveLength(a.length);
      const worst = Math.max(...a.map((v, j) => Math.abs(v - b[j]!) / Math.max(1, Math.abs(v))));
      expect([epoch, part, worst <= VALUE_TOLERANCE ? 'close' : `off by ${worst}`]).toEqual([epoch, part, 'close']);
    }
  }
}

const withTraining = (doc: GraphDocument, training: Partial<GraphDocument['training']>): GraphDocument => ({ ...doc, training: { ...doc.training, ...training } });

describe('train.py and the tfjs loop train a GAN alike', async () => {
  const { python, skipReason } = await pythonForTests();
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
  const scratch = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-gan-parity-'));
    dirs.push(dir);
    return dir;
  };

  const cases: { name: string; kind: 'points' | 'images'; gan: GanConfigInput | Record<string, unknown>; samples: number; batchSize: number }[] = [
    {
      name: '2-D points, non-saturating on a probability, normal noise, 2 D steps, label smoothing, a short last batch',
      kind: 'points',
      gan: { discriminatorSteps: 2, labelSmoothing: 0.1, discriminatorOptimizer: { learningRate: 0.01, beta1: 0.5 }, generatorOptimizer: { learningRate: 0.02, beta1: 0.3 } },
      samples: 40,
      batchSize: 16,
    },
    {
      name: '2-D points, least squares, uniform noise, 2 G steps, SGD with momentum against Adamax',
      kind: 'points',
      gan: { loss: 'least-squares', noise: 'uniform', generatorSteps: 2, discriminatorOptimizer: { optimizer: 'momentum', learningRate: 0.05 }, generatorOptimizer: { optimizer: 'adamax', learningRate: 0.01, beta1: 0.5 } },
      samples: 32,
      batchSize: 16,
    },
    {
      name: 'images, hinge on a logit, batch normalization in both networks',
      kind: 'images',
      gan: { loss: 'hinge', discriminatorOptimizer: { learningRate: 0.002, beta1: 0.5 }, generatorOptimizer: { learningRate: 0.002, beta1: 0.5 } },
      samples: 24,
      batchSize: 8,
    },
    {
      name: 'images, non-saturating on a logit',
      kind: 'images',
      gan: { discriminatorOptimizer: { learningRate: 0.002, beta1: 0.5 }, generatorOptimizer: { learningRate: 0.002, beta1: 0.5 } },
      samples: 24,
      batchSize: 8,
    },
  ];

  for (const c of cases)
    it.skipIf(!python)(`${c.name}: the same losses, opinions, samples${c.kind === 'points' ? ' and views' : ''} every epoch ${skipReason ?? ''}`, { timeout: 120_000 }, async () => {
      const doc = withTraining(ganTestGraph(c.kind, c.gan), { epochs: 3, batchSize: c.batchSize, seed: 7 });
      const data = realSamples(c.samples, c.kind === 'points' ? [2] : [8, 8, 1], 3);
      const run = await ganInBothEngines(python!.python, await scratch(), doc, data);
      expectSameEpochs(run.epochs, c.kind === 'points' ? [...GAN_KEYS, 'kl_divergence', 'js_divergence'] : GAN_KEYS);
      expectSameSamples(run.samples);
      if (c.kind === 'points') expectSamePlanes(run.planes, doc.training.epochs);
    });

  it.skipIf(!python)(`the gan-ring template on its own ring: the same losses, samples and views for 3 epochs ${skipReason ?? ''}`, { timeout: 120_000 }, async () => {
    const project = await readProject(path.join(EXAMPLES, 'gan-ring.nnd.json'));
    const doc = withTraining(project, { epochs: 3 });
    const data = await loadDatasetFromReference(doc.dataset!, { validationSplit: 0, seed: doc.training.seed });
    const run = await ganInBothEngines(python!.python, await scratch(), doc, data);
    expectSameEpochs(run.epochs, [...GAN_KEYS, 'kl_divergence', 'js_divergence']);
    expectSameSamples(run.samples);
    expectSamePlanes(run.planes, doc.training.epochs);
  });
});
