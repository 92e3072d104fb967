import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../compile/compile';
import type { Dataset } from '../data/dataset';
import { generateDataset } from '../data/generated';
import type { GraphDocument } from '../graph/document';
import { seedMathRandom } from '../layers/seed';
import { tfjsCatalog } from '../layers/tfjs-catalog';
import { adversarialRun } from './adversarial';
import { ganWatch, meanPairwiseDistance } from './adversarial-watch';
import { imageRange } from './sample-image';
import { ganDocument, type GanLayer } from '../graph/gan-document.fixture';
import type { ProgressEvent } from './loop';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function watching(doc: GraphDocument) {
  seedMathRandom(doc.training.seed);
  const compiled = compileGraph(doc, tfjsCatalog);
  const data = generateDataset(doc.dataset as Extract<NonNullable<GraphDocument['dataset']>, { kind: 'generated' }>) as Dataset;
  const run = adversarialRun(doc, compiled, data, doc.training.gan!);
  const events: ProgressEvent[] = [];
  const watch = ganWatch(run, { values: data.x, count: data.xShape[0]! }, doc.training.seed, { emit: (e) => void events.push(e), backend: 'cpu' });
  return { watch, events, dispose: () => (watch.dispose(), compiled.model.dispose()) };
}

const adviceIn = (events: ProgressEvent[]) => events.flatMap((e) => (e.type === 'gan-advice' ? [[e.epoch, e.advice]] : []));

describe('what a GAN run shows', () => {
  it('measures the spread of samples as their mean pairwise distance', () => {
    // (0, 0), (3, 4), (0, 4): distances 5, 3 and 4.
    expect(meanPairwiseDistance([0, 0, 3, 4, 0, 4], 3, 2)).toBeCloseTo(4, 10);
    expect(meanPairwiseDistance([1, 2], 1, 2)).toBe(0);
  });

  it('draws pictures on the real pictures\' scale: 0..1, −1..1 (a tanh generator\'s), or their own range', () => {
    expect(imageRange([0, 0.5, 1])).toEqual([0, 1]);
    expect(imageRange([-1, 0.2, 1])).toEqual([-1, 1]);
    expect(imageRange([-3, 2])).toEqual([-3, 2]);
    expect(imageRange([])).toEqual([0, 1]);
  });

  it('advises once when the discriminator wins, and again only after it stopped winning', () => {
    const { watch, events, dispose } = watching(ganDocument());
    watch.advise(1, { d_loss: 0.01, d_fake: 0.02 });
    watch.advise(2, { d_loss: 0.01, d_fake: 0.02 });
    watch.advise(3, { d_loss: 1.2, d_fake: 0.5 });
    watch.advise(4, { d_loss: 0.04, d_fake: 0.01 });
    // Low loss alone is not D winning: it must also call the fakes fake.
    watch.advise(5, { d_loss: 0.01, d_fake: 0.3 });
    expect(adviceIn(events)).toEqual([
      [1, 'discriminator-wins'],
      [4, 'discriminator-wins'],
    ]);
    const first = events.find((e) => e.type === 'gan-advice')!;
    expect(first.type === 'gan-advice' && first.message).toMatch(/discriminator tells every fake/);
    dispose();
  });

  it('advises when every fixed-noise sample is alike (a collapsed generator), not for a spread one', () => {
    // A generator whose kernel is 0 gives its bias, one point, for any noise.
    const collapsed: GanLayer[] = [
      ['Input', { shape: [2] }, 'noise'],
      ['Dense', { units: 2, kernelInitializer: 'zeros' }, 'fake'],
    ];
    const stuck = watching(ganDocument({ generator: collapsed }));
    stuck.watch.show(0, 0);
    stuck.watch.advise(1, { d_loss: 1.3, d_fake: 0.5 });
    expect(adviceIn(stuck.events)).toEqual([[1, 'mode-collapse']]);
    stuck.dispose();

    const spread = watching(ganDocument());
    spread.watch.show(0, 0);
    spread.watch.advise(1, { d_loss: 1.3, d_fake: 0.5 });
    expect(adviceIn(spread.events)).toEqual([]);
    spread.dispose();
  });

  it('draws the plane of a 2-D GAN: D\'s probability on 30 × 30 cells, the manifold, the fakes and where G pushes them', () => {
    const { watch, events, dispose } = watching(ganDocument());
    watch.show(0, 0);
    const plane = events.find((e) => e.type === 'gan-plane')!;
    if (plane.type !== 'gan-plane') throw new Error(plane.type);
    expect(plane.heat).toHaveLength(900);
    expect(plane.manifold).toHaveLength(400);
    expect(plane.fake).toHaveLength(300);
    expect(plane.real).toHaveLength(256);
    expect(plane.gradients.some(([x, y]) => x !== 0 || y !== 0)).toBe(true);
    // The ring has radius 0.7: the plane spans it with a margin.
    expect(plane.bounds.xMin).toBeLessThan(-0.75);
    expect(plane.bounds.yMax).toBeGreaterThan(0.75);
    // Not again within the second, whatever the batches do.
    watch.showPlaneEverySecond(1, 1);
    expect(events.filter((e) => e.type === 'gan-plane')).toHaveLength(1);
    const { kl_divergence: kl, js_divergence: js } = watch.divergence();
    expect(kl).toBeGreaterThan(0);
    expect(js).toBeGreaterThan(0);
    expect(js).toBeLessThanOrEqual(Math.LN2);
    dispose();
  });

  it('shows image samples as pictures', () => {
    const generator: GanLayer[] = [
      ['Input', { shape: [4] }, 'noise'],
      ['Dense', { units: 16, activation: 'sigmoid' }, 'pixels'],
      ['Reshape', { targetShape: [4, 4, 1] }, 'fake'],
    ];
    const discriminator: GanLayer[] = [
      ['Input', { shape: [4, 4, 1] }, 'image'],
      ['Flatten', {}, 'flat'],
      ['Dense', { units: 1 }, 'logit'],
    ];
    const doc = ganDocument({ generator, discriminator });
    seedMathRandom(1);
    const compiled = compileGraph(doc, tfjsCatalog);
    const images = { x: new Float32Array(8 * 16).map((_, i) => (i % 16) / 16), xShape: [8, 4, 4, 1], y: new Float32Array(0), yShape: [8, 0], classNames: [], featureNames: [] } as unknown as Dataset;
    const run = adversarialRun(doc, compiled, images, doc.training.gan!);
    const events: ProgressEvent[] = [];
    const watch = ganWatch(run, { values: images.x, count: 8 }, 1, { emit: (e) => void events.push(e), backend: 'cpu' });
    watch.show(0, 0);
    expect(events.map((e) => e.type)).toEqual(['gan-samples']);
    const samples = events[0]!;
    if (samples.type !== 'gan-samples') throw new Error(samples.type);
    expect(samples.shape).toEqual([4, 4, 1]);
    expect(samples.images).toHaveLength(64);
    // On the real pictures' scale, 0..1 here, whatever the samples' own values.
    expect(samples.images![0]).toMatchObject({ height: 4, width: 4, channels: 1, range: [0, 1] });
    expect(watch.divergence()).toEqual({});
    watch.dispose();
    compiled.model.dispose();
  });
});
