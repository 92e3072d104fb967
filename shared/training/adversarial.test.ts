import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitIndices, type Dataset } from '../data/dataset';
import { generateDataset } from '../data/generated';
import { compileGraph } from '../compile/compile';
import type { GraphDocument } from '../graph/document';
import { tfjsCatalog } from '../layers/tfjs-catalog';
import { seedMathRandom } from '../layers/seed';
import { TrainingConfigSchema } from '../graph/training-config';
import { adversarialRun, adversarialTrainer, trainAdversarially } from './adversarial';
import { TrainingControl } from './control';
import type { ProgressEvent } from './loop';
import { GAN_MANIFOLD_GRID, GAN_PLANE_GRID, type BatchEvent, type StartMessage, type WorkerEvent } from './protocol';
import { createTrainingRunner, type RunnerEnvironment } from './runner';
import { ganDocument, RING_DISCRIMINATOR, RING_GENERATOR, type GanLayer } from '../graph/gan-document.fixture';

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

  it('takes a step request while paused: one iteration, then halted again', async () => {
    const h = harness();
    h.runner.handle(startOf(ganDocument({ training: { epochs: 500 } })));
    await expect.poll(() => h.events.some((e) => e.type === 'epoch'), { timeout: 20_000 }).toBe(true);
    h.runner.handle({ type: 'pause' });
    const halts = () => h.events.filter((e) => e.type === 'paused').length;
    await expect.poll(halts, { timeout: 10_000 }).toBe(1);
    const from = h.events.length;
    h.runner.handle({ type: 'step', player: 'generator' });
    await expect.poll(halts, { timeout: 10_000 }).toBe(2);
    expect(h.events.slice(from).filter((e) => e.type === 'batch')).toMatchObject([{ stepped: 'generator' }]);
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

describe('the two players', () => {
  function compiledRun(doc: GraphDocument = ganDocument()) {
    seedMathRandom(doc.training.seed);
    const compiled = compileGraph(doc, tfjsCatalog);
    const data = generateDataset(doc.dataset as Extract<NonNullable<typeof doc.dataset>, { kind: 'generated' }>) as Dataset;
    return { compiled, data, doc, run: adversarialRun(doc, compiled, data, doc.training.gan!) };
  }
  const valuesOf = (model: tf.LayersModel) => model.trainableWeights.map((w) => Array.from(w.read().dataSync()));

  it('are models of their own over the compiled model\'s layers: the whole model holds both', () => {
    const { compiled, run } = compiledRun();
    const { generator, discriminator } = run.models;
    expect(generator.inputs[0]!.shape).toEqual([null, 2]);
    expect(generator.outputs[0]!.shape).toEqual([null, 2]);
    expect(discriminator.outputs[0]!.shape).toEqual([null, 1]);
    const names = (model: tf.LayersModel) => model.layers.map((l) => l.name);
    expect(names(generator)).toEqual(RING_GENERATOR.map(([, , name]) => name));
    expect(names(discriminator)).toEqual(RING_DISCRIMINATOR.map(([, , name]) => name));
    // Shared, not copied: the same layer objects as the whole model's.
    expect(generator.layers[1]).toBe(compiled.layers.get('g_hidden'));
    expect(compiled.model.trainableWeights).toHaveLength(generator.trainableWeights.length + discriminator.trainableWeights.length);
    compiled.model.dispose();
  });

  it('each step only its own weights: a D step leaves G as it was, a G step leaves D', () => {
    const { compiled, run } = compiledRun();
    const trainer = adversarialTrainer(run, 1);
    const real = tf.randomNormal([32, 2], 0, 0.5, 'float32', 3);
    const generatorBefore = valuesOf(run.models.generator);
    const discriminatorBefore = valuesOf(run.models.discriminator);

    tf.tidy(() => void trainer.discriminatorStep(real));
    expect(valuesOf(run.models.generator)).toEqual(generatorBefore);
    const discriminatorAfter = valuesOf(run.models.discriminator);
    expect(discriminatorAfter).not.toEqual(discriminatorBefore);

    tf.tidy(() => void trainer.generatorStep(32));
    expect(valuesOf(run.models.discriminator)).toEqual(discriminatorAfter);
    expect(valuesOf(run.models.generator)).not.toEqual(generatorBefore);

    trainer.dispose();
    real.dispose();
    compiled.model.dispose();
  });

  it('steps a paused run one iteration, one D step or one G step at a time, each reporting both players and the plane', async () => {
    const { compiled, data, doc, run } = compiledRun(ganDocument({ training: { epochs: 500 } }));
    const control = new TrainingControl();
    const events: ProgressEvent[] = [];
    const running = trainAdversarially(compiled.model, run, data, TrainingConfigSchema.parse(doc.training), {
      backend: 'cpu',
      control,
      yieldIntervalMs: 0,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'epoch' && e.epoch === 1) control.pause();
      },
    });
    const halts = () => events.filter((e) => e.type === 'paused').length;
    await expect.poll(halts, { timeout: 20_000 }).toBe(1);
    expect(events.at(-1)).toMatchObject({ type: 'paused', epoch: 2, batch: 0 });

    /** One step: what it reported (its batch event, the plane drawn after it) and which players' weights it moved. */
    const step = async (player?: 'discriminator' | 'generator') => {
      const generatorBefore = valuesOf(run.models.generator);
      const discriminatorBefore = valuesOf(run.models.discriminator);
      const from = events.length;
      control.step(player ? { player } : {});
      await expect.poll(halts, { timeout: 10_000 }).toBe(halts() + 1);
      const since = events.slice(from);
      return {
        types: since.map((e) => e.type),
        batch: since.find((e): e is BatchEvent => e.type === 'batch')!,
        moved: { generator: !equal(valuesOf(run.models.generator), generatorBefore), discriminator: !equal(valuesOf(run.models.discriminator), discriminatorBefore) },
      };
    };
    const equal = (a: number[][], b: number[][]) => JSON.stringify(a) === JSON.stringify(b);

    const lastOf = events.filter((e): e is BatchEvent => e.type === 'batch').at(-1)!;
    const d = await step('discriminator');
    expect(d.types).toEqual(['batch', 'gan-plane', 'paused']);
    expect(d.moved).toEqual({ discriminator: true, generator: false });
    expect(d.batch).toMatchObject({ epoch: 2, batch: 1, stepped: 'discriminator' });
    // Both players' values, the generator's scored as it stands.
    expect(Object.keys(d.batch.metrics).sort()).toEqual(['d_fake', 'd_loss', 'd_real', 'g_loss']);
    for (const value of Object.values(d.batch.metrics)) expect(Number.isFinite(value)).toBe(true);
    expect(d.batch.metrics.d_loss).not.toBe(lastOf.metrics.d_loss);

    const g = await step('generator');
    expect(g.types).toEqual(['batch', 'gan-plane', 'paused']);
    expect(g.moved).toEqual({ discriminator: false, generator: true });
    expect(g.batch).toMatchObject({ epoch: 2, batch: 2, stepped: 'generator' });

    const both = await step();
    expect(both.moved).toEqual({ discriminator: true, generator: true });
    expect(both.batch).toMatchObject({ epoch: 2, batch: 3, stepped: 'batch' });
    expect(events.at(-1)).toMatchObject({ type: 'paused', epoch: 2, batch: 3 });

    control.stop();
    expect((await running).reason).toBe('stopped');
    compiled.model.dispose();
  });

  it('leaves no tensor behind after a step', () => {
    const { compiled, run } = compiledRun();
    const trainer = adversarialTrainer(run, 1);
    const real = tf.randomNormal([16, 2]);
    // The first steps make the optimizers' slots; the count holds from then on.
    tf.tidy(() => {
      trainer.discriminatorStep(real);
      trainer.generatorStep(16);
    });
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      trainer.discriminatorStep(real);
      trainer.generatorStep(16);
    });
    expect(tf.memory().numTensors).toBe(before);
    trainer.dispose();
    real.dispose();
    compiled.model.dispose();
  });

  it('takes its steps in the documented order (train.py mirrors it): the seeded real rows, k_D D steps, then k_G G steps, noise drawn as they go', async () => {
    const doc = ganDocument({ gan: { discriminatorSteps: 2, generatorSteps: 3 }, training: { epochs: 1, batchSize: 256, shuffle: false, seed: 5 } });
    const looped = compiledRun(doc);
    const data = generateDataset(doc.dataset as Extract<NonNullable<typeof doc.dataset>, { kind: 'generated' }>) as Dataset;
    await trainAdversarially(looped.compiled.model, looped.run, data, doc.training, { backend: 'cpu' });

    const byHand = compiledRun(doc);
    const trainer = adversarialTrainer(byHand.run, doc.training.seed);
    const rows = splitIndices(256, 0, doc.training.seed).train;
    tf.tidy(() => {
      const real = tf.gather(tf.tensor2d(data.x, [256, 2]), tf.tensor1d(rows, 'int32'));
      trainer.discriminatorStep(real);
      trainer.discriminatorStep(real);
      for (let k = 0; k < 3; k++) trainer.generatorStep(256);
    });
    trainer.dispose();
    expect(valuesOf(byHand.compiled.model)).toEqual(valuesOf(looped.compiled.model));
    looped.compiled.model.dispose();
    byHand.compiled.model.dispose();
  });

  it('ends a run whose losses are no longer numbers with the usual divergence message', async () => {
    const h = harness();
    const blowUp = { optimizer: 'sgd' as const, learningRate: 1e12 };
    // Linear layers and a logit: nothing saturates, so the squares overflow.
    const discriminator: GanLayer[] = [
      ['Input', { shape: [2] }, 'sample'],
      ['Dense', { units: 16 }, 'd_hidden'],
      ['Dense', { units: 1 }, 'logit'],
    ];
    h.runner.handle(startOf(ganDocument({ discriminator, gan: { loss: 'least-squares', discriminatorOptimizer: blowUp, generatorOptimizer: blowUp }, training: { epochs: 50 } })));
    await h.finished;
    expect(h.events.at(-1)).toMatchObject({ type: 'error', said: { training: { id: 'divergedNonFinite' } } });
  });
});

