import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseDocument, type GraphDocument } from '../../shared/graph/document';
import { TrainingConfigSchema, type TrainingConfigInput } from '../../shared/graph/training-config';
import { chooseDevice } from '../../shared/training/device-choice';
import { serveGpuWorkerJobs } from '../../shared/training/gpu-worker-page';
import { decodeFrame, encodeFrame, GPU_WORKER_PATH, type GpuInfo } from '../../shared/training/gpu-worker-wire';
import type { DeviceEvent, TrainingEvent } from '../../shared/training/protocol';
import { choosingWorker, createGpuWorkerRegistry, type GpuWorkerRegistry } from './gpu-worker';
import { forkWorker, startTraining } from './training-session';
import { startEditorServer } from './serve';
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

describe('when a GPU worker run goes wrong', { timeout: 120_000 }, () => {
  it('a stop during calibration ends both sides and frees the page', async () => {
    const registry = createGpuWorkerRegistry();
    connectPage(registry);
    await registry.whenAvailable();
    const document = withTraining(spirals, { epochs: 5, device: 'auto' });
    const handle = startTraining({ document, evaluate: false }, () => {}, () =>
      choosingWorker({ preference: 'auto', launchCpu: () => forkWorker('tfjs'), gpuWorkers: registry, calibrationBudgetMs: 5000 }),
    );
    expect(registry.available()).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    handle.stop();
    await expect(handle.done).resolves.toMatchObject({ type: 'done', reason: 'stopped', epochs: 0 });
    await expect.poll(() => registry.available(), { timeout: 10_000 }).toEqual(STAND_IN);
  });

  it('a page that goes away mid-run fails the run with a message that says so', async () => {
    const registry = createGpuWorkerRegistry();
    const page = connectPage(registry);
    await registry.whenAvailable();
    const events: TrainingEvent[] = [];
    const handle = startTraining({ document: withTraining(spirals, { epochs: 500, device: 'gpu' }) }, (e) => events.push(e), () =>
      choosingWorker({ preference: 'gpu', launchCpu: () => forkWorker('tfjs'), gpuWorkers: registry }),
    );
    await expect.poll(() => events.some((e) => e.type === 'epoch'), { timeout: 30_000 }).toBe(true);
    page.close();
    await expect(handle.done).rejects.toMatchObject({ event: { type: 'error', message: expect.stringMatching(/GPU worker page \(webgl, .*\) was closed or crashed/) } });
    expect(registry.available()).toBeNull();
  });
});

describe('browser mode’s GPU worker socket', () => {
  it('takes a page on /gpu-worker with binary frames, and refuses one from another origin', async () => {
    const server = await startEditorServer({ port: 0, rendererDist: path.join(dir, 'no-dist'), host: { configDir: path.join(dir, 'config-ws'), cwd: dir } });
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}${GPU_WORKER_PATH}`);
    try {
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      serveGpuWorkerJobs(
        {
          post: (message) => socket.send(encodeFrame(message)),
          onMessage: (listener) => void socket.on('message', (data: Buffer) => listener(decodeFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)))),
        },
        STAND_IN,
      );
      await expect(server.gpuWorkers.whenAvailable()).resolves.toEqual(STAND_IN);

      const foreign = new WebSocket(`ws://127.0.0.1:${server.port}${GPU_WORKER_PATH}`, { headers: { Origin: 'https://example.com' } });
      const refusal = await new Promise<string>((resolve) => foreign.once('unexpected-response', (_request, response) => resolve(String(response.statusCode))).once('error', (err) => resolve(err.message)));
      expect(refusal).toMatch(/403/);
      expect(server.gpuWorkers.pages()).toHaveLength(1);
    } finally {
      socket.close();
      await server.close();
    }
  });
});
