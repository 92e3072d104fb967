import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DatasetReference } from '../../shared/data/reference';
import type { GraphDocument } from '../../shared/graph/document';
import type { TrainingConfig } from '../../shared/graph/training-config';
import { OUT_OF_MEMORY_TEXT } from '../../shared/training/errors';
import { trainingMessage, trainingText, type TrainingText } from '../../shared/training/messages';
import {
  StartMessageSchema,
  TrainingEventSchema,
  type DoneEvent,
  type ErrorEvent,
  type GanPlayer,
  type MetricLogs,
  type StartMessage,
  type TrainingEvent,
  type WorkerRequest,
} from '../../shared/training/protocol';
import { resolveDatasetPath } from '../node/load-dataset';

export interface TrainingJob {
  document: GraphDocument;
  /** Defaults to the document's dataset reference. */
  dataset?: DatasetReference | null;
  /** Defaults to the document's training config. */
  training?: TrainingConfig;
  /** The project file's directory: a relative CSV path is resolved against it (else the cwd). */
  baseDir?: string;
  /** Write the trained model (model.json + weights.bin) into this directory. */
  saveTo?: string;
  /** With early stopping that restores the best epoch: its weights go here, the last epoch's to `saveTo`. */
  saveBestTo?: string;
  /** Send an `evaluation` event (validation split) before `done`. */
  evaluate?: boolean;
  /** Train on this backend only (benchmarks compare them); by default the fastest that loads. */
  backend?: StartMessage['backend'];
}

export interface TrainingHandle {
  stop(): void;
  pause(): void;
  resume(): void;
  /** While paused: one batch (a GAN: one iteration, or one `player`'s step), then halted again. */
  step(player?: GanPlayer): void;
  /** The worker's process id (supervision, diagnostics); undefined when it never started. */
  readonly pid: number | undefined;
  /**
   * Settles once the run is over and its last event was delivered: resolves with the
   * `done` event, rejects with a TrainingError carrying the `error` event.
   */
  done: Promise<DoneEvent>;
}

export class TrainingError extends Error {
  constructor(readonly event: ErrorEvent) {
    super(event.message);
    this.name = 'TrainingError';
  }
}

/** How long a worker may take to wind down after `stop` before it is killed. */
export const STOP_GRACE_MS = 3000;

const WORKER_ENTRY = fileURLToPath(new URL('../worker/main.ts', import.meta.url));
/** The PyTorch engine's worker: the same protocol, answered by running train.py with a local Python. */
const PYTORCH_WORKER_ENTRY = fileURLToPath(new URL('../pytorch/worker.ts', import.meta.url));

/** The worker is TypeScript run in place; tsx's loader is resolved from here so any cwd works. */
function workerExecArgv(): string[] {
  const tsxLoader = createRequire(import.meta.url).resolve('tsx');
  return [...process.execArgv.filter((a) => a.startsWith('--max-old-space-size')), '--import', pathToFileURL(tsxLoader).href];
}

/**
 * A running worker process, as the session supervises it. Under browser mode and the CLI it
 * is a `child_process.fork` child (forkWorker); the desktop app supplies an Electron
 * utilityProcess through the same shape, which also hands the window a port for the events.
 */
export interface WorkerProcess {
  readonly pid: number | undefined;
  send(message: WorkerRequest): void;
  onMessage(listener: (raw: unknown) => void): void;
  /** The worker is gone and every message it sent has been delivered. */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  onError(listener: (err: Error) => void): void;
  /** The worker's stderr, kept only to explain a crash. */
  onStderr(listener: (text: string) => void): void;
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}

export type TrainingEngine = TrainingConfig['engine'];

/**
 * Starts the worker of `engine` (throws when it cannot): the tfjs worker, or the PyTorch
 * engine's, which speaks the same protocol. The desktop app launches the bundled ones.
 */
export type WorkerLauncher = (engine: TrainingEngine) => WorkerProcess;

/** The worker as a `child_process.fork` child running the TypeScript entry through tsx. */
export const forkWorker: WorkerLauncher = (engine) => forkEntry(engine === 'pytorch' ? PYTORCH_WORKER_ENTRY : WORKER_ENTRY);

