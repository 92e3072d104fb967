import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { datasetPaths } from '../../shared/data/reference';
import type { GraphDocument } from '../../shared/graph/document';
import { HOST_ERROR_CODES, HostError, type HostImplementation } from '../../shared/host-api';
import { trainingMessage, trainingText } from '../../shared/training/messages';
import type { TrainingEvent } from '../../shared/training/protocol';
import { newRunProgress, recordRunEvent, RUN_RECORD_VERSION, summarizeRun, type RunRecord } from '../../shared/training/run-record';
import { choosingWorker, type GpuWorkerRegistry } from './gpu-worker';
import type { HostEventSink } from './host-events';
import { newRunId, type KeptRun, type RunHistory } from './run-history-service';
import { refusal } from './run-refusal';
import { forkWorker, startTraining, type TrainingEngine, type TrainingHandle, type WorkerProcess } from './training-session';

export type TrainingSessionMethods = Pick<HostImplementation, 'startTraining' | 'pauseTraining' | 'resumeTraining' | 'stepTraining' | 'stopTraining' | 'activeTraining'>;

export interface TrainingSessions {
  methods: TrainingSessionMethods;
  /** The worker process of the active run (supervision, tests); undefined when none is training. */
  activeWorkerPid(): number | undefined;
  /** Refuses new runs and stops the active one; settles once its last event was recorded. */
  dispose(): Promise<void>;
}

export interface TrainingSessionsOptions {
  /** Every run started here is kept in it, its record updated as events arrive. */
  history: RunHistory;
  /** Where `trainingEvent` goes (every connected page). */
  emit: HostEventSink;
  /** Relative project paths resolve against it. */
  cwd: string;
  warn: (message: string) => void;
  /**
   * Starts a run's worker; default a `child_process.fork` child. The desktop app passes an
   * Electron utilityProcess launcher that also gives the window a port for the run's events.
   */
  launchWorker?: (context: { runId: string; engine: TrainingEngine }) => WorkerProcess;
  /**
   * GPU worker pages (a hidden window in the desktop app, tabs in browser mode). With it, each
   * tfjs run says where it trains with a `device` event, and trains on a GPU worker when one
   * is connected and calibration finds it faster (or the training settings ask for it).
   */
  gpuWorkers?: GpuWorkerRegistry;
}

export const BUSY_MESSAGE = trainingMessage(trainingText('busy'));

/** How often a running run's record is written beside the project (at an epoch's end). */
const PERSIST_INTERVAL_MS = 2000;

interface ActiveRun {
  kept: KeptRun;
  handle: TrainingHandle;
  /** Settles after the final event was recorded, persisted and sent. */
  ended: Promise<void>;
  /** Set while a pause or a step waits for the loop to halt. */
  whenPaused?: () => void;
}

/** How long `pauseTraining` waits for the loop to halt (a slow batch or a validation pass) before answering anyway. */
const PAUSE_ACK_MS = 2000;

/**
 * Training sessions for the HostApi: one active run at a time, its worker process supervised
 * (training-session.ts), its events broadcast as `trainingEvent` and recorded in the run history.
 */
