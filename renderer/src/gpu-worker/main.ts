/**
 * The GPU worker page: trains one job at a time on the tfjs WebGPU backend (WebGL where
 * there is no WebGPU adapter) with the same runner as the worker process. In the desktop app
 * it is a hidden window and its preload hands it a MessagePort to the main process; in
 * browser mode it is a tab that connects to `nnd serve` over a WebSocket. No React, no
 * HostApi: the page only ever talks to the host's GPU worker registry.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../../../shared/data/dataset';
import { exportLayersModel } from '../../../shared/model-json/export';
import {
  decodeFrame,
  encodeFrame,
  GPU_WORKER_PATH,
  GpuWorkerToHostSchema,
  HostToGpuWorkerSchema,
  type GpuInfo,
  type GpuWorkerToHost,
  type HostToGpuWorker,
} from '../../../shared/training/gpu-worker-wire';
import { TrainingUserError } from '../../../shared/training/errors';
import { createTrainingRunner, type TrainingRunner } from '../../../shared/training/runner';
import { pickGpuBackend } from './gpu-backend';

/** The message the desktop preload posts to this page with the host's MessagePort. */
export const GPU_WORKER_PORT_MESSAGE = 'nnd-gpu-worker-port';

interface HostLink {
  post(message: GpuWorkerToHost, transfer?: Transferable[]): void;
  onMessage(listener: (raw: unknown) => void): void;
}

const status = document.getElementById('status');
function show(text: string): void {
  if (status) status.textContent = text;
  document.title = `NN Designer GPU worker — ${text}`;
}

/** The desktop app's port (via the preload), or a WebSocket back to the page's own server. */
function connect(): Promise<HostLink> {
  if (location.protocol === 'http:' || location.protocol === 'https:') {
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${GPU_WORKER_PATH}`);
    socket.binaryType = 'arraybuffer';
    return new Promise((resolve, reject) => {
      socket.onerror = () => reject(new Error('the host did not accept this GPU worker'));
      socket.onclose = () => show('disconnected from NN Designer — reload to reconnect');
      socket.onopen = () =>
        resolve({
          post: (message) => socket.send(encodeFrame(message)),
          onMessage: (listener) =>
            (socket.onmessage = (event: MessageEvent) => {
              if (event.data instanceof ArrayBuffer) listener(decodeFrame(new Uint8Array(event.data)));
            }),
        });
    });
  }
  return new Promise((resolve) => {
    const onWindowMessage = (event: MessageEvent) => {
      // Only the preload (same window, same origin) hands over the port.
      if (event.source !== window || event.origin !== location.origin || (event.data as { type?: unknown })?.type !== GPU_WORKER_PORT_MESSAGE) return;
      const port = event.ports[0];
      if (!port) return;
      window.removeEventListener('message', onWindowMessage);
      port.start();
      resolve({
        post: (message, transfer) => port.postMessage(message, transfer ?? []),
        onMessage: (listener) => port.addEventListener('message', (incoming: MessageEvent) => listener(incoming.data)),
      });
    };
    window.addEventListener('message', onWindowMessage);
  });
}

async function main(): Promise<void> {
  show('starting');
  const picked = await pickGpuBackend();
  const link = await connect();
  const post = (message: GpuWorkerToHost, transfer?: Transferable[]) => link.post(GpuWorkerToHostSchema.parse(message), transfer);
  post({ kind: 'hello', gpu: picked.gpu, ...(picked.problem ? { problem: picked.problem } : {}) });
  if (!picked.gpu) {
    show(`no GPU backend (${picked.problem ?? 'unknown'})`);
    return;
  }
  const gpu: GpuInfo = picked.gpu;
  show(`ready on ${gpu.backend} (${gpu.adapter})`);

  let requestId = 0;
  const pendingSaves = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  const pendingLoads = new Map<number, { resolve: (data: Dataset) => void; reject: (err: Error) => void }>();

  /** Each job gets its own runner; one released mid-run finishes its batch and is forgotten. */
  let current: { runner: TrainingRunner; released: boolean } | null = null;
  const becomeIdle = () => {
    current = null;
    // A job's variables (weights, optimizer slots) and tensors must not pile up across runs.
    tf.disposeVariables();
    show(`ready on ${gpu.backend} (${gpu.adapter}); ${tf.memory().numTensors} tensors kept`);
    post({ kind: 'idle' });
  };
  const newJob = () => {
    const job = {
      released: false,
      runner: createTrainingRunner({
        async selectBackend(only) {
          if (only) throw new Error(`this GPU worker trains on ${gpu.backend}, not ${only}`);
          return gpu.backend;
        },
        loadData(_job, outputUnits) {
          const id = ++requestId;
          const loaded = new Promise<Dataset>((resolve, reject) => pendingLoads.set(id, { resolve, reject }));
          post({ kind: 'load', id, outputUnits });
          return loaded;
        },
        async saveModel(dir, model) {
          const { modelJson, weightData } = await exportLayersModel(model);
          const id = ++requestId;
          const saved = new Promise<void>((resolve, reject) => pendingSaves.set(id, { resolve, reject }));
          post({ kind: 'save', id, dir, modelJson: modelJson as unknown as Record<string, unknown>, weightData }, [weightData]);
          await saved;
        },
        send: async (event) => {
          if (!job.released) post({ kind: 'event', event });
        },
        finished: () => {
          if (current === job || job.released) becomeIdle();
        },
      }),
    };
    return job;
  };

  link.onMessage((raw) => {
    const parsed = HostToGpuWorkerSchema.safeParse(raw);
    if (!parsed.success) {
      console.warn(`NN Designer GPU worker: ignored a malformed message (${parsed.error.issues[0]?.message ?? 'invalid'})`);
      return;
    }
    const message: HostToGpuWorker = parsed.data;
    switch (message.kind) {
      case 'saved': {
        const pending = pendingSaves.get(message.id);
        pendingSaves.delete(message.id);
        if (message.error) pending?.reject(new Error(message.error));
        else pending?.resolve();
        return;
      }
      case 'data': {
        const pending = pendingLoads.get(message.id);
        pendingLoads.delete(message.id);
        // The host's wording is for a person (a missing file, a bad column): it stays the run's error.
        if (message.data) pending?.resolve(message.data);
        else pending?.reject(new TrainingUserError(message.error ?? 'the host sent no dataset'));
        return;
      }
      case 'release': {
        const job = current;
        if (!job) return;
        job.released = true;
        current = null;
        // A run still going stops after its batch and goes idle then; a calibrated job has nothing running.
        if (job.runner.started) job.runner.stop();
        else becomeIdle();
        return;
      }
      case 'request': {
        const type = message.request.type;
        if (type === 'calibrate' || type === 'start') {
          current ??= newJob();
          show(type === 'calibrate' ? `calibrating on ${gpu.backend}` : `training on ${gpu.backend}`);
        }
        current?.runner.handle(message.request);
        return;
      }
    }
  });
}

main().catch((err: unknown) => show(`failed: ${(err as Error)?.message ?? String(err)}`));
