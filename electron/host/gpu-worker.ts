import { GpuWorkerToHostSchema, type GpuInfo, type GpuWorkerToHost, type HostToGpuWorker } from '../../shared/training/gpu-worker-wire';
import { chooseDevice, needsCalibration } from '../../shared/training/device-choice';
import type { DevicePreference } from '../../shared/graph/training-config';
import {
  WorkerEventSchema,
  type CalibrateMessage,
  type DeviceChoice,
  type StartMessage,
  type WorkerEvent,
  type WorkerRequest,
} from '../../shared/training/protocol';
import type { WorkerProcess } from './training-session';

/**
 * The host's side of GPU worker pages (shared/training/gpu-worker-wire.ts): a registry of the
 * connected ones, a WorkerProcess over one page so the training session supervises it like
 * a worker process, and the worker that calibrates both and trains on the faster.
 */

/** One connected page, however its messages travel (a MessagePortMain, a WebSocket). */
export interface GpuWorkerLink {
  post(message: HostToGpuWorker): void;
  onMessage(listener: (raw: unknown) => void): void;
  onClose(listener: () => void): void;
}

interface ConnectedPage {
  link: GpuWorkerLink;
  gpu: GpuInfo;
  busy: boolean;
  closed: boolean;
  /** The job's listener while one is running on the page. */
  job: ((message: GpuWorkerToHost) => void) | null;
  closeListeners: Array<() => void>;
}

export interface GpuWorkerRegistry {
  /** A page connected: it is usable once it said hello with a GPU backend. */
  add(link: GpuWorkerLink): void;
  /** The GPU of an idle page, or null when no page could take a run now. */
  available(): GpuInfo | null;
  /** Takes an idle page for one job; null when none is idle. */
  take(): GpuJobPage | null;
  /** Pages that said hello, with or without a GPU (tests, diagnostics). */
  pages(): Array<{ gpu: GpuInfo | null; problem?: string; busy: boolean }>;
  /** Resolves when a page with a GPU backend is connected (tests, the desktop app's startup). */
  whenAvailable(): Promise<GpuInfo>;
}

/** A page taken for one job: it is released (and free for the next) once the page says it is idle. */
export interface GpuJobPage {
  gpu: GpuInfo;
  post(message: HostToGpuWorker): void;
  /** Messages of this job; the registry keeps hello and idle. */
  onMessage(listener: (message: GpuWorkerToHost) => void): void;
  onClose(listener: () => void): void;
}

