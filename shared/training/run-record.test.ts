import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from './protocol';
import { newRunProgress, recordRunEvent, runProgressOf, type RunRecord } from './run-record';

const batch = (epoch: number, batch: number): TrainingEvent => ({
  type: 'batch',
  backend: 'wasm',
  epoch,
  batch,
  batchesPerEpoch: 4,
  loss: 1 / (epoch * batch),
  metrics: { acc: 0.5 },
  learningRate: 0.01,
  samplesPerSecond: 500,
});
const epoch = (n: number): TrainingEvent => ({ type: 'epoch', backend: 'wasm', epoch: n, epochs: 3, logs: { loss: 1 / n, val_loss: 2 / n }, learningRate: 0.01, elapsedMs: 100 * n });

describe('the run record reducer', () => {
  it('turns a run that early stopping ended into its record: plan, points at their steps, logs, evaluation, weights', () => {
    const run = newRunProgress();
    const choice = { device: 'cpu' as const, backend: 'wasm', reason: 'cpu-faster' as const, gpu: null, gpuSamplesPerSecond: null, cpuSamplesPerSecond: 900 };
    const evaluation = { kind: 'regression' as const, split: 'validation' as const, samples: 2, outputs: 1, points: [], mae: 0.1, rmse: 0.2, r2: null };
    const events: TrainingEvent[] = [
      { type: 'device', backend: 'wasm', choice },
      { type: 'ready', backend: 'wasm', trainSamples: 100, validationSamples: 20, batchesPerEpoch: 4, epochs: 3 },
      batch(1, 2),
      batch(1, 4),
      epoch(1),
      batch(2, 4),
      epoch(2),
      { type: 'log', backend: 'wasm', level: 'info', message: 'early stopping restored the weights of epoch 1' },
      { type: 'evaluation', backend: 'wasm', evaluation, input: { featureNames: ['x'], sampleShape: [1], classNames: [] } },
      { type: 'done', backend: 'wasm', reason: 'early-stopped', epochs: 2, metrics: { loss: 1, val_loss: 2 }, bestEpoch: 1, elapsedMs: 250, savedTo: '/r/final', savedBestTo: '/r/best' },
    ];
    const logs = run.logs;
    for (const event of events) recordRunEvent(run, event);
    expect(run).toMatchObject({
      backend: 'wasm',
      status: 'early-stopped',
      device: choice,
      plan: { trainSamples: 100, validationSamples: 20, batchesPerEpoch: 4, epochs: 3 },
      epochs: 2,
      finalMetrics: { loss: 1, val_loss: 2 },
      bestEpoch: 1,
      evaluation,
      weights: { final: 'final', best: 'best' },
      hasWeights: true,
    });
    expect(run.batchPoints.map((p) => [p.epoch, p.batch, p.step])).toEqual([[1, 2, 2], [1, 4, 4], [2, 4, 8]]);
    expect(run.epochPoints.map((p) => p.elapsedMs)).toEqual([100, 200]);
    expect(run.logs).toEqual([{ level: 'info', message: 'early stopping restored the weights of epoch 1' }]);
    // A view comparing fields sees the logs change; the points grow in place.
    expect(run.logs).not.toBe(logs);
  });

  it('follows pause and resume from the worker’s events, and keeps the points of a failed run', () => {
    const run = newRunProgress();
    recordRunEvent(run, batch(1, 1));
    recordRunEvent(run, { type: 'paused', backend: 'wasm', epoch: 1, batch: 1 });
    expect(run.status).toBe('paused');
    // A step's batch leaves the run halted.
    recordRunEvent(run, { ...(batch(1, 2) as Extract<TrainingEvent, { type: 'batch' }>), stepped: 'batch' });
    recordRunEvent(run, { type: 'paused', backend: 'wasm', epoch: 1, batch: 2 });
    expect(run.status).toBe('paused');
    recordRunEvent(run, batch(1, 3));
    expect(run.status).toBe('running');
    recordRunEvent(run, { type: 'error', backend: 'wasm', message: 'the loss became NaN at epoch 1, batch 3' });
    expect(run).toMatchObject({ status: 'failed', error: 'the loss became NaN at epoch 1, batch 3', hasWeights: false });
    expect(run.batchPoints).toHaveLength(3);
  });

  it('copies the progress of a record without its identity, sharing the points', () => {
    const run = newRunProgress();
    recordRunEvent(run, batch(1, 1));
    const record = { ...run, version: 1, id: 'run-1', projectPath: null, projectName: 'p', startedAt: '2026-12-06T00:00:00.000Z', durationMs: 5 } as RunRecord;
    const progress = runProgressOf(record);
    expect(progress).toEqual({ ...newRunProgress(), backend: 'wasm', batchPoints: record.batchPoints });
    expect(progress.batchPoints).toBe(record.batchPoints);
    expect('id' in progress).toBe(false);
  });
});
