import { describe, expect, it } from 'vitest';
import { catalog } from '../../../shared/layers';
import { analyzeGraph } from '../../../shared/graph/analyze';
import { addNode, connect, moveNodes, removeNodes } from '../../../shared/graph/actions';
import { emptyDocument, type GraphDocument } from '../../../shared/graph/document';
import { canTrain, createRunCommands, trainBlockers, trainedVersionDiffers } from './run-commands';
import { createTrainingStore } from './training-store';

function spiralsMlp(): GraphDocument {
  let doc = addNode(emptyDocument(), { type: 'Input', params: { shape: [2] } });
  doc = addNode(doc, { type: 'Dense', params: { units: 2, activation: 'softmax' } });
  doc = connect(doc, { source: 'input_1', target: 'dense_1' });
  return { ...doc, dataset: { kind: 'generated', name: 'spirals' } as GraphDocument['dataset'] };
}

/** A host that records what it was asked and answers as the real one does (or refuses). */
function fakeHost(options: { refuse?: Error } = {}) {
  const started: unknown[] = [];
  const steps: unknown[] = [];
  return {
    started,
    steps,
    host: {
      startTraining: async ({ document }: { document: unknown }) => {
        if (options.refuse) throw options.refuse;
        started.push(document);
        return { runId: `run-${started.length}` };
      },
      stopTraining: async ({ runId }: { runId: string }) => ({ id: runId, status: 'stopped' }) as never,
      pauseTraining: async ({ runId }: { runId: string }) => ({ runId, status: 'paused' as const }),
      resumeTraining: async ({ runId }: { runId: string }) => ({ runId, status: 'running' as const }),
      stepTraining: async (request: { runId: string; player?: 'discriminator' | 'generator' }) => {
        steps.push(request);
        return { runId: request.runId, status: 'paused' as const };
      },
    },
  };
}

const batch = (epoch: number, b: number) => ({ type: 'batch' as const, backend: 'cpu', epoch, batch: b, batchesPerEpoch: 4, loss: 1, metrics: {}, learningRate: 0.01, samplesPerSecond: 1 });

describe('run commands', () => {
  it('keeps Train disabled while the graph has problems, saying which, or has no dataset', () => {
    const doc = spiralsMlp();
    expect(canTrain(trainBlockers(doc, analyzeGraph(doc, catalog)))).toBe(true);
    const noInput = { ...doc, nodes: doc.nodes.filter((n) => n.type !== 'Input'), edges: [] };
    const blockers = trainBlockers(noInput, analyzeGraph(noInput, catalog));
    expect(canTrain(blockers)).toBe(false);
    expect(blockers.problems.map((p) => p.code)).toContain('no-input');
    expect(trainBlockers({ ...doc, dataset: null }, analyzeGraph(doc, catalog)).noDataset).toBe(true);
  });

  it('trains the document as it was when Train was pressed, and says when the canvas has moved on', async () => {
    const training = createTrainingStore();
    let current = spiralsMlp();
    const { host, started } = fakeHost();
    const commands = createRunCommands(() => host, training, () => ({ document: current, projectPath: null }));
    await commands.start(Date.UTC(2026, 0, 1, 14, 2));
    expect(training.getState()).toMatchObject({ runId: 'run-1', open: true, runStartedAt: Date.UTC(2026, 0, 1, 14, 2) });
    expect(started[0]).toBe(current);
    // Moving a node changes nothing the run trains; deleting the Input does.
    current = moveNodes(current, { dense_1: { x: 400, y: 40 } });
    expect(trainedVersionDiffers(training.getState(), current)).toBeNull();
    current = removeNodes(current, ['input_1']);
    expect(trainedVersionDiffers(training.getState(), current)).toBe(Date.UTC(2026, 0, 1, 14, 2));
  });

  it('keeps the earlier curves when the next run is refused, without a stale "preparing" phase', async () => {
    const training = createTrainingStore();
    const ok = fakeHost();
    const doc = spiralsMlp();
    const commands = createRunCommands(() => ok.host, training, () => ({ document: doc, projectPath: null }));
    await commands.start();
    training.getState().receive('run-1', batch(1, 1));
    training.getState().receive('run-1', { type: 'done', backend: 'cpu', reason: 'completed', epochs: 1, metrics: {}, elapsedMs: 10 });
    const refusing = createRunCommands(() => fakeHost({ refuse: new Error('a run is already training') }).host, training, () => ({ document: doc, projectPath: null }));
    await refusing.start();
    expect(training.getState().phase).toBe('idle');
    expect(training.getState().error).toMatch(/already training/);
    expect(training.getState().batchPoints).toHaveLength(1);
  });

  it('replaces the earlier curves with the next run’s first point', async () => {
    const training = createTrainingStore();
    const { host } = fakeHost();
    const doc = spiralsMlp();
    const commands = createRunCommands(() => host, training, () => ({ document: doc, projectPath: null }));
    await commands.start();
    training.getState().receive('run-1', batch(1, 1));
    training.getState().receive('run-1', batch(1, 2));
    training.getState().receive('run-1', { type: 'done', backend: 'cpu', reason: 'completed', epochs: 1, metrics: {}, elapsedMs: 10 });
    await commands.start();
    expect(training.getState().phase).toBe('starting');
    expect(training.getState().batchPoints).toHaveLength(2);
    training.getState().receive('run-2', batch(1, 1));
    expect(training.getState().batchPoints.map((p) => p.step)).toEqual([1]);
  });

  it('stops and pauses the run it follows', async () => {
    const training = createTrainingStore();
    const { host } = fakeHost();
    const commands = createRunCommands(() => host, training, () => ({ document: spiralsMlp(), projectPath: null }));
    await commands.start();
    training.getState().receive('run-1', { type: 'ready', backend: 'cpu', trainSamples: 8, validationSamples: 0, batchesPerEpoch: 4, epochs: 2 });
    await commands.pauseOrResume('pause');
    expect(training.getState().phase).toBe('paused');
    await commands.stop();
    expect(training.getState().phase).toBe('stopped');
  });

  it('steps a paused run only, and stays paused through the step\'s batch', async () => {
    const training = createTrainingStore();
    const { host, steps } = fakeHost();
    const commands = createRunCommands(() => host, training, () => ({ document: spiralsMlp(), projectPath: null }));
    await commands.start();
    training.getState().receive('run-1', { type: 'ready', backend: 'cpu', trainSamples: 8, validationSamples: 0, batchesPerEpoch: 4, epochs: 2 });
    await commands.step();
    expect(steps).toEqual([]);
    await commands.pauseOrResume('pause');
    training.getState().receive('run-1', { type: 'paused', backend: 'cpu', epoch: 1, batch: 1 });
    await commands.step('generator');
    expect(steps).toEqual([{ runId: 'run-1', player: 'generator' }]);
    training.getState().receive('run-1', { ...batch(1, 2), stepped: 'generator' });
    expect(training.getState()).toMatchObject({ phase: 'paused', lastBatch: { epoch: 1, batch: 2 } });
    training.getState().receive('run-1', batch(1, 3));
    expect(training.getState().phase).toBe('running');
  });
});
