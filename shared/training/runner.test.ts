import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import gcnJson from '../../examples/gcn-sbm.nnd.json';
import spiralsJson from '../../examples/mlp-spirals.nnd.json';
import type { Dataset } from '../data/dataset';
import { generateDataset } from '../data/generated';
import { loadGraphDataset } from '../data/graph-load';
import { addNode, connect } from '../graph/actions';
import { parseDocument } from '../graph/document';
import { TrainingConfigSchema } from '../graph/training-config';
import type { StartMessage, WorkerEvent } from './protocol';
import { createTrainingRunner, type RunnerEnvironment } from './runner';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const spirals = parseDocument(spiralsJson);
const training = TrainingConfigSchema.parse({ ...spirals.training, epochs: 3 });
const start: StartMessage = { type: 'start', document: spirals, dataset: spirals.dataset!, training, saveTo: '/runs/final', saveBestTo: '/runs/best', evaluate: true };

const noFiles = () => Promise.reject(new Error('generated graphs only here'));

/** A runner in memory: what it loads, saves and sends, and when it says it is finished. */
function harness({ graphs = false } = {}) {
  const events: WorkerEvent[] = [];
  const saved: Array<{ dir: string; weights: number }> = [];
  let loads = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const env: RunnerEnvironment = {
    selectBackend: async () => 'cpu',
    loadData: async (job) => {
      loads++;
      if (job.dataset.kind !== 'generated') throw new Error('generated sets only here');
      return generateDataset(job.dataset) as Dataset;
    },
    saveModel: async (dir, model) => void saved.push({ dir, weights: model.getWeights().length }),
    // As the worker process reads graphs; the GPU page has no loader for them.
    ...(graphs ? { loadGraph: (reference) => loadGraphDataset(reference, { readText: noFiles, miserablesJson: noFiles }) } : {}),
    send: async (event) => void events.push(event),
    finished: finish,
  };
  return { runner: createTrainingRunner(env), events, saved, finished, loads: () => loads };
}

