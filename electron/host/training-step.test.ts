import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingConfigSchema, type TrainingConfigInput } from '../../shared/graph/training-config';
import type { TrainingEvent, WorkerRequest } from '../../shared/training/protocol';
import { ganDocument } from '../../shared/graph/gan-document.fixture';
import type { WorkerProcess } from './training-session';
import { createTrainingService, type TrainingService } from './training-service';

/**
 * The host's side of stepping (stepTraining), against a worker that answers as the training
 * loop does: what it refuses, what it passes on, and that it answers once the loop halted.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-step-host-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A worker process in memory: it halts on pause, runs one batch per step, ends on stop; `requests` is what it was sent. */
function scriptedWorker(requests: WorkerRequest[]): WorkerProcess {
  const listeners: ((raw: unknown) => void)[] = [];
  const exits: ((code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
  let batch = 0;
  const say = (event: Record<string, unknown>) => setTimeout(() => listeners.forEach((l) => l({ backend: 'cpu', ...event })), 5);
  return {
    pid: undefined,
    send(message) {
      requests.push(message);
      if (message.type === 'start') say({ type: 'ready', trainSamples: 8, validationSamples: 0, batchesPerEpoch: 4, epochs: 100 });
      if (message.type === 'pause') say({ type: 'paused', epoch: 1, batch });
      if (message.type === 'step') {
        batch++;
        say({ type: 'batch', epoch: 1, batch, batchesPerEpoch: 4, loss: 1, metrics: {}, learningRate: 0.01, samplesPerSecond: 1, stepped: message.player ?? 'batch' });
        say({ type: 'paused', epoch: 1, batch });
      }
      if (message.type === 'stop') {
        say({ type: 'done', reason: 'stopped', epochs: 0, metrics: {}, elapsedMs: 1 });
        setTimeout(() => exits.forEach((e) => e(0, null)), 20);
      }
    },
    onMessage: (listener) => void listeners.push(listener),
    onExit: (listener) => void exits.push(listener),
    onError: () => {},
    onStderr: () => {},
    kill: () => {},
  };
}

function service(requests: WorkerRequest[]): TrainingService {
  return createTrainingService({ emit: () => {}, cwd: dir, scratchDir: path.join(dir, 'scratch'), launchWorker: () => scriptedWorker(requests) });
}

const gan = (training: Partial<TrainingConfigInput> = {}) => {
  const doc = ganDocument();
  return { ...doc, training: TrainingConfigSchema.parse({ ...doc.training, ...training }) };
};

describe('stepTraining', () => {
  it('passes a step (and a GAN player) to the paused loop and answers once it halted again with the batch recorded', async () => {
    const requests: WorkerRequest[] = [];
    const training = service(requests);
    const host = training.methods;
    try {
      const { runId } = await host.startTraining({ document: gan() });
      await new Promise((resolve) => setTimeout(resolve, 30));
      // Running: nothing to step.
      expect(await host.stepTraining({ runId })).toEqual({ runId, status: 'running' });
      expect(requests.map((r) => r.type)).toEqual(['start']);
      await host.pauseTraining({ runId });
      expect(await host.stepTraining({ runId, player: 'discriminator' })).toEqual({ runId, status: 'paused' });
      expect(requests.at(-1)).toEqual({ type: 'step', player: 'discriminator' });
      expect(await host.stepTraining({ runId })).toEqual({ runId, status: 'paused' });
      expect(requests.at(-1)).toEqual({ type: 'step' });
      const run = await host.getRun({ runId });
      expect(run.status).toBe('paused');
      expect(run.batchPoints.map((p) => p.step)).toEqual([1, 2]);
      await host.stopTraining({ runId });
    } finally {
      await training.dispose();
    }
  });

  it('refuses on the PyTorch engine, which does not step, and for a player where the run is no GAN', async () => {
    const requests: WorkerRequest[] = [];
    const training = service(requests);
    const host = training.methods;
    try {
      const { runId } = await host.startTraining({ document: gan({ engine: 'pytorch' }) });
      await host.pauseTraining({ runId });
      await expect(host.stepTraining({ runId })).rejects.toMatchObject({ code: 'training-refused', message: expect.stringMatching(/PyTorch engine does not run single steps/) });
      await host.stopTraining({ runId });

      const plain = gan();
      const { runId: other } = await host.startTraining({ document: { ...plain, training: { ...plain.training, gan: undefined } } });
      await host.pauseTraining({ runId: other });
      await expect(host.stepTraining({ runId: other, player: 'generator' })).rejects.toMatchObject({ code: 'training-refused', message: expect.stringMatching(/is not a GAN/) });
      expect(requests.filter((r) => r.type === 'step')).toEqual([]);
      await host.stopTraining({ runId: other });
    } finally {
      await training.dispose();
    }
  });

  it('steps a GAN in the real worker: one D step, one G step, each with its batch and the plane it moved, then halted', { timeout: 120_000 }, async () => {
    const events: TrainingEvent[] = [];
    const training = createTrainingService({
      emit: (name, payload) => void (name === 'trainingEvent' && events.push((payload as { event: TrainingEvent }).event)),
      cwd: dir,
      scratchDir: path.join(dir, 'scratch'),
    });
    const host = training.methods;
    try {
      const { runId } = await host.startTraining({ document: gan({ epochs: 500 }) });
      await expect.poll(() => events.some((e) => e.type === 'epoch'), { timeout: 60_000 }).toBe(true);
      await host.pauseTraining({ runId });
      await expect.poll(() => events.at(-1)?.type, { timeout: 10_000 }).toBe('paused');
      for (const player of ['discriminator', 'generator'] as const) {
        const from = events.length;
        const halts = () => events.filter((e) => e.type === 'paused').length;
        const halted = halts();
        expect(await host.stepTraining({ runId, player })).toEqual({ runId, status: 'paused' });
        await expect.poll(halts, { timeout: 10_000 }).toBe(halted + 1);
        // A step that ends its epoch brings the epoch's event, samples and plane before the halt.
        const types = events.slice(from).map((e) => e.type);
        expect(types.slice(0, 2)).toEqual(['batch', 'gan-plane']);
        expect(types.at(-1)).toBe('paused');
        expect(types.filter((t) => t === 'batch')).toHaveLength(1);
        expect(events[from]).toMatchObject({ type: 'batch', stepped: player, metrics: { d_loss: expect.any(Number), g_loss: expect.any(Number) } });
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(events.at(-1)?.type).toBe('paused');
      expect((await host.getRun({ runId })).status).toBe('paused');
      await host.stopTraining({ runId });
    } finally {
      await training.dispose();
    }
  });
});