export function createTrainingSessions(options: TrainingSessionsOptions): TrainingSessions {
  const { history, cwd, warn } = options;
  let active: ActiveRun | null = null;
  let disposed = false;

  /** A page that cannot take an event must not take the run (or the host) down with it. */
  function broadcast(runId: string, event: TrainingEvent): void {
    try {
      options.emit('trainingEvent', { runId, event });
    } catch (err) {
      warn(`a ${event.type} event of run ${runId} could not be sent to the pages (${(err as Error).message})`);
    }
  }

  function activeRun(runId: string, verb: 'pause' | 'resume' | 'step' | 'stop'): ActiveRun {
    if (active && active.kept.record.id === runId) return active;
    const verbText = trainingText(({ pause: 'verbPause', resume: 'verbResume', step: 'verbStep', stop: 'verbStop' } as const)[verb]);
    throw refusal(trainingText('runNotTraining', { run: runId, verb: verbText }), HOST_ERROR_CODES.runNotFound);
  }

  /** Asks the loop something that ends halted (`ask`) and waits for its `paused` event, the run's end, or PAUSE_ACK_MS. */
  async function untilHalted(run: ActiveRun, ask: () => void): Promise<void> {
    const halted = new Promise<void>((resolve) => (run.whenPaused = resolve));
    ask();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([halted, run.ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, PAUSE_ACK_MS)))]);
    clearTimeout(timer);
    run.whenPaused = undefined;
  }

  const methods: TrainingSessionMethods = {
    async startTraining({ document, projectPath }) {
      if (disposed) throw refusal(trainingText('shuttingDown'), HOST_ERROR_CODES.trainingRefused);
      if (active) throw refusal(trainingText('busy'), HOST_ERROR_CODES.trainingBusy);
      const project = projectPath === undefined ? null : path.resolve(cwd, projectPath);
      refuseUntrainable(document, project);
      const runId = newRunId();
      const kept: KeptRun = { dir: '', record: freshRunRecord(runId, document, project) };
      // Claimed before the first await, so a second start arriving meanwhile is refused.
      let settleEnded!: () => void;
      const placeholder: ActiveRun = { kept, handle: null as unknown as TrainingHandle, ended: new Promise<void>((resolve) => (settleEnded = resolve)) };
      active = placeholder;
      try {
        kept.dir = await history.folderFor(runId, project);
        await mkdir(kept.dir, { recursive: true });
      } catch (err) {
        active = null;
        settleEnded();
        throw new HostError(`cannot create the folder for the run's results (${(err as Error).message}) — check that the project's folder is writable`, HOST_ERROR_CODES.fileSystem);
      }
      if (disposed) {
        active = null;
        settleEnded();
        throw refusal(trainingText('shuttingDown'), HOST_ERROR_CODES.trainingRefused);
      }
      history.keep(kept);

      let lastSavedAt = Date.now();
      const finishRun = async (event: TrainingEvent) => {
        await history.persist(kept);
        if (active === placeholder) active = null;
        broadcast(runId, event);
        settleEnded();
      };
      placeholder.handle = startTraining(
        {
          document,
          dataset: document.dataset,
          training: document.training,
          ...(project ? { baseDir: path.dirname(project) } : {}),
          saveTo: path.join(kept.dir, 'final'),
          saveBestTo: path.join(kept.dir, 'best'),
          evaluate: true,
        },
        (event) => {
          record(kept, event);
          // Saved now and then during the run too, so a host that dies midway keeps the curves so far.
          if (event.type === 'epoch' && Date.now() - lastSavedAt >= PERSIST_INTERVAL_MS) {
            lastSavedAt = Date.now();
            void history.persist(kept);
          }
          if (event.type === 'paused') placeholder.whenPaused?.();
          if (event.type === 'done' || event.type === 'error') void finishRun(event);
          else broadcast(runId, event);
        },
        (engine) => {
          const launch = () => (options.launchWorker ? options.launchWorker({ runId, engine }) : forkWorker(engine));
          return engine === 'tfjs' && options.gpuWorkers
            ? choosingWorker({ preference: document.training.device, launchCpu: launch, gpuWorkers: options.gpuWorkers })
            : launch();
        },
      );
      void history.persist(kept);
      return { runId };
    },

    /** Answers once the loop has halted, so no batch arrives after the page shows "paused". */
    async pauseTraining({ runId }) {
      const run = activeRun(runId, 'pause');
      await untilHalted(run, () => {
        run.handle.pause();
        run.kept.record.status = 'paused';
      });
      return { runId, status: 'paused' as const };
    },

    /** Answers once the step's batch is done and the loop has halted again. */
    async stepTraining({ runId, player }) {
      const run = activeRun(runId, 'step');
      const { document } = run.kept.record;
      if (document.training.engine === 'pytorch') throw refusal(trainingText('stepNotOnPytorch'), HOST_ERROR_CODES.trainingRefused);
      if (player && !document.training.gan) throw refusal(trainingText('stepNeedsGan', { run: runId }), HOST_ERROR_CODES.trainingRefused);
      if (run.kept.record.status !== 'paused') return { runId, status: 'running' as const };
      await untilHalted(run, () => run.handle.step(player));
      return { runId, status: 'paused' as const };
    },

    resumeTraining({ runId }) {
      const run = activeRun(runId, 'resume');
      run.handle.resume();
      run.kept.record.status = 'running';
      return { runId, status: 'running' as const };
    },

    async stopTraining({ runId }) {
      const known = history.get(runId);
      if (known && !(active && active.kept === known)) return summarizeRun(known.record);
      const run = activeRun(runId, 'stop');
      run.handle.stop();
      await run.ended;
      return summarizeRun(run.kept.record);
    },

    activeTraining: () => (active && history.has(active.kept.record.id) ? summarizeRun(active.kept.record) : null),
  };

  return {
    methods,
    activeWorkerPid: () => active?.handle?.pid,
    async dispose() {
      disposed = true;
      const running = active;
      if (running) {
        running.handle?.stop();
        await running.ended;
      }
    },
  };
}

/** The record of a run about to start: nothing trained yet. */
function freshRunRecord(runId: string, document: GraphDocument, project: string | null): RunRecord {
  return {
    ...newRunProgress(),
    version: RUN_RECORD_VERSION,
    id: runId,
    projectPath: project,
    projectName: document.name,
    startedAt: new Date().toISOString(),
    durationMs: 0,
    dataset: document.dataset!,
    training: document.training,
    document,
  };
}

function refuseUntrainable(document: GraphDocument, project: string | null): void {
  const dataset = document.dataset;
  if (!dataset)
    throw refusal(trainingText('noDataset', { name: document.name }), HOST_ERROR_CODES.trainingRefused);
  const relative = datasetPaths(dataset).find((p) => !path.isAbsolute(p));
  if (project === null && relative !== undefined)
    throw refusal(trainingText('relativeDataset', { path: relative }), HOST_ERROR_CODES.trainingRefused);
}

/** One training event into the run's record, with the run's duration so far. */
function record(kept: KeptRun, event: TrainingEvent): void {
  kept.record.durationMs = Date.now() - Date.parse(kept.record.startedAt);
  recordRunEvent(kept.record, event);
}
