import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../data/dataset';
import { generateDataset } from '../data/generated';
import { GAN_MANIFOLD_GRID, GAN_PLANE_GRID, type StartMessage, type WorkerEvent } from './protocol';
import { createTrainingRunner, type RunnerEnvironment } from './runner';
import { ganDocument } from './gan-document.fixture';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A runner in memory on generated sets: what it sends and saves, and when it is finished. */
function harness() {
  const events: WorkerEvent[] = [];
  const saved: Array<{ dir: string; weights: number; inputs: number; outputs: number }> = [];
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const env: RunnerEnvironment = {
    selectBackend: async () => 'cpu',
    loadData: async (job) => {
      if (job.dataset.kind !== 'generated') throw new Error('generated sets only here');
      return generateDataset(job.dataset) as Dataset;
    },
    saveModel: async (dir, model) => void saved.push({ dir, weights: model.getWeights().length, inputs: model.inputs.length, outputs: model.outputs.length }),
    send: async (event) => void events.push(event),
    finished: finish,
  };
  return { runner: createTrainingRunner(env), events, saved, finished };
}

function startOf(doc = ganDocument()): StartMessage {
  return { type: 'start', document: doc, dataset: doc.dataset!, training: doc.training, saveTo: '/runs/final', evaluate: true };
}

