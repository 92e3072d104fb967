import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';
import { exportLayersModel } from '../model-json/export';
import { TrainingUserError } from './errors';
import { GpuWorkerToHostSchema, HostToGpuWorkerSchema, type GpuInfo, type GpuWorkerToHost, type HostToGpuWorker } from './gpu-worker-wire';
import { createTrainingRunner, type TrainingRunner } from './runner';

/** The page's end of its connection to the host, whatever carries it. */
export interface HostLink {
  post(message: GpuWorkerToHost, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (raw: unknown) => void): void;
}

/**
 * The GPU worker page's job loop, apart from picking the backend and connecting (which need
 * the DOM): says hello, then runs one job after another with the shared runner, asking the
 * host for each job's dataset and handing it each trained model to write. tfjs must already
 * be on the backend `gpu` names.
 */
export function serveGpuWorkerJobs(link: HostLink, gpu: GpuInfo, onStatus: (text: string) => void = () => {}): void {
  const post = (message: GpuWorkerToHost, transfer?: ArrayBuffer[]) => link.post(GpuWorkerToHostSchema.parse(message), transfer);
  let requestId = 0;
  const pendingSaves = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  const pendingLoads = new Map<number, { resolve: (data: Dataset) => void; reject: (err: Error) => void }>();

  /** Each job gets its own runner; one released mid-run finishes its batch and is forgotten. */
  let current: { runner: TrainingRunner; released: boolean } | null = null;
  const becomeIdle = (job: { runner: TrainingRunner; released: boolean }) => {
    if (current === job) current = null;
    // A job's variables (weights, optimizer slots) must not pile up across runs.
    tf.disposeVariables();
    onStatus(`ready on ${gpu.backend} (${gpu.adapter}); ${tf.memory().numTensors} tensors kept`);
    post({ kind: 'idle' });
  };
  const newJob = () => {
    const job: { runner: TrainingRunner; released: boolean } = {
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
        // A released job goes idle once its runner is (see release below).
        finished: () => {
          if (!job.released) becomeIdle(job);
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
        // A run still going stops after its batch, a calibration ends within its budget: only
        // then are the job's variables free to dispose and the page free for the next job.
        job.runner.stop();
        void job.runner.whenIdle().then(() => becomeIdle(job));
        return;
      }
      case 'request': {
        const type = message.request.type;
        if (type === 'calibrate' || type === 'start') {
          current ??= newJob();
          onStatus(type === 'calibrate' ? `calibrating on ${gpu.backend}` : `training on ${gpu.backend}`);
        }
        current?.runner.handle(message.request);
        return;
      }
    }
  });
  post({ kind: 'hello', gpu });
  onStatus(`ready on ${gpu.backend} (${gpu.adapter})`);
}
