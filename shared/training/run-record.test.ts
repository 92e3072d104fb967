import { describe, expect, it } from 'vitest';
import { emptyDocument } from '../graph/document';
import type { TrainingEvent } from './protocol';
import { GAN_SAMPLE_EPOCHS_KEPT, keepSampleEpochs, newRunProgress, recordRunEvent, RunRecordSchema, runProgressOf, type RunGanSamples, type RunRecord } from './run-record';

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

  it('keeps a GAN run’s sample grid per epoch, its latest plane and its advice by kind', () => {
    const run = newRunProgress();
    const image = { height: 2, width: 2, channels: 1, range: [-1, 1] as [number, number], bytes: 'AAAAAA==' };
    const samples = (epoch: number): TrainingEvent => ({ type: 'gan-samples', backend: 'wasm', epoch, step: epoch * 4, shape: [2, 2, 1], images: [image] });
    const plane = (epoch: number): TrainingEvent => ({
      type: 'gan-plane',
      backend: 'wasm',
      epoch,
      step: epoch * 4,
      bounds: { xMin: -1, xMax: 1, yMin: -1, yMax: 1 },
      real: [[0, 1]],
      fake: [[0, 0]],
      gradients: [[0, 0.5]],
      heat: new Array<number>(900).fill(0.5),
      manifold: [[0, 0]],
    });
    const advice = (epoch: number, kind: 'discriminator-wins' | 'mode-collapse'): TrainingEvent => ({ type: 'gan-advice', backend: 'wasm', epoch, advice: kind, message: kind });
    const events: TrainingEvent[] = [
      { type: 'ready', backend: 'wasm', trainSamples: 64, validationSamples: 0, batchesPerEpoch: 4, epochs: 3, adversarial: true },
      samples(0),
      plane(0),
      samples(1),
      plane(1),
      advice(1, 'mode-collapse'),
      advice(2, 'mode-collapse'),
      advice(2, 'discriminator-wins'),
      samples(2),
      plane(2),
    ];
    for (const event of events) recordRunEvent(run, event);
    expect(run.plan?.adversarial).toBe(true);
    expect(run.gan?.samples.map((s) => [s.epoch, s.step])).toEqual([[0, 0], [1, 4], [2, 8]]);
    expect(run.gan?.samples[2]?.images).toEqual([image]);
    expect(run.gan?.plane).toMatchObject({ epoch: 2, step: 8, real: [[0, 1]] });
    expect(run.gan?.plane).not.toHaveProperty('type');
    expect(run.gan?.advice).toEqual([
      { advice: 'mode-collapse', firstEpoch: 1, lastEpoch: 2 },
      { advice: 'discriminator-wins', firstEpoch: 2, lastEpoch: 2 },
    ]);
    // What the host writes reads back.
    const record = RunRecordSchema.parse(JSON.parse(JSON.stringify({ ...run, version: 1, id: 'g', projectPath: null, projectName: 'gan', startedAt: '2026-12-06T00:00:00.000Z', durationMs: 1, dataset: { kind: 'generated', name: 'ring', samples: 64 }, training: {}, document: emptyDocument('gan') })));
    expect(record.gan?.samples).toHaveLength(3);
    expect(record.plan?.adversarial).toBe(true);
  });

  it('leaves a run that is not a GAN without GAN fields, and reads records written before GANs', () => {
    const run = newRunProgress();
    recordRunEvent(run, { type: 'ready', backend: 'wasm', trainSamples: 10, validationSamples: 0, batchesPerEpoch: 1, epochs: 1 });
    expect(run.gan).toBeNull();
    expect(run.plan).not.toHaveProperty('adversarial');
    const { gan: _gan, ...old } = { ...run, version: 1, id: 'old', projectPath: null, projectName: 'p', startedAt: '2026-12-06T00:00:00.000Z', durationMs: 1, dataset: { kind: 'generated', name: 'xor', samples: 10 }, training: {}, document: emptyDocument('p') };
    const parsed = RunRecordSchema.parse(JSON.parse(JSON.stringify(old)));
    expect(parsed.gan).toBeNull();
  });

  it('thins the kept sample grids evenly beyond the limit, always keeping the first and the latest', () => {
    const grid = (epoch: number): RunGanSamples => ({ epoch, step: epoch, shape: [2], values: [[epoch, epoch]] });
    let kept: RunGanSamples[] = [];
    for (let epoch = 0; epoch <= 10; epoch++) kept = keepSampleEpochs(kept, grid(epoch), 6);
    // Stride 2 from epoch 5 on, 4 from epoch 9 on: 0, 4, 8 and the latest.
    expect(kept.map((s) => s.epoch)).toEqual([0, 4, 8, 10]);
    kept = keepSampleEpochs(kept, grid(11), 6);
    expect(kept.map((s) => s.epoch)).toEqual([0, 4, 8, 11]);
    // A grid sent again for an epoch replaces the one kept.
    kept = keepSampleEpochs(kept, { ...grid(11), step: 99 }, 6);
    expect(kept.map((s) => [s.epoch, s.step]).at(-1)).toEqual([11, 99]);
    let long: RunGanSamples[] = [];
    for (let epoch = 0; epoch <= 1000; epoch++) {
      long = keepSampleEpochs(long, grid(epoch));
      expect(long.length).toBeLessThanOrEqual(GAN_SAMPLE_EPOCHS_KEPT);
    }
    expect(long[0]?.epoch).toBe(0);
    expect(long.at(-1)?.epoch).toBe(1000);
    const gaps = new Set(long.slice(1, -1).map((s, i) => s.epoch - long[i]!.epoch));
    expect([...gaps]).toEqual([8]);
    expect(long.length).toBeGreaterThan(GAN_SAMPLE_EPOCHS_KEPT / 2);
  });
});