describe('a GAN run through the runner', () => {
  it('trains a 2-D GAN on the ring: ready (adversarial), batches and epochs with both losses, samples, planes, divergence, saved, done', async () => {
    const h = harness();
    h.runner.handle(startOf());
    await h.finished;
    const types = h.events.map((e) => e.type);
    expect(h.events[0]).toMatchObject({ type: 'ready', adversarial: true, trainSamples: 256, validationSamples: 0, batchesPerEpoch: 4, epochs: 2 });
    expect(types.at(-1)).toBe('done');
    expect(types).not.toContain('evaluation');
    expect(types).not.toContain('error');

    const batches = h.events.filter((e) => e.type === 'batch');
    expect(batches.length).toBeGreaterThanOrEqual(2);
    for (const b of batches) {
      expect(Object.keys(b.metrics).sort()).toEqual(['d_fake', 'd_loss', 'd_real', 'g_loss']);
      expect(b.loss).toBe(b.metrics.d_loss);
    }

    const epochs = h.events.filter((e) => e.type === 'epoch');
    expect(epochs).toHaveLength(2);
    for (const e of epochs) {
      expect(Object.keys(e.logs).sort()).toEqual(['d_fake', 'd_loss', 'd_real', 'g_loss', 'js_divergence', 'kl_divergence', 'loss']);
      for (const value of Object.values(e.logs)) expect(Number.isFinite(value)).toBe(true);
      expect(e.logs.js_divergence).toBeGreaterThan(0);
      expect(e.logs.js_divergence).toBeLessThanOrEqual(Math.LN2);
      // A probability: the discriminator ends in a sigmoid and the loss is non-saturating.
      expect(e.logs.d_real).toBeGreaterThan(0);
      expect(e.logs.d_real).toBeLessThan(1);
    }

    const samples = h.events.filter((e) => e.type === 'gan-samples');
    expect(samples.map((s) => s.epoch)).toEqual([0, 1, 2]);
    expect(samples.map((s) => s.step)).toEqual([0, 4, 8]);
    // The first comes before any training.
    expect(types.indexOf('gan-samples')).toBeLessThan(types.indexOf('batch'));
    for (const s of samples) {
      expect(s.shape).toEqual([2]);
      expect(s.values).toHaveLength(64);
      expect(s.values!.every((v) => v.length === 2 && v.every(Number.isFinite))).toBe(true);
    }
    // The same noise all run: the samples move as the generator learns, from where they started.
    expect(samples[2]!.values).not.toEqual(samples[0]!.values);

    const planes = h.events.filter((e) => e.type === 'gan-plane');
    expect(planes.map((p) => p.epoch)).toEqual(expect.arrayContaining([0, 1, 2]));
    for (const p of planes) {
      expect(p.heat).toHaveLength(GAN_PLANE_GRID * GAN_PLANE_GRID);
      expect(p.heat.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(p.manifold).toHaveLength(GAN_MANIFOLD_GRID * GAN_MANIFOLD_GRID);
      expect(p.fake.length).toBeLessThanOrEqual(300);
      expect(p.gradients).toHaveLength(p.fake.length);
      expect(p.real.length).toBeGreaterThan(0);
      expect(p.real.length).toBeLessThanOrEqual(300);
      expect(p.bounds.xMin).toBeLessThan(-0.7);
      expect(p.bounds.xMax).toBeGreaterThan(0.7);
      // The bounds are fixed for the run.
      expect(p.bounds).toEqual(planes[0]!.bounds);
    }

    expect(h.events.at(-1)).toMatchObject({ type: 'done', reason: 'completed', epochs: 2, savedTo: '/runs/final', metrics: { d_loss: expect.any(Number), g_loss: expect.any(Number) } });
    // The whole model: both networks.
    expect(h.saved).toEqual([{ dir: '/runs/final', weights: 8, inputs: 2, outputs: 2 }]);
  });

  it('repeats exactly for a seed', async () => {
    const epochLogs = async () => {
      const h = harness();
      h.runner.handle(startOf(ganDocument({ training: { epochs: 1 } })));
      await h.finished;
      return h.events.flatMap((e) => (e.type === 'epoch' ? [e.logs] : []));
    };
    expect(await epochLogs()).toEqual(await epochLogs());
  });

  it('refuses a GAN document with problems, with the gan problems validation says', async () => {
    const h = harness();
    const doc = ganDocument({ gan: { loss: 'hinge' } });
    h.runner.handle(startOf(doc));
    await h.finished;
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({ type: 'error', problems: [{ code: 'gan-discriminator-output', params: { reason: 'hinge-probability' } }] });
  });

  it('refuses real samples of another shape than the generated ones', async () => {
    const h = harness();
    const doc = ganDocument();
    // The spirals are 2-D too, but their labels are a field "y": the generator's 2 values cannot be them.
    h.runner.handle(startOf({ ...doc, training: { ...doc.training, gan: { ...doc.training.gan!, real: 'y' } }, dataset: { ...doc.dataset!, name: 'blobs', classes: 3 } } as never));
    await h.finished;
    expect(h.events.at(-1)).toMatchObject({ type: 'error', problems: [{ code: 'gan-shape', params: { against: 'data', field: 'y' } }] });
  });

  it('pauses and stops between iterations', async () => {
    const h = harness();
    h.runner.handle(startOf(ganDocument({ training: { epochs: 500 } })));
    await expect.poll(() => h.events.some((e) => e.type === 'epoch'), { timeout: 20_000 }).toBe(true);
    h.runner.handle({ type: 'pause' });
    await expect.poll(() => h.events.some((e) => e.type === 'paused'), { timeout: 10_000 }).toBe(true);
    const seen = h.events.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.events.length).toBe(seen);
    h.runner.handle({ type: 'stop' });
    await h.runner.whenIdle();
    expect(h.events.at(-1)).toMatchObject({ type: 'done', reason: 'stopped' });
  });

  it('calibrates a GAN as it would train it', async () => {
    const h = harness();
    const doc = ganDocument();
    h.runner.handle({ type: 'calibrate', document: doc, dataset: doc.dataset, training: doc.training, budgetMs: 200 });
    await expect.poll(() => h.events.find((e) => e.type === 'calibration'), { timeout: 10_000 }).toBeTruthy();
    const calibration = h.events.find((e) => e.type === 'calibration')!;
    expect(calibration).toMatchObject({ type: 'calibration', batches: expect.any(Number) });
  });
});