function forkEntry(entry: string): WorkerProcess {
  const child: ChildProcess = fork(entry, [], { execArgv: workerExecArgv(), stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  child.stdout?.resume();
  child.stderr?.setEncoding('utf8');
  return {
    pid: child.pid,
    send(message) {
      // A worker that just exited cannot take the message; its exit handler reports the outcome.
      if (child.connected) child.send(message, () => {});
    },
    onMessage: (listener) => void child.on('message', listener),
    // 'close' rather than 'exit': it comes after the IPC channel and pipes have drained, so a
    // `done` sent just before exiting is never mistaken for a crash.
    onExit: (listener) => void child.on('close', listener),
    onError: (listener) => void child.on('error', listener),
    onStderr: (listener) => void child.stderr?.on('data', listener),
    kill: (signal) => void child.kill(signal),
  };
}

/**
 * Trains `job` in a child process and reports every event to `onEvent`, validated against
 * the protocol. Whatever happens to the child (a crash, an out-of-memory, a hang after
 * `stop`), the caller gets exactly one final event, `done` or `error`, and the host lives on.
 */
export function startTraining(job: TrainingJob, onEvent: (event: TrainingEvent) => void, launch: WorkerLauncher = forkWorker): TrainingHandle {
  let settle!: { resolve: (e: DoneEvent) => void; reject: (e: TrainingError) => void };
  const done = new Promise<DoneEvent>((resolve, reject) => (settle = { resolve, reject }));
  // A caller that only listens to events must not get an unhandled rejection.
  done.catch(() => {});

  let finished = false;
  let backend = 'none';
  let lastEpochLogs: MetricLogs = {};
  let epochsSeen = 0;
  let ready = false;
  let stopRequestedAt: number | null = null;
  let killTimer: NodeJS.Timeout | null = null;
  const startedAt = Date.now();
  const stderrTail: string[] = [];

  const finish = (event: DoneEvent | ErrorEvent) => {
    if (finished) return;
    finished = true;
    if (killTimer) clearTimeout(killTimer);
    try {
      onEvent(event);
    } finally {
      if (event.type === 'done') settle.resolve(event);
      else settle.reject(new TrainingError(event));
    }
  };
  const fail = (text: TrainingText) => finish({ type: 'error', backend, message: trainingMessage(text), said: { training: text } });

  const dataset = job.dataset === undefined ? job.document.dataset : job.dataset;
  if (!dataset) {
    queueMicrotask(() =>
      fail(trainingText('noDataset', { name: job.document.name })),
    );
    return { stop() {}, pause() {}, resume() {}, step() {}, pid: undefined, done };
  }

  const startMessage: StartMessage = {
    type: 'start',
    document: job.document,
    dataset: resolveDatasetPath(dataset, job.baseDir),
    training: job.training ?? job.document.training,
    ...(job.saveTo ? { saveTo: path.resolve(job.baseDir ?? process.cwd(), job.saveTo) } : {}),
    ...(job.saveBestTo ? { saveBestTo: path.resolve(job.baseDir ?? process.cwd(), job.saveBestTo) } : {}),
    ...(job.evaluate ? { evaluate: true } : {}),
    ...(job.backend ? { backend: job.backend } : {}),
  };
  const checked = StartMessageSchema.safeParse(startMessage);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    queueMicrotask(() => fail(trainingText('jobInvalidAt', { place: issue.path.join('.') || 'job', problem: issue.message })));
    return { stop() {}, pause() {}, resume() {}, step() {}, pid: undefined, done };
  }

  let child: WorkerProcess;
  try {
    child = launch(checked.data.training.engine);
  } catch (err) {
    queueMicrotask(() => fail(trainingText('processNotStarted', { detail: (err as Error).message })));
    return { stop() {}, pause() {}, resume() {}, step() {}, pid: undefined, done };
  }

  const send = (message: WorkerRequest) => child.send(message);

  child.onStderr((chunk: string) => {
    stderrTail.push(chunk);
    while (stderrTail.length > 50) stderrTail.shift();
  });

  child.onMessage((raw) => {
    if (finished) return;
    const parsed = TrainingEventSchema.safeParse(raw);
    if (!parsed.success) {
      fail(trainingText('processGarbled', { problem: parsed.error.issues[0]?.message ?? 'invalid' }));
      child.kill('SIGKILL');
      return;
    }
    const event = parsed.data;
    backend = event.backend;
    if (event.type === 'ready') ready = true;
    if (event.type === 'epoch') {
      lastEpochLogs = event.logs;
      epochsSeen = event.epoch;
    }
    if (event.type === 'done' || event.type === 'error') finish(event);
    else onEvent(event);
  });

  child.onError((err) => {
    if (!finished) fail(trainingText('processFailed', { detail: err.message }));
  });

  child.onExit((code, signal) => {
    if (finished) return;
    if (stopRequestedAt !== null) {
      // Killed (or it quit) after we asked it to stop: the run ended as asked.
      finish({
        type: 'done',
        backend,
        reason: 'stopped',
        epochs: epochsSeen,
        metrics: lastEpochLogs,
        elapsedMs: Date.now() - startedAt,
      });
      return;
    }
    fail(describeCrashText(code, signal, stderrTail.join('')));
  });

  send(checked.data);

  return {
    stop() {
      if (finished || stopRequestedAt !== null) return;
      stopRequestedAt = Date.now();
      // Before `ready` the worker is still loading tfjs, the model or the data: nothing to keep.
      if (!ready) child.kill('SIGTERM');
      else send({ type: 'stop' });
      killTimer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    },
    pause() {
      if (!finished) send({ type: 'pause' });
    },
    resume() {
      if (!finished) send({ type: 'resume' });
    },
    step(player) {
      if (!finished) send({ type: 'step', ...(player ? { player } : {}) });
    },
    pid: child.pid,
    done,
  };
}

export function describeCrashText(code: number | null, signal: NodeJS.Signals | null, stderr: string): TrainingText {
  if (/heap out of memory|Allocation failed|out of memory/i.test(stderr)) return OUT_OF_MEMORY_TEXT;
  const lastLine = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .pop();
  const output = lastLine ? trainingText('processOutput', { line: lastLine }) : '';
  if (signal) return trainingText('processKilled', { signal, output });
  return code === 0 ? trainingText('processEnded', { output }) : trainingText('processCrashed', { code: String(code), output });
}

export function describeCrash(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  return trainingMessage(describeCrashText(code, signal, stderr));
}
