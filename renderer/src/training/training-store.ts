import { useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import type { Problem } from '../../../shared/graph/analyze';
import type { GraphDocument } from '../../../shared/graph/document';
import type { Said } from '../../../shared/said';
import { stepsTaken } from '../../../shared/graph/training-config';
import type { TrainingEvent } from '../../../shared/training/protocol';
import { newRunProgress, recordRunEvent, runProgressOf, type RunProgress, type RunRecord } from '../../../shared/training/run-record';

export type RunPhase = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'completed' | 'stopped' | 'early-stopped' | 'failed';

/**
 * The run the panel follows: its record as the host keeps it (the same reducer writes both),
 * every point kept for the whole session, plus what only the page needs. The points are
 * appended in place (charts re-read them when `version` changes): 100,000 points must not be
 * copied per event. `device` is absent until the host has decided where the run trains.
 */
export interface TrainingState extends RunProgress {
  open: boolean;
  runId: string | null;
  /** The run's status, and the moments only the page sees: before it has one (idle, starting) and while a stop is on its way. */
  phase: RunPhase;
  version: number;
  lastBatch: { epoch: number; batch: number; samplesPerSecond: number } | null;
  /** Milliseconds of training so far, paused time excluded. */
  elapsedMs: number;
  /** Wall-clock time the current stretch of running began (null while paused or idle). */
  runningSince: number | null;
  /**
   * `error` says what went wrong for a person (an error event, a refused start, a lost worker)
   * in English; this says it as a message id and values, when the host or the worker sent
   * them, to say in the interface language…
   */
  errorSaid: Said | null;
  /** …or, for a graph the worker would not compile, its problems. */
  errorProblems: Problem[] | null;
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

/** The state of no run; fresh arrays each time, as they are appended to in place. */
const fresh = () => ({
  ...newRunProgress(),
  backend: '',
  runId: null,
  phase: 'idle' as RunPhase,
  version: 0,
  lastBatch: null,
  elapsedMs: 0,
  runningSince: null,
  errorSaid: null,
  errorProblems: null,
  runDocument: null as GraphDocument | null,
  runStartedAt: null as number | null,
  pointsOfPreviousRun: false,
});

export const isActive = (phase: RunPhase) => phase === 'starting' || phase === 'running' || phase === 'paused' || phase === 'stopping';

export function createTrainingStore() {
  // Events of a run that arrive before startTraining answers with its id.
  let early: { runId: string; event: TrainingEvent }[] = [];
  return create<TrainingState>()((set, get) => ({
    open: false,
    ...fresh(),
    runsChanged: 0,

    setOpen(open) {
      set({ open });
    },
    toggle() {
      set({ open: !get().open });
    },
    starting(document, now = Date.now()) {
      early = [];
      const { batchPoints, epochPoints, gan } = get();
      set({
        ...fresh(),
        batchPoints,
        epochPoints,
        gan,
        pointsOfPreviousRun: batchPoints.length > 0 || epochPoints.length > 0 || gan !== null,
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
        ...fresh(),
        ...runProgressOf(record),
        // Records from before GANs have none.
        gan: record.gan ?? null,
        batchPoints: [...record.batchPoints],
        epochPoints: [...record.epochPoints],
        open: true,
        runId: record.id,
        phase: running ? 'running' : 'paused',
        version: get().version + 1,
        lastBatch: last ? { epoch: last.epoch, batch: last.batch, samplesPerSecond: last.samplesPerSecond } : null,
        elapsedMs: record.epochPoints.at(-1)?.elapsedMs ?? 0,
        runningSince: running ? now : null,
      });
      const pending = early.filter((e) => e.runId === record.id);
      early = [];
      // Events sent while the record was on its way may already be in it.
      for (const { event } of pending) {
        if (event.type === 'ready') continue;
        if (event.type === 'batch' && stepsTaken(event.epoch, event.batch, event.batchesPerEpoch) <= lastStep) continue;
        if (event.type === 'epoch' && event.epoch <= lastEpoch) continue;
        if (event.type === 'gan-plane' && event.step < (get().gan?.plane?.step ?? 0)) continue;
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
      if (s.pointsOfPreviousRun && (event.type === 'ready' || event.type === 'batch' || event.type === 'epoch' || event.type.startsWith('gan-'))) {
        set({ batchPoints: [], epochPoints: [], gan: null, pointsOfPreviousRun: false, version: s.version + 1 });
        s = get();
      }
      const run = runProgressOf(s);
      recordRunEvent(run, event);
      switch (event.type) {
        case 'device':
        case 'log':
        case 'evaluation':
        case 'gan-samples':
        case 'gan-plane':
        case 'gan-advice':
          set(run);
          return;
        case 'ready':
          set({ ...run, phase: s.phase === 'starting' ? 'running' : s.phase, runningSince: now });
          return;
        case 'paused':
          set(run);
          // Also how a second page learns that the first one paused the run.
          if (s.phase === 'running') get().setPhase('paused');
          return;
        case 'batch':
          if (s.phase === 'paused' && !event.stepped) get().setPhase('running');
          set({ ...run, version: s.version + 1, lastBatch: { epoch: event.epoch, batch: event.batch, samplesPerSecond: event.samplesPerSecond } });
          return;
        case 'epoch':
          set({ ...run, version: s.version + 1, elapsedMs: event.elapsedMs, runningSince: s.runningSince === null ? null : now });
          return;
        case 'done':
          set({ ...run, phase: event.reason, elapsedMs: event.elapsedMs, runningSince: null, runsChanged: s.runsChanged + 1 });
          return;
        case 'error':
          set({ ...run, phase: 'failed', errorSaid: event.said ?? null, errorProblems: event.problems ?? null, runningSince: null, runsChanged: s.runsChanged + 1 });
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
