import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { datasetPaths } from '../../shared/data/reference';
import type { GraphDocument } from '../../shared/graph/document';
import { HOST_ERROR_CODES, HostError, type HostErrorCode, type HostImplementation, type Prediction } from '../../shared/host-api';
import { trainingMessage, trainingText, type TrainingText } from '../../shared/training/messages';
import type { TrainingEvent } from '../../shared/training/protocol';
import { recordRunEvent, RUN_RECORD_VERSION, RunRecordSchema, summarizeRun, type RunRecord, type RunSummary } from '../../shared/training/run-record';
import type { HostEventSink } from './host-service';
import type { ModelExportRequest } from './model-export';
import { projectStem, readProject, relativeToProject, writeFileAtomic, writeProject } from './projects';
import { choosingWorker, type GpuWorkerRegistry } from './gpu-worker';
import { forkWorker, startTraining, type TrainingEngine, type TrainingHandle, type WorkerProcess } from './training-session';

export type TrainingMethods = Pick<
  HostImplementation,
  | 'startTraining'
  | 'pauseTraining'
  | 'resumeTraining'
  | 'stopTraining'
  | 'activeTraining'
  | 'listRuns'
  | 'getRun'
  | 'restoreRunWeights'
  | 'predict'
  | 'exportRunModel'
  | 'exportProject'
  | 'nodeEmbeddings'
  | 'attentionMaps'
  | 'generateText'
>;

export interface TrainingService {
  methods: TrainingMethods;
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

/** A refusal said in English and, as data, in the page's language. */
function refusal(text: TrainingText, code: HostErrorCode): HostError {
  return new HostError(trainingMessage(text), code, undefined, undefined, { training: text });
}
export const RUN_FILE_NAME = 'run.json';
const RUN_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
/** How often a running run's record is written beside the project (at an epoch's end). */
const PERSIST_INTERVAL_MS = 2000;

/** `<dir>/<stem>.runs/` beside a project file: one folder per run. */
export function runsDirFor(projectFile: string): string {
  return path.join(path.dirname(projectFile), `${projectStem(projectFile)}.runs`);
}

/** Sortable and readable as a folder name: `run-20261128-173512-9f3a`. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${randomBytes(2).toString('hex')}`;
}

interface KeptRun {
  record: RunRecord;
  /** The run's folder: its weights are in `final/` and `best/` inside. */
  dir: string;
  /** Writes of run.json, one after another so an older state never lands last. */
  writes?: Promise<void>;
}

interface ActiveRun {
  kept: KeptRun;
  handle: TrainingHandle;
  /** Settles after the final event was recorded, persisted and sent. */
  ended: Promise<void>;
  /** Set while a pause waits for the loop to halt. */
  whenPaused?: () => void;
}

/** How long `pauseTraining` waits for the loop to halt (a slow batch or a validation pass) before answering anyway. */
const PAUSE_ACK_MS = 2000;

/**
 * Training for the HostApi: one active run at a time in a worker process, its events
 * broadcast as `trainingEvent`, and a history of runs with their weights — on disk beside a
 * saved project, in memory (weights in a scratch folder) for an unsaved one.
 */