export function createGpuWorkerRegistry(options: { onWarning?: (message: string) => void } = {}): GpuWorkerRegistry {
  const warn = options.onWarning ?? (() => {});
  const pages: ConnectedPage[] = [];
  const hellos: Array<{ gpu: GpuInfo | null; problem?: string; page: ConnectedPage | null }> = [];
  const waiting: Array<(gpu: GpuInfo) => void> = [];

  return {
    add(link) {
      let page: ConnectedPage | null = null;
      link.onMessage((raw) => {
        const parsed = GpuWorkerToHostSchema.safeParse(raw);
        if (!parsed.success) {
          warn(`a GPU worker page sent a message this host does not understand (${parsed.error.issues[0]?.message ?? 'invalid'})`);
          return;
        }
        const message = parsed.data;
        if (message.kind === 'hello') {
          if (page) return;
          if (message.gpu) {
            page = { link, gpu: message.gpu, busy: false, closed: false, job: null, closeListeners: [] };
            pages.push(page);
            for (const resolve of waiting.splice(0)) resolve(message.gpu);
          }
          hellos.push({ gpu: message.gpu, ...(message.problem ? { problem: message.problem } : {}), page });
          return;
        }
        if (!page) return;
        if (message.kind === 'idle') {
          page.busy = false;
          page.job = null;
          return;
        }
        page.job?.(message);
      });
      link.onClose(() => {
        if (!page) return;
        page.closed = true;
        pages.splice(pages.indexOf(page), 1);
        for (const listener of page.closeListeners.splice(0)) listener();
      });
    },
    available: () => pages.find((p) => !p.busy && !p.closed)?.gpu ?? null,
    take() {
      const page = pages.find((p) => !p.busy && !p.closed);
      if (!page) return null;
      page.busy = true;
      page.closeListeners = [];
      return {
        gpu: page.gpu,
        post: (message) => {
          if (!page.closed) page.link.post(message);
        },
        onMessage: (listener) => void (page.job = listener),
        onClose: (listener) => void page.closeListeners.push(listener),
      };
    },
    pages: () => hellos.map((h) => ({ gpu: h.gpu, ...(h.problem ? { problem: h.problem } : {}), busy: h.page?.busy ?? false })),
    whenAvailable() {
      const gpu = pages.find((p) => !p.closed)?.gpu;
      return gpu ? Promise.resolve(gpu) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** What the host does for a page's job: load its dataset, write its weights. */
export interface GpuJobServices {
  /** The job's table of samples, as the worker process would load it. */
  loadData(job: StartMessage | CalibrateMessage, outputUnits: number | null): Promise<import('../../shared/data/dataset').Dataset>;
  writeModel(dir: string, modelJson: unknown, weightData: ArrayBuffer): Promise<void>;
}

/** Loading and writing as the worker process does; imported on first use (tfjs comes with them). */
export const fileGpuJobServices: GpuJobServices = {
  async loadData(job, outputUnits) {
    const { loadDataset } = await import('../node/load-dataset');
    // A GAN's real samples all train: loaded as the worker process loads them (runner.ts), no rows held out.
    return loadDataset(job.dataset, job.training.gan ? { ...job.training, validationSplit: 0 } : job.training, outputUnits);
  },
  async writeModel(dir, modelJson, weightData) {
    const { writeModelFiles } = await import('../node/model-files');
    await writeModelFiles(dir, modelJson, weightData);
  },
};

/**
 * A GPU worker page as a WorkerProcess: requests go to the page; its events come back
 * validated; it "exits" after its `done` or `error`, when it is killed (released) or when
 * the page goes away. The page may only write the folders its `start` named.
 */
export function gpuWorkerProcess(page: GpuJobPage, services: GpuJobServices = fileGpuJobServices): WorkerProcess {
  const messageListeners: Array<(raw: unknown) => void> = [];
  const exitListeners: Array<(code: number | null, signal: NodeJS.Signals | null) => void> = [];
  const stderrListeners: Array<(text: string) => void> = [];
  let job: StartMessage | CalibrateMessage | null = null;
  let exited = false;
  const exit = (code: number | null, signal: NodeJS.Signals | null) => {
    if (exited) return;
    exited = true;
    // After the event that ended the job has reached its listeners, as a process's exit would.
    setTimeout(() => exitListeners.forEach((listener) => listener(code, signal)), 0);
  };

  page.onMessage((message) => {
    if (exited) return;
    switch (message.kind) {
      case 'event':
        for (const listener of messageListeners) listener(message.event);
        if (message.event.type === 'done' || message.event.type === 'error') exit(0, null);
        return;
      case 'load': {
        const current = job;
        if (!current) return page.post({ kind: 'data', id: message.id, error: 'the GPU worker asked for data before it had a job' });
        services.loadData(current, message.outputUnits).then(
          (data) => page.post({ kind: 'data', id: message.id, data }),
          (err: unknown) => page.post({ kind: 'data', id: message.id, error: (err as Error).message }),
        );
        return;
      }
      case 'save': {
        const allowed = job?.type === 'start' ? [job.saveTo, job.saveBestTo] : [];
        if (!allowed.includes(message.dir)) {
          page.post({ kind: 'saved', id: message.id, error: `the GPU worker may not write ${message.dir}` });
          return;
        }
        services.writeModel(message.dir, message.modelJson, message.weightData).then(
          () => page.post({ kind: 'saved', id: message.id }),
          (err: unknown) => page.post({ kind: 'saved', id: message.id, error: `cannot write the trained model to ${message.dir}: ${(err as Error).message}` }),
        );
        return;
      }
    }
  });
  page.onClose(() => {
    // What the session quotes when it reports the crash.
    if (!exited) stderrListeners.forEach((listener) => listener(`the GPU worker page (${page.gpu.backend}, ${page.gpu.adapter}) was closed or crashed\n`));
    exit(1, null);
  });

  return {
    pid: undefined,
    send(message: WorkerRequest) {
      if (exited) return;
      if (message.type === 'start' || message.type === 'calibrate') job = message;
      page.post({ kind: 'request', request: message });
    },
    onMessage: (listener) => void messageListeners.push(listener),
    onExit: (listener) => void exitListeners.push(listener),
    onError: () => {},
    onStderr: (listener) => void stderrListeners.push(listener),
    kill(signal) {
      page.post({ kind: 'release' });
      exit(null, signal);
    },
  };
}

export interface ChoosingWorkerOptions {
  preference: DevicePreference;
  /** Starts the CPU worker process (the fork or utilityProcess launcher). */
  launchCpu: () => WorkerProcess;
  /** The GPU worker registry; null in hosts without one. */
  gpuWorkers: GpuWorkerRegistry | null;
  services?: GpuJobServices;
  /** Timed batches per side; the first batch (compiles, uploads) is extra. */
  calibrationBudgetMs?: number;
  /** A side whose calibration has not answered by then counts as failed (a hung GPU driver). */
  calibrationTimeoutMs?: number;
  /** The CPU worker's backend when it did not calibrate (it picks wasm where it loads). */
  cpuBackend?: string;
}

/** Each side times batches for this long: with the GPU's and the CPU's, about 3 s before a run. */
export const CALIBRATION_BUDGET_MS = 1200;
const CALIBRATION_TIMEOUT_MS = 60_000;

/**
 * The tfjs engine's worker when a GPU worker may exist: on `start`, decides where the run
 * trains (calibrating both on the run's model and data when the preference is `auto`), tells
 * the listeners with a `device` event, hands the start to the winner and lets the other go.
 * To the training session it is one worker process.
 */
export function choosingWorker(options: ChoosingWorkerOptions): WorkerProcess {
  const messageListeners: Array<(raw: unknown) => void> = [];
  const exitListeners: Array<(code: number | null, signal: NodeJS.Signals | null) => void> = [];
  const errorListeners: Array<(err: Error) => void> = [];
  const stderrListeners: Array<(text: string) => void> = [];
  const budgetMs = options.calibrationBudgetMs ?? CALIBRATION_BUDGET_MS;
  const timeoutMs = options.calibrationTimeoutMs ?? CALIBRATION_TIMEOUT_MS;

  const page = options.preference === 'cpu' ? null : (options.gpuWorkers?.take() ?? null);
  const gpu = page ? gpuWorkerProcess(page, options.services) : null;
  // The GPU forced and present: no CPU worker at all.
  const cpu = options.preference === 'gpu' && gpu ? null : options.launchCpu();
  let winner: WorkerProcess | null = null;
  let killed = false;
  let exited = false;
  /** Control requests that came while calibrating; the winner gets them after its start. */
  const queued: WorkerRequest[] = [];

  const fireExit = (code: number | null, signal: NodeJS.Signals | null) => {
    if (exited) return;
    exited = true;
    for (const listener of exitListeners) listener(code, signal);
  };
  const forward = (from: WorkerProcess) => {
    from.onMessage((raw) => {
      if (winner === from) for (const listener of messageListeners) listener(raw);
    });
    from.onExit((code, signal) => {
      if (winner === from || (winner === null && from === cpu)) fireExit(code, signal);
    });
  };
  if (cpu) {
    forward(cpu);
    cpu.onError((err) => errorListeners.forEach((l) => l(err)));
    cpu.onStderr((text) => stderrListeners.forEach((l) => l(text)));
  }
  if (gpu) {
    forward(gpu);
    gpu.onStderr((text) => stderrListeners.forEach((l) => l(text)));
  }

  /** One side's calibration: its samples a second, or null when it failed or took too long. */
  const calibrate = (worker: WorkerProcess, message: CalibrateMessage): Promise<{ speed: number | null; backend: string | null; error: WorkerEvent | null }> =>
    new Promise((resolve) => {
      let settled = false;
      const settle = (value: { speed: number | null; backend: string | null; error: WorkerEvent | null }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => settle({ speed: null, backend: null, error: null }), timeoutMs);
      worker.onMessage((raw) => {
        const parsed = WorkerEventSchema.safeParse(raw);
        if (!parsed.success) return;
        const event = parsed.data;
        if (event.type === 'calibration') settle({ speed: event.samplesPerSecond, backend: event.backend, error: null });
        else if (event.type === 'error') settle({ speed: null, backend: null, error: event });
      });
      worker.onExit(() => settle({ speed: null, backend: null, error: null }));
      worker.send(message);
    });

  async function begin(start: StartMessage): Promise<void> {
    const gpuInfo = page?.gpu ?? null;
    let gpuSpeed: number | null = null;
    let cpuSpeed: number | null = null;
    let cpuBackend = options.cpuBackend ?? 'wasm';
    if (needsCalibration(options.preference, gpuInfo) && gpu && cpu) {
      const message: CalibrateMessage = { type: 'calibrate', document: start.document, dataset: start.dataset, training: start.training, budgetMs, maxBatches: 200 };
      // One after the other: on two cores, timing both at once would measure their contention.
      const onGpu = await calibrate(gpu, message);
      // Stopped, or the CPU worker died meanwhile (the session has reported it).
      if (killed || exited) return;
      gpuSpeed = onGpu.speed;
      const onCpu = await calibrate(cpu, message);
      if (killed || exited) return;
      cpuSpeed = onCpu.speed;
      if (onCpu.backend) cpuBackend = onCpu.backend;
      // The CPU worker could not even calibrate: the job itself is at fault, and its error says how.
      if (onCpu.error) {
        gpu.kill('SIGTERM');
        winner = cpu;
        for (const listener of messageListeners) listener(onCpu.error);
        return;
      }
    }
    const choice: DeviceChoice = chooseDevice({ preference: options.preference, gpu: gpuInfo, cpuBackend, gpuSamplesPerSecond: gpuSpeed, cpuSamplesPerSecond: cpuSpeed });
    const chosen = choice.device === 'gpu' && gpu ? gpu : cpu!;
    const other = chosen === gpu ? cpu : gpu;
    winner = chosen;
    other?.kill('SIGTERM');
    for (const listener of messageListeners) listener({ type: 'device', backend: choice.backend, choice });
    chosen.send(start);
    for (const request of queued.splice(0)) chosen.send(request);
  }

  return {
    get pid() {
      return cpu?.pid;
    },
    send(message) {
      if (winner) return winner.send(message);
      if (message.type === 'start') {
        begin(message).catch((err: unknown) => errorListeners.forEach((l) => l(err as Error)));
        return;
      }
      if (message.type !== 'calibrate') queued.push(message);
    },
    onMessage: (listener) => void messageListeners.push(listener),
    onExit: (listener) => void exitListeners.push(listener),
    onError: (listener) => void errorListeners.push(listener),
    onStderr: (listener) => void stderrListeners.push(listener),
    kill(signal) {
      killed = true;
      if (winner) return winner.kill(signal);
      cpu?.kill(signal);
      gpu?.kill(signal);
      // Killed while calibrating: the session hears of it as of a killed process.
      if (!cpu) fireExit(null, signal);
    },
  };
}
