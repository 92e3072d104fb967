import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { GraphDocument } from '../../shared/graph/document';
import { HOST_ERROR_CODES, HostError, type HostImplementation } from '../../shared/host-api';
import { trainingText } from '../../shared/training/messages';
import { RunRecordSchema, summarizeRun, type RunRecord, type RunSummary } from '../../shared/training/run-record';
import { projectStem, readProject, relativeToProject, writeFileAtomic, writeProject } from '../node/project-files';
import { refusal } from './run-refusal';

export const RUN_FILE_NAME = 'run.json';
const RUN_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** `<dir>/<stem>.runs/` beside a project file: one folder per run. */
export function runsDirFor(projectFile: string): string {
  return path.join(path.dirname(projectFile), `${projectStem(projectFile)}.runs`);
}

/** Sortable and readable as a folder name: `run-20261128-173512-9f3a`. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `run-${stamp}-${randomBytes(2).toString('hex')}`;
}

export interface KeptRun {
  record: RunRecord;
  /** The run's folder: its weights are in `final/` and `best/` inside. */
  dir: string;
  /** Writes of run.json, one after another so an older state never lands last. */
  writes?: Promise<void>;
}

export type RunHistoryMethods = Pick<HostImplementation, 'listRuns' | 'getRun' | 'restoreRunWeights'>;

export interface RunHistory {
  methods: RunHistoryMethods;
  /** Keeps a new run of this host (its folder made by `folderFor`). */
  keep(kept: KeptRun): void;
  /** A kept run of this host, or one read from beside `projectPath`; refuses an unknown id. */
  find(runId: string, projectPath?: string): Promise<KeptRun>;
  /** Whether the run is one this host keeps (in memory). */
  has(runId: string): boolean;
  get(runId: string): KeptRun | undefined;
  /** Where a new run's results go: beside its project, or in the scratch folder for an unsaved one. */
  folderFor(runId: string, project: string | null): Promise<string>;
  /** Writes run.json beside the project (runs of unsaved projects stay in memory). */
  persist(kept: KeptRun): Promise<void>;
  /** The folder of the model the run ended with (the best epoch's when early stopping restored it). */
  trainedModelDir(kept: KeptRun): string;
  /** Removes the scratch folder of unsaved projects' runs (unless the caller chose it). */
  dispose(): Promise<void>;
}

export interface RunHistoryOptions {
  /** Relative project paths resolve against it. */
  cwd: string;
  /** Runs of unsaved projects keep their weights here; default a fresh folder in the OS temp dir. */
  scratchDir?: string;
  warn: (message: string) => void;
}

/**
 * The history of training runs: on disk beside a saved project (`<stem>.runs/<run id>/run.json`
 * with the weights), in memory (weights in a scratch folder) for an unsaved one.
 */
export function createRunHistory(options: RunHistoryOptions): RunHistory {
  const { cwd, warn } = options;
  const runs = new Map<string, KeptRun>();
  let scratchDir: Promise<string> | null = null;

  const scratch = () =>
    (scratchDir ??= options.scratchDir
      ? mkdir(options.scratchDir, { recursive: true }).then(() => options.scratchDir!)
      : mkdtemp(path.join(os.tmpdir(), 'nnd-runs-')));

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

  async function find(runId: string, projectPath?: string): Promise<KeptRun> {
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

  function trainedModelDir(kept: KeptRun): string {
    const run = kept.record;
    if (run.status === 'running' || run.status === 'paused')
      throw refusal(trainingText('runStillTraining', { run: run.id }), HOST_ERROR_CODES.runUnavailable);
    const folder = run.weights.best ?? run.weights.final;
    if (!folder)
      throw refusal(trainingText(run.status === 'failed' ? 'runFailedWithoutWeights' : 'runEndedWithoutWeights', { run: run.id }), HOST_ERROR_CODES.runUnavailable);
    return path.join(kept.dir, folder);
  }

  /** The runs beside a saved project, those on disk and those of this host, newest first. */
  async function listBeside(projectPath: string): Promise<RunSummary[]> {
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
  }

  const methods: RunHistoryMethods = {
    async listRuns(params) {
      const projectPath = params?.projectPath;
      if (projectPath === undefined)
        return [...runs.values()].filter((k) => k.record.projectPath === null).map((k) => summarizeRun(k.record)).sort(newestFirst);
      return listBeside(projectPath);
    },

    async getRun({ runId, projectPath }) {
      return (await find(runId, projectPath)).record;
    },

    /** Points the project's weights at the run's trained model, rewriting the project file. */
    async restoreRunWeights({ runId, projectPath }) {
      const project = path.resolve(cwd, projectPath);
      const kept = await find(runId, projectPath);
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
  };

  return {
    methods,
    keep: (kept) => void runs.set(kept.record.id, kept),
    find,
    has: (runId) => runs.has(runId),
    get: (runId) => runs.get(runId),
    folderFor: async (runId, project) => (project === null ? path.join(await scratch(), runId) : path.join(runsDirFor(project), runId)),
    persist,
    trainedModelDir,
    async dispose() {
      if (scratchDir && !options.scratchDir) await rm(await scratchDir, { recursive: true, force: true });
    },
  };
}

function newestFirst(a: RunSummary, b: RunSummary): number {
  return b.startedAt.localeCompare(a.startedAt) || b.id.localeCompare(a.id);
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