export function createTrainingService(options: TrainingServiceOptions): TrainingService {
  const cwd = options.cwd ?? process.cwd();
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`warning: ${message}\n`));
  const runs = new Map<string, KeptRun>();
  let active: ActiveRun | null = null;
  let scratchDir: Promise<string> | null = null;
  let loadedModel: { runId: string; model: tf.LayersModel } | null = null;
  let disposed = false;

  /** A page that cannot take an event must not take the run (or the host) down with it. */
  function broadcast(runId: string, event: TrainingEvent): void {
    try {
      options.emit('trainingEvent', { runId, event });
    } catch (err) {
      warn(`a ${event.type} event of run ${runId} could not be sent to the pages (${(err as Error).message})`);
    }
  }

  const scratch = () =>
    (scratchDir ??= options.scratchDir
      ? mkdir(options.scratchDir, { recursive: true }).then(() => options.scratchDir!)
      : mkdtemp(path.join(os.tmpdir(), 'nnd-runs-')));

  function refuseUntrainable(document: GraphDocument, project: string | null): void {
    const dataset = document.dataset;
    if (!dataset)
      throw refusal(trainingText('noDataset', { name: document.name }), HOST_ERROR_CODES.trainingRefused);
    const relative = datasetPaths(dataset).find((p) => !path.isAbsolute(p));
    if (project === null && relative !== undefined)
      throw refusal(trainingText('relativeDataset', { path: relative }), HOST_ERROR_CODES.trainingRefused);
  }

  function record(kept: KeptRun, event: TrainingEvent): void {
    kept.record.durationMs = Date.now() - Date.parse(kept.record.startedAt);
    recordRunEvent(kept.record, event);
  }

  function persist(kept: KeptRun): Promise<void> {
    if (kept.record.projectPath === null) return Promise.resolve();
    const write = async () => {
      try {
        await writeFileAtomic(path.join(kept.dir, RUN_FILE_NAME), JSON.stringify(kept.record));
      } catch (err) {
        // The run's curves are still in memory for this session; only the copy on disk failed.
        warn(`could not keep run ${kept.record.id} beside the project (${(err as Error).message})`);
      }
    };
    kept.writes = (kept.writes ?? Promise.resolve()).then(write);
    return kept.writes;
  }

  function activeRun(runId: string, verb: 'pause' | 'resume' | 'stop'): ActiveRun {
    if (active && active.kept.record.id === runId) return active;
    const verbText = trainingText(verb === 'pause' ? 'verbPause' : verb === 'resume' ? 'verbResume' : 'verbStop');
    throw refusal(trainingText('runNotTraining', { run: runId, verb: verbText }), HOST_ERROR_CODES.runNotFound);
  }

  async function readRunFile(dir: string): Promise<RunRecord> {
    const parsed = RunRecordSchema.safeParse(JSON.parse(await readFile(path.join(dir, RUN_FILE_NAME), 'utf8')));
    if (!parsed.success) throw new Error(`${path.join(dir, RUN_FILE_NAME)} is not a run record this version understands`);
    const run = parsed.data;
    // Read from disk, so not a run of this host: one still marked as training lost its host midway.
    if (run.status === 'running' || run.status === 'paused')
      return { ...run, status: 'failed', error: 'NN Designer stopped while this run was training; the metrics up to then are kept' };
    return run;
  }

  async function findRun(runId: string, projectPath?: string): Promise<KeptRun> {
    const known = runs.get(runId);
    if (known) return known;
    if (projectPath !== undefined && RUN_ID_PATTERN.test(runId)) {
      const dir = path.join(runsDirFor(path.resolve(cwd, projectPath)), runId);
      try {
        const kept = { record: await readRunFile(dir), dir };
        runs.set(runId, kept);
        return kept;
      } catch {
        // Reported below as not found, the same as an id that never existed.
      }
    }
    throw refusal(
      projectPath ? trainingText('runNotFoundBeside', { run: runId, project: projectPath }) : trainingText('runNotFound', { run: runId }),
      HOST_ERROR_CODES.runNotFound,
    );
  }

  /** The folder of the model the run ended with (the best epoch's when early stopping restored it). */
  function trainedModelDir(kept: KeptRun): string {
    const run = kept.record;
    if (run.status === 'running' || run.status === 'paused')
      throw refusal(trainingText('runStillTraining', { run: run.id }), HOST_ERROR_CODES.runUnavailable);
    const folder = run.weights.best ?? run.weights.final;
    if (!folder)
      throw refusal(trainingText(run.status === 'failed' ? 'runFailedWithoutWeights' : 'runEndedWithoutWeights', { run: run.id }), HOST_ERROR_CODES.runUnavailable);
    return path.join(kept.dir, folder);
  }

  async function modelOf(kept: KeptRun): Promise<tf.LayersModel> {
    if (loadedModel?.runId === kept.record.id) return loadedModel.model;
    const dir = trainedModelDir(kept);
    // tfjs and the catalog load on the first prediction only, so starting the host stays quick.
    const [{ compileGraph }, { catalog }, { loadWeightsByName }] = await Promise.all([
      import('../../shared/compile/compile'),
      import('../../shared/layers'),
      import('./model-files'),
    ]);
    const { model } = compileGraph(kept.record.document, catalog);
    try {
      await loadWeightsByName(model, dir);
    } catch (err) {
      model.dispose();
      throw refusal(trainingText('runWeightsUnreadable', { run: kept.record.id, detail: (err as Error).message }), HOST_ERROR_CODES.runUnavailable);
    }
    loadedModel?.model.dispose();
    loadedModel = { runId: kept.record.id, model };
    return model;
  }

  async function predict(kept: KeptRun, inputs: number[][]): Promise<Prediction> {
    const run = kept.record;
    const model = await modelOf(kept);
    const tfjs = await import('@tensorflow/tfjs');
    const declared = model.inputs[0]!.shape.slice(1);
    const sampleShape = run.input?.sampleShape ?? (declared.every((d): d is number => d !== null) ? declared : null);
    if (!sampleShape)
      throw refusal(trainingText('runNoInputInfo', { run: run.id }), HOST_ERROR_CODES.runUnavailable);
    if (!run.input && run.dataset.kind === 'csv' && run.dataset.normalize !== 'none')
      throw refusal(trainingText('runNoNormalization', { run: run.id }), HOST_ERROR_CODES.runUnavailable);
    const width = sampleShape.reduce((a, b) => a * b, 1);
    const names = run.input?.featureNames ?? [];
    inputs.forEach((row, i) => {
      if (row.length !== width)
        throw refusal(
          trainingText('inputRowWidth', {
            count: row.length,
            row: i + 1,
            values: row.length,
            width,
            features: names.length === width ? trainingText('featureList', { names: names.join(', ') }) : '',
          }),
          HOST_ERROR_CODES.badInput,
        );
    });
    const normalization = run.input?.normalization;
    const flat = new Float32Array(inputs.length * width);
    inputs.forEach((row, i) =>
      row.forEach((value, j) => {
        flat[i * width + j] = normalization && j < normalization.offset.length ? (value - normalization.offset[j]!) / (normalization.scale[j]! || 1) : value;
      }),
    );
    const outputs = tfjs.tidy(() => {
      const input = tfjs.tensor(flat, [inputs.length, ...sampleShape], 'float32').cast(model.inputs[0]!.dtype === 'int32' ? 'int32' : 'float32');
      const predicted = model.predict(input) as tf.Tensor;
      return predicted.reshape([inputs.length, -1]).arraySync() as number[][];
    });
    const evaluation = run.evaluation;
    if (evaluation?.kind !== 'classification') return { outputs };
    const classes = outputs.map((row) => {
      if (row.length === 1) {
        const index = row[0]! >= 0.5 ? 1 : 0;
        return { index, name: evaluation.classNames[index] ?? String(index), probability: index ? row[0]! : 1 - row[0]! };
      }
      const index = row.indexOf(Math.max(...row));
      return { index, name: evaluation.classNames[index] ?? `class ${index}`, probability: row[index]! };
    });
    return { outputs, classes };
  }

  const methods: TrainingMethods = {
    async startTraining({ document, projectPath }) {
      if (disposed) throw refusal(trainingText('shuttingDown'), HOST_ERROR_CODES.trainingRefused);
      if (active) throw refusal(trainingText('busy'), HOST_ERROR_CODES.trainingBusy);
      const project = projectPath === undefined ? null : path.resolve(cwd, projectPath);
      refuseUntrainable(document, project);
      const runId = newRunId();
      const startedAt = new Date().toISOString();
      const kept: KeptRun = {
        dir: '',
        record: {
          version: RUN_RECORD_VERSION,
          id: runId,
          projectPath: project,
          projectName: document.name,
          startedAt,
          durationMs: 0,
          backend: 'none',
          status: 'running',
          epochs: 0,
          finalMetrics: {},
          dataset: document.dataset!,
          training: document.training,
          hasWeights: false,
          document,
          plan: null,
          epochPoints: [],
          batchPoints: [],
          logs: [],
          evaluation: null,
          input: null,
          weights: { final: null, best: null },
        },
      };
      // Claimed before the first await, so a second start arriving meanwhile is refused.
      let settleEnded!: () => void;
      const placeholder: ActiveRun = { kept, handle: null as unknown as TrainingHandle, ended: new Promise<void>((resolve) => (settleEnded = resolve)) };
      active = placeholder;
      try {
        kept.dir = project === null ? path.join(await scratch(), runId) : path.join(runsDirFor(project), runId);
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
      runs.set(runId, kept);

      let lastSavedAt = Date.now();
      const finishRun = async (event: TrainingEvent) => {
        await persist(kept);
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
            void persist(kept);
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
      void persist(kept);
      return { runId };
    },

    /** Answers once the loop has halted, so no batch arrives after the page shows "paused". */
    async pauseTraining({ runId }) {
      const run = activeRun(runId, 'pause');
      const halted = new Promise<void>((resolve) => (run.whenPaused = resolve));
      run.handle.pause();
      run.kept.record.status = 'paused';
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([halted, run.ended, new Promise<void>((resolve) => (timer = setTimeout(resolve, PAUSE_ACK_MS)))]);
      clearTimeout(timer);
      run.whenPaused = undefined;
      return { runId, status: 'paused' as const };
    },

    resumeTraining({ runId }) {
      const run = activeRun(runId, 'resume');
      run.handle.resume();
      run.kept.record.status = 'running';
      return { runId, status: 'running' as const };
    },

    async stopTraining({ runId }) {
      const known = runs.get(runId);
      if (known && !(active && active.kept === known)) return summarizeRun(known.record);
      const run = activeRun(runId, 'stop');
      run.handle.stop();
      await run.ended;
      return summarizeRun(run.kept.record);
    },

    activeTraining: () => (active && runs.has(active.kept.record.id) ? summarizeRun(active.kept.record) : null),

    async listRuns(params) {
      const projectPath = params?.projectPath;
      if (projectPath === undefined)
        return [...runs.values()].filter((k) => k.record.projectPath === null).map((k) => summarizeRun(k.record)).sort(newestFirst);
      const project = path.resolve(cwd, projectPath);
      const runsDir = runsDirFor(project);
      const names = await readdir(runsDir).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [] as string[];
        throw new HostError(`cannot list the runs in ${runsDir}: ${err.message}`, HOST_ERROR_CODES.fileSystem);
      });
      const listed = new Map<string, RunSummary>();
      for (const name of names) {
        if (!RUN_ID_PATTERN.test(name)) continue;
        const inMemory = runs.get(name);
        if (inMemory) {
          listed.set(name, summarizeRun(inMemory.record));
          continue;
        }
        const dir = path.join(runsDir, name);
        try {
          const kept = { record: await readRunFile(dir), dir };
          runs.set(name, kept);
          listed.set(name, summarizeRun(kept.record));
        } catch (err) {
          // One damaged run must not hide the others.
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warn(`run ${name} beside ${project} was skipped: ${(err as Error).message}`);
        }
      }
      for (const kept of runs.values()) if (kept.record.projectPath === project) listed.set(kept.record.id, summarizeRun(kept.record));
      return [...listed.values()].sort(newestFirst);
    },

    async getRun({ runId, projectPath }) {
      return (await findRun(runId, projectPath)).record;
    },

    async restoreRunWeights({ runId, projectPath }) {
      const project = path.resolve(cwd, projectPath);
      const kept = await findRun(runId, projectPath);
      if (kept.record.projectPath !== project)
        throw new HostError(
          kept.record.projectPath === null
            ? `run ${runId} trained a project that was not saved yet, so its weights are in a temporary folder — export its model instead, or save the project and train again`
            : `run ${runId} belongs to ${kept.record.projectPath}, not ${project} — open that project to restore its weights`,
          HOST_ERROR_CODES.runUnavailable,
        );
      const dir = trainedModelDir(kept);
      let document: GraphDocument;
      try {
        const current = await readProject(project);
        document = {
          ...current,
          weights: { path: relativeToProject(project, dir), savedAt: new Date().toISOString(), metrics: kept.record.finalMetrics },
        };
        await writeProject(project, document);
      } catch (err) {
        throw new HostError(`cannot restore the weights of run ${runId}: ${(err as Error).message}`, HOST_ERROR_CODES.fileSystem);
      }
      return { path: project, document };
    },

    async predict({ runId, inputs }) {
      return predict(await findRun(runId), inputs);
    },

    async nodeEmbeddings({ runId, layer }) {
      const kept = await findRun(runId);
      // Loaded on first use, like tfjs for predict: the host starts without them.
      const { nodeEmbeddingsOf } = await import('./graph-embeddings');
      return nodeEmbeddingsOf(await modelOf(kept), kept.record, layer);
    },

    async attentionMaps({ runId, text }) {
      const kept = await findRun(runId);
      const { attentionMapsOf } = await import('./sequence-inspection');
      return attentionMapsOf(await modelOf(kept), kept.record, text);
    },

    async generateText({ runId, prompt, length, temperature, seed }) {
      const kept = await findRun(runId);
      const { generateTextOf } = await import('./sequence-inspection');
      return generateTextOf(await modelOf(kept), kept.record, { prompt, length, temperature, seed });
    },

    async exportRunModel({ runId, directory, format }) {
      const kept = await findRun(runId);
      const record = kept.record;
      return writeExport(
        { document: record.document, format, outDir: path.resolve(cwd, directory), weightsDir: trainedModelDir(kept), baseDir: record.projectPath ? path.dirname(record.projectPath) : cwd },
        `the model of run ${runId}`,
      );
    },

    async exportProject({ document, projectPath, directory, format }) {
      const project = projectPath === undefined ? null : path.resolve(cwd, projectPath);
      const baseDir = project ? path.dirname(project) : cwd;
      return writeExport(
        { document, format, outDir: path.resolve(cwd, directory), weightsDir: document.weights ? path.resolve(baseDir, document.weights.path) : null, baseDir },
        document.name,
      );
    },
  };

  /** One export for both calls; its failures become host errors that say what to change. */
  async function writeExport(request: ModelExportRequest, what: string) {
    const label = { tfjs: 'TensorFlow.js files', pytorch: 'PyTorch code', keras: 'Keras code' }[request.format];
    // Like predict's, the exporters (and tfjs under them) load on first use.
    const [{ exportModel, ModelExportError }, { CompileError }, { ExportRefusedError }] = await Promise.all([
      import('./model-export'),
      import('../../shared/compile/compile'),
      import('../../shared/export/common/refused'),
    ]);
    try {
      return await exportModel(request);
    } catch (err) {
      if (err instanceof CompileError)
        throw new HostError(`${what} cannot be exported: ${err.problems.map((p) => p.message).join('; ')}`, HOST_ERROR_CODES.exportRefused);
      if (err instanceof ExportRefusedError) {
        const names = new Map(request.document.nodes.map((n) => [n.id, n.name]));
        throw new HostError(`${what} cannot be exported as ${label}: ${err.problems.map((p) => `${names.get(p.nodeId) ?? p.nodeId}: ${p.message}`).join('; ')}`, HOST_ERROR_CODES.exportRefused);
      }
      if (err instanceof ModelExportError) throw new HostError(`cannot export ${what}: ${err.message}`, HOST_ERROR_CODES.exportRefused);
      throw new HostError(`cannot export ${what} to ${request.outDir}: ${(err as Error).message} — choose another folder`, HOST_ERROR_CODES.fileSystem);
    }
  }

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
      loadedModel?.model.dispose();
      loadedModel = null;
      if (scratchDir && !options.scratchDir) await rm(await scratchDir, { recursive: true, force: true });
    },
  };
}

function newestFirst(a: RunSummary, b: RunSummary): number {
  return b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id);
}
