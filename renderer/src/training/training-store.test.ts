import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../shared/training/protocol';
import { newRunProgress, recordRunEvent, runProgressOf, type RunRecord } from '../../../shared/training/run-record';
import { createTrainingStore, elapsedAt } from './training-store';

const batch = (epoch: number, batch: number) => ({ type: 'batch' as const, backend: 'cpu', epoch, batch, batchesPerEpoch: 4, loss: 1 / (epoch * batch), metrics: { acc: 0.5 }, learningRate: 0.01, samplesPerSecond: 500 });

describe('training store', () => {
  it('follows its run only, keeping every point, and ends with the done reason', () => {
    const store = createTrainingStore();
    store.getState().starting();
    // An event before startTraining answered is kept until the id is known.
    store.getState().receive('r1', { type: 'ready', backend: 'cpu', trainSamples: 100, validationSamples: 20, batchesPerEpoch: 4, epochs: 2 }, 1000);
    store.getState().started('r1');
    expect(store.getState().phase).toBe('running');
    expect(store.getState().plan?.batchesPerEpoch).toBe(4);
    store.getState().receive('r1', batch(1, 1));
    store.getState().receive('other', batch(1, 2));
    store.getState().receive('r1', batch(2, 3));
    expect(store.getState().batchPoints.map((p) => p.step)).toEqual([1, 7]);
    store.getState().receive('r1', { type: 'epoch', backend: 'cpu', epoch: 1, epochs: 2, logs: { loss: 0.5, val_loss: 0.6 }, learningRate: 0.01, elapsedMs: 300 });
    expect(store.getState().epochPoints).toHaveLength(1);
    store.getState().receive('r1', { type: 'done', backend: 'cpu', reason: 'stopped', epochs: 1, metrics: {}, elapsedMs: 400 });
    expect(store.getState().phase).toBe('stopped');
    expect(store.getState().elapsedMs).toBe(400);
  });

  it('keeps the device choice of its run, and forgets it when the next run starts', () => {
    const store = createTrainingStore();
    store.getState().starting();
    store.getState().started('r3');
    const choice = { device: 'cpu' as const, backend: 'wasm', reason: 'cpu-faster' as const, gpu: { backend: 'webgl' as const, adapter: 'x', software: false }, gpuSamplesPerSecond: 10, cpuSamplesPerSecond: 20 };
    store.getState().receive('other', { type: 'device', backend: 'webgl', choice: { ...choice, device: 'gpu', backend: 'webgl' } });
    expect(store.getState().device).toBeUndefined();
    store.getState().receive('r3', { type: 'device', backend: 'wasm', choice });
    expect(store.getState()).toMatchObject({ device: choice, backend: 'wasm' });
    store.getState().starting();
    expect(store.getState().device).toBeUndefined();
  });

  it('keeps the points of a failed run beside the message', () => {
    const store = createTrainingStore();
    store.getState().starting();
    store.getState().started('r2');
    store.getState().receive('r2', batch(1, 1));
    store.getState().receive('r2', { type: 'error', backend: 'cpu', message: 'The loss became NaN' });
    expect(store.getState().phase).toBe('failed');
    expect(store.getState().error).toMatch(/NaN/);
    expect(store.getState().batchPoints).toHaveLength(1);
  });

  it('follows a pause made from another page: halted on the worker’s word, running again with the next batch', () => {
    const store = createTrainingStore();
    store.getState().starting();
    store.getState().started('r3');
    store.getState().receive('r3', { type: 'ready', backend: 'cpu', trainSamples: 100, validationSamples: 0, batchesPerEpoch: 4, epochs: 2 });
    store.getState().receive('r3', batch(1, 1));
    store.getState().receive('r3', { type: 'paused', backend: 'cpu', epoch: 1, batch: 1 });
    expect(store.getState().phase).toBe('paused');
    store.getState().receive('r3', batch(1, 2));
    expect(store.getState().phase).toBe('running');
    expect(store.getState().batchPoints).toHaveLength(2);
  });

  it('picks up a run under way from its record, replaying only the live events the record did not have', () => {
    const store = createTrainingStore();
    store.getState().beginAttach();
    expect(store.getState().phase).toBe('starting');
    // Live events arrive while the record is fetched: batch 2 is in the record, batch 3 is not.
    store.getState().receive('r4', batch(1, 2));
    store.getState().receive('r4', batch(1, 3));
    const point = (b: number) => ({ epoch: 1, batch: b, step: b, loss: 1, metrics: {}, learningRate: 0.01, samplesPerSecond: 100 });
    store.getState().attach(
      {
        id: 'r4',
        status: 'running',
        backend: 'wasm',
        plan: { trainSamples: 100, validationSamples: 0, batchesPerEpoch: 4, epochs: 2 },
        batchPoints: [point(1), point(2)],
        epochPoints: [],
        logs: [],
      } as unknown as RunRecord,
      5000,
    );
    const s = store.getState();
    expect(s.open).toBe(true);
    expect(s.phase).toBe('running');
    expect(s.runId).toBe('r4');
    expect(s.batchPoints.map((p) => p.step)).toEqual([1, 2, 3]);
    expect(s.lastBatch).toMatchObject({ epoch: 1, batch: 3 });
    store.getState().receive('r4', { type: 'done', backend: 'wasm', reason: 'completed', epochs: 2, metrics: {}, elapsedMs: 900 });
    expect(store.getState().phase).toBe('completed');
  });

  it('holds the same record of a run as the host, written by the same reducer', () => {
    const events: TrainingEvent[] = [
      { type: 'ready', backend: 'cpu', trainSamples: 100, validationSamples: 20, batchesPerEpoch: 4, epochs: 2 },
      batch(1, 2),
      { type: 'paused', backend: 'cpu', epoch: 1, batch: 2 },
      batch(1, 4),
      { type: 'epoch', backend: 'cpu', epoch: 1, epochs: 2, logs: { loss: 0.5, val_loss: 0.6 }, learningRate: 0.01, elapsedMs: 300 },
      { type: 'log', backend: 'cpu', level: 'warn', message: 'early stopping watches val_acc, which this run does not report' },
      { type: 'done', backend: 'cpu', reason: 'stopped', epochs: 1, metrics: { loss: 0.5, val_loss: 0.6 }, elapsedMs: 400, savedTo: '/r/final' },
    ];
    const store = createTrainingStore();
    store.getState().starting();
    store.getState().started('r5');
    const hostRecord = newRunProgress();
    for (const event of events) {
      store.getState().receive('r5', event);
      recordRunEvent(hostRecord, event);
    }
    expect(runProgressOf(store.getState())).toEqual(hostRecord);
    expect(store.getState().phase).toBe('stopped');
  });

  it('keeps a GAN run’s samples, plane and advice as the host does, and shows the last run’s until the next one trains', () => {
    const plane = (step: number): TrainingEvent => ({
      type: 'gan-plane',
      backend: 'cpu',
      epoch: 1,
      step,
      bounds: { xMin: -1, xMax: 1, yMin: -1, yMax: 1 },
      real: [[0.5, 0.5]],
      fake: [[0, 0]],
      gradients: [[0.1, 0]],
      heat: new Array<number>(900).fill(0.4),
      manifold: [[0, 0]],
    });
    const events: TrainingEvent[] = [
      { type: 'ready', backend: 'cpu', trainSamples: 8, validationSamples: 0, batchesPerEpoch: 2, epochs: 2, adversarial: true },
      { type: 'gan-samples', backend: 'cpu', epoch: 0, step: 0, shape: [2], values: [[0, 0]] },
      batch(1, 2),
      plane(2),
      { type: 'gan-advice', backend: 'cpu', epoch: 1, advice: 'discriminator-wins', message: 'D wins' },
      { type: 'gan-samples', backend: 'cpu', epoch: 1, step: 2, shape: [2], values: [[0.4, 0.5]] },
    ];
    const store = createTrainingStore();
    store.getState().starting();
    store.getState().started('g1');
    const hostRecord = newRunProgress();
    for (const event of events) {
      store.getState().receive('g1', event);
      recordRunEvent(hostRecord, event);
    }
    expect(runProgressOf(store.getState())).toEqual(hostRecord);
    expect(store.getState().gan?.samples.map((s) => s.epoch)).toEqual([0, 1]);
    expect(store.getState().gan?.plane?.step).toBe(2);
    // The next run shows these until it reports.
    store.getState().starting();
    expect(store.getState().gan?.samples).toHaveLength(2);
    expect(store.getState().pointsOfPreviousRun).toBe(true);
    store.getState().started('g2');
    store.getState().receive('g2', { type: 'ready', backend: 'cpu', trainSamples: 8, validationSamples: 0, batchesPerEpoch: 2, epochs: 2 });
    expect(store.getState().gan).toBeNull();
  });

  it('picks up a GAN run under way from its record without taking its plane back to an older one', () => {
    const store = createTrainingStore();
    store.getState().beginAttach();
    const plane = (step: number): TrainingEvent & { type: 'gan-plane' } => ({
      type: 'gan-plane',
      backend: 'cpu',
      epoch: 1,
      step,
      bounds: { xMin: -1, xMax: 1, yMin: -1, yMax: 1 },
      real: [],
      fake: [],
      gradients: [],
      heat: [],
      manifold: [],
    });
    store.getState().receive('g3', plane(3));
    store.getState().receive('g3', plane(9));
    const { type: _type, backend: _backend, ...recorded } = plane(5);
    store.getState().attach({ id: 'g3', status: 'running', backend: 'cpu', plan: null, batchPoints: [], epochPoints: [], logs: [], gan: { samples: [], plane: recorded, advice: [] } } as unknown as RunRecord);
    expect(store.getState().gan?.plane?.step).toBe(9);
    // A record from before GANs has no `gan`.
    store.getState().beginAttach();
    store.getState().attach({ id: 'old', status: 'running', backend: 'cpu', plan: null, batchPoints: [], epochPoints: [], logs: [] } as unknown as RunRecord);
    expect(store.getState().gan).toBeNull();
  });

  it('goes back to idle when no run was under way', () => {
    const store = createTrainingStore();
    store.getState().beginAttach();
    store.getState().cancelAttach();
    expect(store.getState().phase).toBe('idle');
  });

  it('leaves paused time out of the elapsed time', () => {
    expect(elapsedAt({ elapsedMs: 1000, runningSince: null }, 5000)).toBe(1000);
    expect(elapsedAt({ elapsedMs: 1000, runningSince: 4000 }, 5000)).toBe(2000);
  });
});
