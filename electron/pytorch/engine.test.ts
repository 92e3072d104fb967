import { fork } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainingEventSchema, type TrainingEvent } from '../../shared/training/protocol';
import * as tf from '@tensorflow/tfjs';
import { compileGraph } from '../../shared/compile/compile';
import { ganTestGraph, graph } from '../../shared/export/test-graphs';
import { withSeededRandom } from '../../shared/layers/seed';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { readLayersModel } from '../node/model-files';
import { readProject } from '../node/project-files';
import { pythonForTests } from './testing';

tf.enableProdMode();

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

/** Runs the PyTorch worker as the host runs a worker: fork, one start, events back over IPC. */
function trainInWorker(start: object, onEvent?: (e: TrainingEvent, send: (m: object) => void) => void): Promise<TrainingEvent[]> {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const child = fork(WORKER, [], { execArgv: ['--import', pathToFileURL(tsx).href], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const events: TrainingEvent[] = [];
  return new Promise((resolve, reject) => {
    child.on('message', (raw) => {
      const parsed = TrainingEventSchema.safeParse(raw);
      if (!parsed.success) return reject(new Error(`not a protocol event: ${JSON.stringify(raw)}`));
      events.push(parsed.data);
      onEvent?.(parsed.data, (m) => child.send(m));
    });
    child.on('close', () => resolve(events));
    child.send({ type: 'start', ...start });
  });
}

describe('the PyTorch engine worker', async () => {
  const { python, skipReason } = await pythonForTests();
  if (skipReason) console.info(`skipped: ${skipReason}`);
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it.skipIf(!python)('trains the spirals template with the protocol the tfjs worker speaks, and saves a tfjs model', async () => {
    const doc = await readProject(path.join(REPO_ROOT, 'examples', 'mlp-spirals.nnd.json'));
    const out = await mkdtemp(path.join(os.tmpdir(), 'nnd-pt-engine-'));
    dirs.push(out);
    const events = await trainInWorker({
      document: doc,
      dataset: doc.dataset,
      training: { ...doc.training, engine: 'pytorch', epochs: 30, learningRate: 0.03 },
      saveTo: path.join(out, 'final'),
      evaluate: true,
    });
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('ready');
    expect(types.at(-1)).toBe('done');
    expect(types).toContain('batch');
    expect(types.filter((t) => t === 'epoch')).toHaveLength(30);
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs[29]!.logs.loss).toBeLessThan(epochs[0]!.logs.loss);
    const done = events.at(-1) as Extract<TrainingEvent, { type: 'done' }>;
    expect(done.backend).toMatch(/^pytorch/);
    expect(done.savedTo).toBe(path.join(out, 'final'));
    expect((await readdir(done.savedTo!)).sort()).toEqual(['model.json', 'weights.bin']);
    const evaluation = events.find((e) => e.type === 'evaluation') as Extract<TrainingEvent, { type: 'evaluation' }>;
    // The tfjs model with the trained PyTorch weights scores what train.py measured.
    expect(evaluation.evaluation.kind).toBe('classification');
    if (evaluation.evaluation.kind === 'classification') expect(evaluation.evaluation.accuracy).toBeCloseTo(done.metrics.val_acc!, 5);
  });

  it.skipIf(!python)('pauses, resumes and stops between batches', async () => {
    const doc = await readProject(path.join(REPO_ROOT, 'examples', 'mlp-spirals.nnd.json'));
    let paused = false;
    const events = await trainInWorker({ document: doc, dataset: doc.dataset, training: { ...doc.training, engine: 'pytorch', epochs: 1000 } }, (e, send) => {
      if (e.type === 'epoch' && e.epoch === 2 && !paused) {
        paused = true;
        send({ type: 'pause' });
        setTimeout(() => send({ type: 'resume' }), 300);
        setTimeout(() => send({ type: 'stop' }), 600);
      }
    });
    const done = events.at(-1) as Extract<TrainingEvent, { type: 'done' }>;
    expect(events.filter((e) => e.type === 'paused')).toHaveLength(1);
    expect(done.type).toBe('done');
    expect(done.reason).toBe('stopped');
    expect(done.epochs).toBeGreaterThanOrEqual(2);
    expect(done.epochs).toBeLessThan(1000);
  });

  it.skipIf(!python)('trains two outputs with their own targets, losses and weights, reporting each as the tfjs worker does', async () => {
    const spirals = await readProject(path.join(REPO_ROOT, 'examples', 'mlp-spirals.nnd.json'));
    const reconstruction = { id: 'reconstruction', type: 'Dense', name: 'reconstruction', params: { units: 2 }, position: { x: 0, y: 0 } };
    const doc = {
      ...spirals,
      nodes: [...spirals.nodes, reconstruction],
      edges: [...spirals.edges, { id: 'dense_3-reconstruction', source: 'dense_3', sourceHandle: 'out', target: 'reconstruction', targetHandle: 'in' }],
    };
    const out = await mkdtemp(path.join(os.tmpdir(), 'nnd-pt-engine-'));
    dirs.push(out);
    const events = await trainInWorker({
      document: doc,
      dataset: doc.dataset,
      training: {
        ...doc.training,
        engine: 'pytorch',
        epochs: 3,
        outputs: {
          dense_4: { target: 'y', loss: 'categoricalCrossentropy', weight: 1, metrics: ['accuracy'] },
          reconstruction: { target: 'x', loss: 'mse', weight: 0.5, metrics: ['mae'] },
        },
      },
      saveTo: path.join(out, 'final'),
      evaluate: true,
    });
    const done = events.at(-1) as Extract<TrainingEvent, { type: 'done' }>;
    expect(done).toMatchObject({ type: 'done', epochs: 3, savedTo: path.join(out, 'final') });
    const keys = ['loss', 'dense_4_loss', 'dense_4_acc', 'reconstruction_loss', 'reconstruction_mae'];
    expect(Object.keys(done.metrics).sort()).toEqual([...keys, ...keys.map((k) => `val_${k}`)].sort());
    expect(done.metrics.loss).toBeCloseTo(done.metrics.dense_4_loss! + 0.5 * done.metrics.reconstruction_loss!, 4);
    // A section per output, as the tfjs worker sends, computed on the weights PyTorch trained.
    const evaluation = events.find((e) => e.type === 'evaluation') as Extract<TrainingEvent, { type: 'evaluation' }>;
    expect(evaluation.evaluation.kind).toBe('outputs');
    if (evaluation.evaluation.kind === 'outputs') {
      expect(evaluation.evaluation.sections.map((s) => [s.output, s.evaluation.kind])).toEqual([
        ['dense_4', 'classification'],
        ['reconstruction', 'regression'],
      ]);
      const classes = evaluation.evaluation.sections[0]!.evaluation;
      if (classes.kind === 'classification') expect(classes.accuracy).toBeCloseTo(done.metrics.val_dense_4_acc!, 5);
    }
  });

  it.skipIf(!python)('segments the generated shapes: an image in, a class at every pixel out, iou and accuracy', async () => {
    const doc = {
      ...graph('segmenter', [
        ['image', 'Input', { shape: [32, 32, 1] }],
        ['features', 'Conv2D', { filters: 4, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, ['image']],
        ['classes', 'Conv2D', { filters: 4, kernelSize: [1, 1], padding: 'same', activation: 'softmax' }, ['features']],
      ]),
      dataset: { kind: 'shapes', size: 32, samples: 40, seed: 2 },
    };
    const events = await trainInWorker({
      document: doc,
      dataset: doc.dataset,
      training: { ...doc.training, engine: 'pytorch', epochs: 1, batchSize: 8, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', 'iou'] },
    });
    const done = events.at(-1) as Extract<TrainingEvent, { type: 'done' }>;
    expect(done).toMatchObject({ type: 'done', epochs: 1 });
    expect(Object.keys(done.metrics).sort()).toEqual(['acc', 'iou', 'loss', 'val_acc', 'val_iou', 'val_loss']);
    expect(done.metrics.iou).toBeGreaterThan(0);
  });

  it.skipIf(!python)('trains an encoder–decoder on a sequence task: two Inputs, each reading the field named like it, padding left out', async () => {
    const doc = {
      ...graph('reverser', [
        ['source', 'Input', { shape: [4], dtype: 'int32' }],
        ['decoder_input', 'Input', { shape: [5], dtype: 'int32' }],
        ['source_embed', 'Embedding', { inputDim: 14, outputDim: 8 }, ['source']],
        ['target_embed', 'Embedding', { inputDim: 14, outputDim: 8 }, ['decoder_input']],
        ['attend', 'MultiHeadAttention', { numHeads: 2, keyDim: 4 }, [{ node: 'target_embed', into: 'query' }, { node: 'source_embed', into: 'value' }]],
        ['next', 'Dense', { units: 14, activation: 'softmax' }, ['attend']],
      ]),
      dataset: { kind: 'sequence-task', task: 'reverse', length: 4, samples: 64, seed: 5 },
    };
    const events = await trainInWorker({
      document: doc,
      dataset: doc.dataset,
      training: { ...doc.training, engine: 'pytorch', epochs: 2, batchSize: 16, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', 'perplexity'] },
    });
    const done = events.at(-1) as Extract<TrainingEvent, { type: 'done' }>;
    expect(done).toMatchObject({ type: 'done', epochs: 2 });
    expect(Object.keys(done.metrics).sort()).toEqual(['acc', 'loss', 'perplexity', 'val_acc', 'val_loss', 'val_perplexity']);
    expect(done.metrics.perplexity).toBeCloseTo(Math.exp(done.metrics.loss!), 3);
  });

  it.skipIf(!python)('trains a GAN adversarially: its events, its samples, and both trained networks saved as a tfjs model', async () => {
    const doc = { ...ganTestGraph('points'), dataset: { kind: 'generated' as const, name: 'ring' as const, samples: 64, noise: 0.05, classes: 2, seed: 1, labels: 'onehot' as const } };
    const out = await mkdtemp(path.join(os.tmpdir(), 'nnd-pt-engine-'));
    dirs.push(out);
    const events = await trainInWorker({
      document: doc,
      dataset: doc.dataset,
      training: { ...doc.training, engine: 'pytorch', epochs: 2, batchSize: 16, gan: { ...doc.training.gan!, generatorOptimizer: { optimizer: 'adam', learningRate: 0.05, beta1: 0.5 } } },
      saveTo: path.join(out, 'final'),
      evaluate: true,
    });
    expect(events[0]).toMatchObject({ type: 'ready', adversarial: true, trainSamples: 64, batchesPerEpoch: 4 });
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => Object.keys(e.logs).sort())).toEqual(Array(2).fill(['d_fake', 'd_loss', 'd_real', 'g_loss', 'js_divergence', 'kl_divergence', 'loss']));
    expect(events.filter((e) => e.type === 'gan-samples').map((e) => e.epoch)).toEqual([0, 1, 2]);
    // GAN Lab's views of a 2-D GAN, as the tfjs worker sends them.
    expect(events.filter((e) => e.type === 'gan-plane').map((e) => e.epoch)).toEqual(expect.arrayContaining([0, 1, 2]));
    expect(events.some((e) => e.type === 'evaluation')).toBe(false);
    const done = events.at(-1) as Extract<TrainingEvent, { type: 'done' }>;
    expect(done).toMatchObject({ type: 'done', epochs: 2, savedTo: path.join(out, 'final') });
    // The saved model holds the generator PyTorch trained (a learning rate of 0.05 moves it visibly), not the initial one.
    const [initial, trained] = await Promise.all([
      withSeededRandom(doc.training.seed, () => compileGraph(doc, tfjsCatalog)).model,
      readLayersModel(done.savedTo!),
    ]);
    const weightsOf = (model: tf.LayersModel) => Array.from(model.getLayer('g_out').getWeights()[0]!.dataSync());
    const moved = Math.max(...weightsOf(trained).map((v, i) => Math.abs(v - weightsOf(initial)[i]!)));
    expect(moved).toBeGreaterThan(1e-2);
    initial.dispose();
    trained.dispose();
  });

  it('refuses a graph model with a message that says what to do instead', async () => {
    const doc = await readProject(path.join(REPO_ROOT, 'examples', 'gcn-sbm.nnd.json'));
    const events = await trainInWorker({ document: doc, dataset: doc.dataset, training: { ...doc.training, engine: 'pytorch' } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', message: expect.stringContaining('TensorFlow.js engine') });
  });
});