describe('an image GAN with batch normalization (a small DCGAN)', () => {
  const generator: GanLayer[] = [
    ['Input', { shape: [8] }, 'noise'],
    ['Dense', { units: 7 * 7 * 4, useBias: false }, 'project'],
    ['BatchNormalization', {}, 'g_norm'],
    ['Activation', { activation: 'relu' }, 'g_relu'],
    ['Reshape', { targetShape: [7, 7, 4] }, 'g_grid'],
    ['Conv2DTranspose', { filters: 1, kernelSize: [3, 3], strides: [2, 2], padding: 'same', activation: 'tanh' }, 'fake'],
  ];
  const discriminator: GanLayer[] = [
    ['Input', { shape: [14, 14, 1] }, 'image'],
    ['Conv2D', { filters: 4, kernelSize: [3, 3], strides: [2, 2], padding: 'same' }, 'd_conv'],
    ['BatchNormalization', {}, 'd_norm'],
    ['Activation', { activation: 'leakyRelu', alpha: 0.2 }, 'd_leaky'],
    ['Flatten', {}, 'd_flat'],
    ['Dense', { units: 1 }, 'logit'],
  ];
  /** 48 pictures of a bright square somewhere on a dark 14 × 14 field, in −1..1 as a tanh makes them. */
  function squares(): Dataset {
    const x = new Float32Array(48 * 14 * 14).fill(-1);
    for (let n = 0; n < 48; n++)
      for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) x[n * 196 + ((n % 10) + r) * 14 + ((n * 3) % 10) + c] = 1;
    return { x, xShape: [48, 14, 14, 1], y: new Float32Array(0), yShape: [48, 0], classNames: [], featureNames: [] } as unknown as Dataset;
  }

  it('trains both networks, sends pictures each epoch, and keeps its tensors from epoch to epoch', async () => {
    const doc = ganDocument({ generator, discriminator, training: { epochs: 3, batchSize: 16 } });
    seedMathRandom(1);
    const compiled = compileGraph(doc, tfjsCatalog);
    const data = squares();
    const run = adversarialRun(doc, compiled, data, doc.training.gan!);
    const events: ProgressEvent[] = [];
    const tensorsAtEpoch: number[] = [];
    const before = valuesOfAll(compiled.model);
    const tensorsBefore = tf.memory().numTensors;
    const outcome = await trainAdversarially(compiled.model, run, data, doc.training, {
      backend: 'cpu',
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'epoch') tensorsAtEpoch.push(tf.memory().numTensors);
      },
    });
    expect(outcome).toMatchObject({ reason: 'completed', epochs: 3 });
    expect(tensorsAtEpoch[2]).toBe(tensorsAtEpoch[1]);
    // The optimizers' slots, the noise and the data are all freed with the run.
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const samples = events.filter((e) => e.type === 'gan-samples');
    expect(samples.map((e) => e.epoch)).toEqual([0, 1, 2, 3]);
    for (const s of samples) {
      expect(s.shape).toEqual([14, 14, 1]);
      expect(s.images).toHaveLength(64);
    }
    expect(events.some((e) => e.type === 'gan-plane')).toBe(false);
    const epochs = events.filter((e) => e.type === 'epoch');
    for (const e of epochs) {
      expect(Object.keys(e.logs).sort()).toEqual(['d_fake', 'd_loss', 'd_real', 'g_loss', 'loss']);
      for (const value of Object.values(e.logs)) expect(Number.isFinite(value)).toBe(true);
    }
    // Every trainable weight of both networks moved; BatchNormalization's moving statistics too.
    const after = valuesOfAll(compiled.model);
    compiled.model.trainableWeights.forEach((w, i) => expect(after[i], w.name).not.toEqual(before[i]));
    const moving = compiled.model.weights.filter((w) => /moving_mean/.test(w.name));
    expect(moving).toHaveLength(2);
    compiled.model.dispose();
  });
});

function valuesOfAll(model: tf.LayersModel): number[][] {
  return model.trainableWeights.map((w) => Array.from(w.read().dataSync()));
}