describe('the training runner shared by the worker process and the GPU worker page', () => {
  it('calibrates, then trains on the same data without loading it again, saves and evaluates', async () => {
    const h = harness();
    h.runner.handle({ type: 'calibrate', document: spirals, dataset: spirals.dataset, training, budgetMs: 200 });
    await expect.poll(() => h.events.find((e) => e.type === 'calibration'), { timeout: 10_000 }).toBeTruthy();
    const calibration = h.events.find((e) => e.type === 'calibration')!;
    expect(calibration).toMatchObject({ backend: 'cpu' });
    if (calibration.type !== 'calibration') throw new Error('unreachable');
    expect(calibration.batches).toBeGreaterThan(0);
    expect(calibration.samplesPerSecond).toBeGreaterThan(0);
    expect(h.runner.started).toBe(false);
    await h.runner.whenIdle();

    h.runner.handle(start);
    await h.finished;
    expect(h.loads()).toBe(1);
    const types = h.events.map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(['calibration', 'ready']);
    expect(types.filter((t) => t === 'epoch')).toHaveLength(3);
    expect(types.slice(-2)).toEqual(['evaluation', 'done']);
    expect(h.events.at(-1)).toMatchObject({ type: 'done', reason: 'completed', epochs: 3, savedTo: '/runs/final' });
    expect(h.saved).toEqual([{ dir: '/runs/final', weights: expect.any(Number) }]);
    expect(h.saved[0]!.weights).toBeGreaterThan(0);
  });

  it('trains the same weights whether or not it calibrated first (the seed is set again for the run)', async () => {
    const plain = harness();
    plain.runner.handle(start);
    await plain.finished;
    const calibrated = harness();
    calibrated.runner.handle({ type: 'calibrate', document: spirals, dataset: spirals.dataset, training, budgetMs: 100 });
    await expect.poll(() => calibrated.events.length, { timeout: 10_000 }).toBeGreaterThan(0);
    calibrated.runner.handle(start);
    await calibrated.finished;
    const lossesOf = (events: WorkerEvent[]) => events.flatMap((e) => (e.type === 'epoch' ? [e.logs.loss] : []));
    expect(lossesOf(calibrated.events)).toEqual(lossesOf(plain.events));
  });

  it('evaluates a run with objectives in the document: one section per output, named after it', async () => {
    // The spirals network taught to give back its two coordinates (an autoencoder of points): no classic x → y run.
    const output = spirals.nodes.find((n) => !spirals.edges.some((e) => e.source === n.id))!;
    const training = TrainingConfigSchema.parse({ ...spirals.training, epochs: 1, outputs: { [output.id]: { target: 'x', loss: 'mse' } } });
    const h = harness();
    h.runner.handle({ ...start, document: { ...spirals, training }, training });
    await h.finished;
    expect(h.events.map((e) => e.type).slice(-2)).toEqual(['evaluation', 'done']);
    const evaluation = h.events.at(-2)!;
    if (evaluation.type !== 'evaluation') throw new Error(evaluation.type);
    expect(evaluation.evaluation).toMatchObject({ kind: 'outputs', sections: [{ output: expect.any(String), evaluation: { kind: 'regression', split: 'validation' } }] });
    expect(evaluation.input).toMatchObject({ sampleShape: [2], classNames: [] });
  });

  it('ends with an error for a start it cannot read, and ignores a second start', async () => {
    const h = harness();
    h.runner.handle({ type: 'start', document: spirals });
    await h.finished;
    expect(h.events).toEqual([
      { type: 'error', backend: 'none', message: expect.stringMatching(/^the training job is not valid \(/), said: { training: { id: 'jobInvalid', values: { problem: expect.any(String) } } } },
    ]);

    const busy = harness();
    busy.runner.handle({ ...start, training: { ...training, epochs: 1 } });
    busy.runner.handle(start);
    await busy.finished;
    expect(busy.events.filter((e) => e.type === 'log').map((e) => e.type === 'log' && e.message)).toContain('a run is already in progress in this process; the new start was ignored');
    expect(busy.events.filter((e) => e.type === 'epoch')).toHaveLength(1);
  });

  it('refuses a model with no weights to train, saying so (found by the fuzzer: tfjs failed inside the optimizer)', async () => {
    const h = harness();
    const input = spirals.nodes.find((n) => n.type === 'Input')!;
    let fixed = addNode({ ...spirals, nodes: [input], edges: [] }, { type: 'Activation', params: { activation: 'softmax' } });
    fixed = connect(fixed, { source: input.id, target: fixed.nodes[1]!.id });
    h.runner.handle({ ...start, document: fixed });
    await h.finished;
    expect(h.events.at(-1)).toMatchObject({ type: 'error', said: { training: { id: 'nothingToTrain' } } });
    expect(h.events.at(-1)).toMatchObject({ message: expect.stringMatching(/has no weights to train/) });
  });

  it('stops between batches when asked', async () => {
    const h = harness();
    h.runner.handle({ ...start, training: { ...training, epochs: 500 } });
    await expect.poll(() => h.events.some((e) => e.type === 'epoch'), { timeout: 10_000 }).toBe(true);
    h.runner.handle({ type: 'stop' });
    await h.runner.whenIdle();
    expect(h.events.at(-1)).toMatchObject({ type: 'done', reason: 'stopped' });
  });

  it('trains a graph through the same run: ready, epochs, its evaluation and test figures, saved weights, done', async () => {
    const gcn = parseDocument(gcnJson);
    const graphStart: StartMessage = { ...start, document: gcn, dataset: gcn.dataset!, training: { ...gcn.training, epochs: 3 } };
    const h = harness({ graphs: true });
    h.runner.handle(graphStart);
    await h.finished;
    const types = h.events.map((e) => e.type);
    expect(types[0]).toBe('ready');
    expect(types.filter((t) => t === 'epoch')).toHaveLength(3);
    expect(types.slice(-2)).toEqual(['evaluation', 'done']);
    expect(h.events.at(-2)).toMatchObject({ evaluation: { kind: 'classification', split: 'validation' }, input: { classNames: expect.any(Array) } });
    const done = h.events.at(-1)!;
    expect(done).toMatchObject({ type: 'done', reason: 'completed', epochs: 3, savedTo: '/runs/final' });
    if (done.type !== 'done') throw new Error('unreachable');
    expect(Object.keys(done.metrics)).toEqual(expect.arrayContaining(['loss', 'acc', 'val_loss', 'val_acc', 'test_loss', 'test_acc']));
    expect(h.saved.map((s) => s.dir)).toEqual(['/runs/final']);

    const page = harness();
    page.runner.handle(graphStart);
    await page.finished;
    expect(page.events).toEqual([expect.objectContaining({ type: 'error', said: { training: { id: 'graphCpuOnly', values: {} } } })]);
  });
});
