import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument, type GraphDocument } from '../../shared/graph/document';
import { TrainingConfigSchema, type TrainingConfigInput } from '../../shared/training/config';
import { chooseDevice } from '../../shared/training/device-choice';
import { serveGpuWorkerJobs } from '../../shared/training/gpu-worker-page';
import { decodeFrame, encodeFrame, type GpuInfo } from '../../shared/training/gpu-worker-wire';
import type { DeviceEvent, TrainingEvent } from '../../shared/training/protocol';
import { createGpuWorkerRegistry, type GpuWorkerRegistry } from './gpu-worker';
import { createTrainingService, type TrainingService } from './training-service';

/**
 * The host's GPU worker machinery against a real page job loop (shared/training/gpu-worker-page)
 * running in this process on tfjs's cpu backend — the stand-in for WebGL or WebGPU, which
 * Node has not — with every message through the WebSocket framing. The CPU side is the real
 * forked wasm worker. The real page in Chromium is covered by e2e/gpu-worker.e2e.test.ts.
 */

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STAND_IN: GpuInfo = { backend: 'webgl', adapter: 'tfjs cpu backend in the test process', software: true };

let dir: string;
let spirals: GraphDocument;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-gpu-worker-'));
  spirals = parseDocument(JSON.parse(await readFile(path.join(REPO_ROOT, 'examples/mlp-spirals.nnd.json'), 'utf8')));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function withTraining(doc: GraphDocument, over: TrainingConfigInput): GraphDocument {
  return { ...doc, training: TrainingConfigSchema.parse({ ...doc.training, ...over }) };
}

/** A page connected to `registry` through encoded frames, as over browser mode's WebSocket. */
function connectPage(registry: GpuWorkerRegistry): { close(): void } {
  const toHost: Array<(raw: unknown) => void> = [];
  const toPage: Array<(raw: unknown) => void> = [];
  const closeListeners: Array<() => void> = [];
  const deliver = (listeners: Array<(raw: unknown) => void>, message: unknown) => {
    const frame = encodeFrame(message);
    setTimeout(() => listeners.forEach((l) => l(decodeFrame(frame))), 0);
  };
  registry.add({ post: (m) => deliver(toPage, m), onMessage: (l) => void toHost.push(l), onClose: (l) => void closeListeners.push(l) });
  serveGpuWorkerJobs({ post: (m) => deliver(toHost, m), onMessage: (l) => void toPage.push(l) }, STAND_IN);
  return { close: () => closeListeners.forEach((l) => l()) };
}

function startService(gpuWorkers: GpuWorkerRegistry) {
  const events: TrainingEvent[] = [];
  const ended: Array<() => void> = [];
  const training: TrainingService = createTrainingService({
    emit: (name, payload) => {
      if (name !== 'trainingEvent') return;
      const { event } = payload as { event: TrainingEvent };
      events.push(event);
      if (event.type === 'done' || event.type === 'error') ended.splice(0).forEach((r) => r());
    },
    cwd: dir,
    scratchDir: path.join(dir, 'scratch'),
    gpuWorkers,
  });
  const run = async (document: GraphDocument) => {
    events.length = 0;
    const finished = new Promise<void>((resolve) => ended.push(resolve));
    const { runId } = await training.methods.startTraining({ document });
    await finished;
    return { runId, events: [...events], record: await training.methods.getRun({ runId }) };
  };
  return { training, run };
}

