import type { GpuWorkerRegistry } from './gpu-worker';
import type { HostEventSink } from './host-events';
import { createInferenceService, type InferenceMethods } from './inference-service';
import { createRunHistory, type RunHistory, type RunHistoryMethods } from './run-history-service';
import { createTrainingSessions, type TrainingSessionMethods, type TrainingSessionsOptions } from './training-sessions-service';

export type TrainingMethods = TrainingSessionMethods & RunHistoryMethods & InferenceMethods;

export interface TrainingService {
  methods: TrainingMethods;
  /** The runs' history, for the services that read a run's results (exports). */
  history: RunHistory;
  /** The worker process of the active run (supervision, tests); undefined when none is training. */
  activeWorkerPid(): number | undefined;
  /** Stops the active run, forgets loaded models and removes the scratch folder of unsaved projects' runs. */
  dispose(): Promise<void>;
}

export interface TrainingServiceOptions {
  /** Where `trainingEvent` goes (every connected page). */
  emit: HostEventSink;
  /** Relative project paths resolve against it; default process.cwd(). */
  cwd?: string;
  /** Runs of unsaved projects keep their weights here; default a fresh folder in the OS temp dir. */
  scratchDir?: string;
  onWarning?: (message: string) => void;
  launchWorker?: TrainingSessionsOptions['launchWorker'];
  gpuWorkers?: GpuWorkerRegistry;
}

/**
 * Training runs for the HostApi, three services sharing one lifetime: the training sessions
 * (one active run in a supervised worker, its events broadcast), the run history (on disk
 * beside a saved project, in memory for an unsaved one) and inference on a run's model.
 */
export function createTrainingService(options: TrainingServiceOptions): TrainingService {
  const cwd = options.cwd ?? process.cwd();
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`warning: ${message}\n`));
  const history = createRunHistory({ cwd, warn, scratchDir: options.scratchDir });
  const sessions = createTrainingSessions({ history, emit: options.emit, cwd, warn, launchWorker: options.launchWorker, gpuWorkers: options.gpuWorkers });
  const inference = createInferenceService({ history });
  const methods: TrainingMethods = { ...sessions.methods, ...history.methods, ...inference.methods };
  return {
    methods,
    history,
    activeWorkerPid: sessions.activeWorkerPid,
    async dispose() {
      await sessions.dispose();
      inference.dispose();
      await history.dispose();
    },
  };
}

