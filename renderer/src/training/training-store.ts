import { useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import type { Problem } from '../../../shared/graph/analyze';
import type { GraphDocument } from '../../../shared/graph/document';
import type { Said } from '../../../shared/said';
import type { DeviceChoice, Evaluation, ModelInputInfo, TrainingEvent } from '../../../shared/training/protocol';
import type { RunBatchPoint, RunEpochPoint, RunRecord } from '../../../shared/training/run-record';

export type RunPhase = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'completed' | 'stopped' | 'early-stopped' | 'failed';

/** The run the panel follows: every point it sent, kept for the whole session. */
export interface TrainingState {
  open: boolean;
  runId: string | null;
  phase: RunPhase;
  backend: string;
  /** Where the run trains (CPU worker or GPU worker) and why; null until the host has decided. */
  device: DeviceChoice | null;
  plan: { trainSamples: number; validationSamples: number; batchesPerEpoch: number; epochs: number } | null;
  /** Appended in place (charts re-read them when `version` changes): 100,000 points must not be copied per event. */
  batchPoints: RunBatchPoint[];
  epochPoints: RunEpochPoint[];
  version: number;
  lastBatch: { epoch: number; batch: number; samplesPerSecond: number } | null;
  /** Milliseconds of training so far, paused time excluded. */
  elapsedMs: number;
  /** Wall-clock time the current stretch of running began (null while paused or idle). */
  runningSince: number | null;
  evaluation: Evaluation | null;
  input: ModelInputInfo | null;
  /** What went wrong, for a person (an error event, a refused start, a lost worker), in English… */
  error: string | null;
  /** …and as a message id and values, when the host or the worker sent them, to say in the interface language. */
  errorSaid: Said | null;
  /** …or, for a graph the worker would not compile, its problems. */
  errorProblems: Problem[] | null;
  logs: { level: 'info' | 'warn'; message: string }[];
  /** Bumped when a run ends, so the runs list fetches again. */
  runsChanged: number;
  /** The document the run trains (edits made meanwhile do not reach it) and when it started. */
  runDocument: GraphDocument | null;
  runStartedAt: number | null;
  /**
   * The points are the previous run's: kept on screen while the next run starts, and
   * replaced by its first point (a run that fails to start leaves the earlier curves).
   */
  pointsOfPreviousRun: boolean;

  setOpen(open: boolean): void;
  toggle(): void;
  /** A run of `document` is asked for (its curves replace the current ones once it trains). */
  starting(document?: GraphDocument, now?: number): void;
  started(runId: string): void;
  refused(message: string, said?: Said | null): void;
  setPhase(phase: RunPhase): void;
  receive(runId: string, event: TrainingEvent, now?: number): void;
  /** Holds live events while the record of a run already under way is fetched (a page opened or reloaded mid-run). */
  beginAttach(): void;
  /** No run was under way after all. */
  cancelAttach(): void;
  /** Follows a run already under way: its points so far from the record, then the live events held meanwhile. */
  attach(record: RunRecord, now?: number): void;
}

const fresh = {
  runId: null,
  phase: 'idle' as RunPhase,
  backend: '',
  device: null as DeviceChoice | null,
  plan: null,
  batchPoints: [] as RunBatchPoint[],
  epochPoints: [] as RunEpochPoint[],
  version: 0,
  lastBatch: null,
  elapsedMs: 0,
  runningSince: null,
  evaluation: null,
  input: null,
  error: null,
  errorSaid: null,
  errorProblems: null,
  logs: [] as { level: 'info' | 'warn'; message: string }[],
  runDocument: null as GraphDocument | null,
  runStartedAt: null as number | null,
  pointsOfPreviousRun: false,
};

export const isActive = (phase: RunPhase) => phase === 'starting' || phase === 'running' || phase === 'paused' || phase === 'stopping';

export function createTrainingStore() {
  // Events of a run that arrive before startTraining answers with its id.
  let early: { runId: string; event: TrainingEvent }[] = [];
  return create<TrainingState>()((set, get) => ({
    open: false,
    ...fresh,
    runsChanged: 0,

    setOpen(open) {
      set({ open });
    },
    toggle() {
      set({ open: !get().open });
    },
    starting(document, now = Date.now()) {
      early = [];
      const { batchPoints, epochPoints } = get();
      set({
        ...fresh,
        batchPoints,
        epochPoints,
        pointsOfPreviousRun: batchPoints.length > 0 || epochPoints.length > 0,
        logs: [],
        phase: 'starting',
        version: get().version + 1,
        runDocument: document ?? null,
        runStartedAt: now,
      });
    },
    started(runId) {
      set({ runId });
      const pending = early.filter((e) => e.runId === runId);
      early = [];
      for (const e of pending) get().receive(e.runId, e.event);
    },
    refused(message, said = null) {
      set({ phase: get().batchPoints.length && !get().pointsOfPreviousRun ? 'failed' : 'idle', error: message, errorSaid: said, errorProblems: null, runDocument: null, runStartedAt: null });
    },
    setPhase(phase) {
      const s = get();
      const now = Date.now();
      if (phase === 'paused' && s.runningSince !== null) set({ phase, elapsedMs: s.elapsedMs + now - s.runningSince, runningSince: null });
      else if (phase === 'running' && s.runningSince === null) set({ phase, runningSince: now });
      else set({ phase });
    },
    beginAttach() {
      early = [];
      set({ phase: 'starting' });
    },
    cancelAttach() {
      early = [];
      if (get().runId === null && get().phase === 'starting') set({ phase: 'idle' });
    },
    attach(record, now = Date.now()) {
      const last = record.batchPoints.at(-1);
      const lastStep = last?.step ?? 0;
      const lastEpoch = record.epochPoints.at(-1)?.epoch ?? 0;
      const running = record.status !== 'paused';
      set({
        ...fresh,
        open: true,
        runId: record.id,
        phase: running ? 'running' : 'paused',
        backend: record.backend,
        device: record.device ?? null,
        plan: record.plan,
        batchPoints: [...record.batchPoints],
        epochPoints: [...record.epochPoints],
        version: get().version + 1,
        lastBatch: last ? { epoch: last.epoch, batch: last.batch, samplesPerSecond: last.samplesPerSecond } : null,
        elapsedMs: record.epochPoints.at(-1)?.elapsedMs ?? 0,
        runningSince: running ? now : null,
        logs: [...record.logs],
      });
      const pending = early.filter((e) => e.runId === record.id);
      early = [];
      // Events sent while the record was on its way may already be in it.
      for (const { event } of pending) {
        if (event.type === 'ready') continue;
        if (event.type === 'batch' && (event.epoch - 1) * event.batchesPerEpoch + event.batch <= lastStep) continue;
        if (event.type === 'epoch' && event.epoch <= lastEpoch) continue;
        get().receive(record.id, event, now);
      }
    },
    receive(runId, event, now = Date.now()) {
      let s = get();
      if (s.runId === null) {
        if (s.phase === 'starting') early.push({ runId, event });
        return;
      }
      if (runId !== s.runId) return;
      if (s.pointsOfPreviousRun && (event.type === 'ready' || event.type === 'batch' || event.type === 'epoch')) {
        set({ batchPoints: [], epochPoints: [], pointsOfPreviousRun: false, version: s.version + 1 });
        s = get();
      }
      switch (event.type) {
        case 'device':
          set({ device: event.choice, backend: event.backend });
          return;
        case 'ready':
          set({ phase: s.phase === 'starting' ? 'running' : s.phase, backend: event.backend, plan: { trainSamples: event.trainSamples, validationSamples: event.validationSamples, batchesPerEpoch: event.batchesPerEpoch, epochs: event.epochs }, runningSince: now });
          return;
        case 'paused':
          // Also how a second page learns that the first one paused the run.
          if (s.phase === 'running') get().setPhase('paused');
          return;
        case 'batch': {
          // No batch leaves a halted loop, so one arriving means the run was resumed (perhaps from another page).
          if (s.phase === 'paused') get().setPhase('running');
          const step = (event.epoch - 1) * event.batchesPerEpoch + event.batch;
          s.batchPoints.push({ epoch: event.epoch, batch: event.batch, step, loss: event.loss, metrics: event.metrics, learningRate: event.learningRate, samplesPerSecond: event.samplesPerSecond });
          set({ version: s.version + 1, backend: event.backend, lastBatch: { epoch: event.epoch, batch: event.batch, samplesPerSecond: event.samplesPerSecond } });
          return;
        }
        case 'epoch':
          s.epochPoints.push({ epoch: event.epoch, logs: event.logs, learningRate: event.learningRate, elapsedMs: event.elapsedMs });
          set({ version: s.version + 1, elapsedMs: event.elapsedMs, runningSince: s.runningSince === null ? null : now });
          return;
        case 'log':
          set({ logs: [...s.logs, { level: event.level, message: event.message }] });
          return;
        case 'evaluation':
          set({ evaluation: event.evaluation, input: event.input });
          return;
        case 'done':
          set({ phase: event.reason, elapsedMs: event.elapsedMs, runningSince: null, runsChanged: s.runsChanged + 1 });
          return;
        case 'error':
          set({ phase: 'failed', error: event.message, errorSaid: event.said ?? null, errorProblems: event.problems ?? null, runningSince: null, runsChanged: s.runsChanged + 1 });
          return;
      }
    },
  }));
}

export type TrainingStore = ReturnType<typeof createTrainingStore>;

export const useTraining = createTrainingStore();

/** Elapsed training time at `now`, paused time excluded. */
export function elapsedAt(state: Pick<TrainingState, 'elapsedMs' | 'runningSince'>, now: number): number {
  return state.elapsedMs + (state.runningSince === null ? 0 : Math.max(0, now - state.runningSince));
}

/**
 * The store's point count, read at most every `ms`: a component using it re-renders at that
 * pace however fast events arrive, and not at all between them (a plain `useTraining`
 * selector re-renders synchronously on every event, through useSyncExternalStore).
 */
export function useThrottledVersion(ms: number): number {
  const [version, setVersion] = useState(() => useTraining.getState().version);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    const unsubscribe = useTraining.subscribe((state, previous) => {
      // A run that starts or ends shows its state at once, not up to `ms` later.
      if (state.phase !== previous.phase) {
        if (timer.current) clearTimeout(timer.current);
        timer.current = null;
        setVersion(state.version);
        return;
      }
      if (state.version === previous.version || timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        setVersion(useTraining.getState().version);
      }, ms);
    });
    return () => {
      unsubscribe();
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    };
  }, [ms]);
  return version;
}