describe('training on a GPU worker page', { timeout: 180_000 }, () => {
  let registry: GpuWorkerRegistry;
  let service: ReturnType<typeof startService>;

  beforeAll(async () => {
    registry = createGpuWorkerRegistry();
    connectPage(registry);
    await registry.whenAvailable();
    service = startService(registry);
  });
  afterAll(() => service.training.dispose());

  it('trains on the page when the settings ask for the GPU: loss goes down, the host writes the weights', async () => {
    const { events, record } = await service.run(withTraining(spirals, { epochs: 8, device: 'gpu' }));
    const device = events.find((e): e is DeviceEvent => e.type === 'device');
    expect(device?.choice).toMatchObject({ device: 'gpu', backend: 'webgl', reason: 'user-chose', gpu: STAND_IN, gpuSamplesPerSecond: null });
    expect(events.map((e) => e.type).indexOf('device')).toBeLessThan(events.map((e) => e.type).indexOf('ready'));
    const done = events.at(-1)!;
    expect(done).toMatchObject({ type: 'done', reason: 'completed', epochs: 8, backend: 'webgl' });
    const losses = record.epochPoints.map((p) => p.logs.loss!);
    expect(losses.at(-1)!).toBeLessThan(losses[0]!);
    expect(record).toMatchObject({ status: 'completed', hasWeights: true, backend: 'webgl', device: { device: 'gpu' } });
    expect(record.evaluation?.kind).toBe('classification');
    // The page handed the model over; the host wrote it where the run's weights live.
    const runDir = path.join(dir, 'scratch', record.id, 'final');
    const modelJson = JSON.parse(await readFile(path.join(runDir, 'model.json'), 'utf8'));
    expect(modelJson.format).toBe('layers-model');
    const weightBytes = modelJson.weightsManifest[0].weights.reduce((n: number, w: { shape: number[] }) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
    expect((await stat(path.join(runDir, 'weights.bin'))).size).toBe(weightBytes);
    // The page is free for the next run, with nothing of this one left on it.
    await expect.poll(() => registry.available()).toEqual(STAND_IN);
  });

  it('calibrates both sides on auto and trains where the measured rule says', async () => {
    const { events, record } = await service.run(withTraining(spirals, { epochs: 2, device: 'auto' }));
    const choice = events.find((e): e is DeviceEvent => e.type === 'device')!.choice;
    console.log(`calibration: stand-in GPU ${choice.gpuSamplesPerSecond?.toFixed(0)} samples/s, wasm worker ${choice.cpuSamplesPerSecond?.toFixed(0)} → ${choice.device} (${choice.reason})`);
    expect(choice.gpuSamplesPerSecond).toBeGreaterThan(0);
    expect(choice.cpuSamplesPerSecond).toBeGreaterThan(0);
    expect(choice).toEqual(
      chooseDevice({ preference: 'auto', gpu: STAND_IN, cpuBackend: 'wasm', gpuSamplesPerSecond: choice.gpuSamplesPerSecond, cpuSamplesPerSecond: choice.cpuSamplesPerSecond }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'done', reason: 'completed', epochs: 2, backend: choice.backend });
    expect(record.device).toEqual(choice);
    // No calibration event reaches the pages: it is the host's business.
    expect(events.some((e) => (e.type as string) === 'calibration')).toBe(false);
    await expect.poll(() => registry.available()).toEqual(STAND_IN);
  });

  it('trains on the CPU without measuring when the settings say so', async () => {
    const { events } = await service.run(withTraining(spirals, { epochs: 1, device: 'cpu' }));
    expect(events.find((e) => e.type === 'device')).toMatchObject({ choice: { device: 'cpu', backend: 'wasm', reason: 'user-chose', gpuSamplesPerSecond: null, cpuSamplesPerSecond: null } });
    expect(events.at(-1)).toMatchObject({ type: 'done', backend: 'wasm' });
  });

  it('says there is no GPU worker when no page is connected', async () => {
    const lonely = startService(createGpuWorkerRegistry());
    try {
      const { events } = await lonely.run(withTraining(spirals, { epochs: 1, device: 'gpu' }));
      expect(events.find((e) => e.type === 'device')).toMatchObject({ choice: { device: 'cpu', reason: 'no-gpu-worker', gpu: null } });
      expect(events.at(-1)).toMatchObject({ type: 'done', backend: 'wasm' });
    } finally {
      await lonely.training.dispose();
    }
  });
});
