import type { GraphAnalysis, Problem } from '../../../shared/graph/analyze';
import type { GraphDocument } from '../../../shared/graph/document';
import type { HostApi } from '../../../shared/host-api';
import type { GanPlayer } from '../../../shared/training/protocol';
import { hostErrorSaid } from '../i18n/said-text';
import { isActive, type RunPhase, type TrainingStore } from './training-store';

/**
 * Starting, pausing and stopping a run, and what keeps Train disabled: kept apart from the
 * top bar and the training view (both have the buttons) so they can be tested without a
 * page. The host and the stores are parameters.
 */

/** Why Train cannot start now: no dataset, or the graph's problems (which, so the button can say). */
export interface TrainBlockers {
  noDataset: boolean;
  problems: Problem[];
}

export function trainBlockers(doc: GraphDocument, analysis: Pick<GraphAnalysis, 'problems'>): TrainBlockers {
  return { noDataset: doc.dataset === null, problems: analysis.problems.filter((p) => p.severity === 'error') };
}

export const canTrain = (blockers: TrainBlockers) => !blockers.noDataset && blockers.problems.length === 0;

/**
 * What a graph trains: its layers, wires, data and settings, not where its nodes sit or its
 * name. Two documents with the same fingerprint train the same model.
 */
const fingerprints = new WeakMap<GraphDocument, string>();
export function trainingFingerprint(doc: GraphDocument): string {
  let print = fingerprints.get(doc);
  if (print === undefined) {
    print = JSON.stringify({
      nodes: doc.nodes.map(({ id, type, name, params, sharesWeightsWith }) => ({ id, type, name, params, sharesWeightsWith })),
      edges: doc.edges.map(({ source, sourceHandle, target, targetHandle }) => ({ source, sourceHandle, target, targetHandle })),
      dataset: doc.dataset,
      training: doc.training,
    });
    fingerprints.set(doc, print);
  }
  return print;
}

/**
 * When the canvas no longer shows what the run trains: the start time of the run's version
 * while a run of another version trains (or its results are shown), else null.
 */
export function trainedVersionDiffers(state: { runDocument: GraphDocument | null; runStartedAt: number | null; phase: RunPhase }, current: GraphDocument): number | null {
  if (!state.runDocument || state.runStartedAt === null || state.phase === 'idle') return null;
  return trainingFingerprint(state.runDocument) === trainingFingerprint(current) ? null : state.runStartedAt;
}

type RunHost = Pick<HostApi, 'startTraining' | 'stopTraining' | 'pauseTraining' | 'resumeTraining' | 'stepTraining'>;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createRunCommands(host: () => RunHost, training: TrainingStore, current: () => { document: GraphDocument; projectPath: string | null }) {
  return {
    /** Starts a run of the document as it is now; later edits do not reach it. */
    async start(now = Date.now()): Promise<void> {
      const state = training.getState();
      if (isActive(state.phase)) return;
      const { document, projectPath } = current();
      state.starting(document, now);
      training.getState().setOpen(true);
      try {
        const { runId } = await host().startTraining({ document, ...(projectPath ? { projectPath } : {}) });
        training.getState().started(runId);
      } catch (err) {
        training.getState().refused(messageOf(err), hostErrorSaid(err));
      }
    },

    async stop(): Promise<void> {
      const { runId } = training.getState();
      if (!runId) return;
      training.getState().setPhase('stopping');
      try {
        const summary = await host().stopTraining({ runId });
        if (training.getState().phase === 'stopping')
          training.getState().setPhase(summary.status === 'failed' ? 'failed' : summary.status === 'running' || summary.status === 'paused' ? 'stopped' : summary.status);
      } catch (err) {
        training.setState({ error: messageOf(err), errorSaid: hostErrorSaid(err), errorProblems: null });
      }
    },

    async pauseOrResume(what: 'pause' | 'resume'): Promise<void> {
      const { runId } = training.getState();
      if (!runId) return;
      try {
        const result = what === 'pause' ? await host().pauseTraining({ runId }) : await host().resumeTraining({ runId });
        if (isActive(training.getState().phase)) training.getState().setPhase(result.status);
      } catch (err) {
        training.setState({ error: messageOf(err), errorSaid: hostErrorSaid(err), errorProblems: null });
      }
    },

    /** A paused run trains one batch (a GAN: one iteration, or one `player`'s step) and pauses again; resolves once it has. */
    async step(player?: GanPlayer): Promise<void> {
      const { runId, phase } = training.getState();
      if (!runId || phase !== 'paused') return;
      try {
        const result = await host().stepTraining({ runId, ...(player ? { player } : {}) });
        if (isActive(training.getState().phase)) training.getState().setPhase(result.status);
      } catch (err) {
        training.setState({ error: messageOf(err), errorSaid: hostErrorSaid(err), errorProblems: null });
      }
    },
  };
}

export type RunCommands = ReturnType<typeof createRunCommands>;
