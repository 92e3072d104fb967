import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../shared/training/protocol';
import { createTrainingRelay } from './training-relay';

const device = (on: 'cpu' | 'gpu'): TrainingEvent => ({
  type: 'device',
  backend: on === 'gpu' ? 'webgpu' : 'wasm',
  choice: { device: on, backend: on === 'gpu' ? 'webgpu' : 'wasm', reason: 'user-chose', gpu: null, gpuSamplesPerSecond: null, cpuSamplesPerSecond: null },
});
const batch: TrainingEvent = { type: 'batch', backend: 'wasm', epoch: 1, batch: 1, batchesPerEpoch: 2, loss: 1, metrics: {}, learningRate: 0.01, samplesPerSecond: 10 };
const done: TrainingEvent = { type: 'done', backend: 'wasm', reason: 'completed', epochs: 1, metrics: {}, elapsedMs: 5 };

describe('the desktop training relay', () => {
  it('sends a CPU run’s host-made events only, and every event of a GPU run until it ends', () => {
    const relay = createTrainingRelay();
    expect([device('cpu'), batch, done].map((event) => relay({ runId: 'a', event }))).toEqual([true, false, true]);
    expect([device('gpu'), batch, done].map((event) => relay({ runId: 'b', event }))).toEqual([true, true, true]);
    // Another run's batches are not the GPU run's, and a run id is forgotten once it ended.
    expect(relay({ runId: 'c', event: batch })).toBe(false);
    expect(relay({ runId: 'b', event: batch })).toBe(false);
  });
});
