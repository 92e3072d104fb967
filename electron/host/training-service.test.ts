import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { parseDocument, serializeDocument, type GraphDocument } from '../../shared/graph/document';
import { hostService, type HostApi, type TrainingEventPayload } from '../../shared/host-api';
import { createClient, createMemoryTransportPair, serve, webSocketTransport, type ServedConnection, type WebSocketLike } from '../../shared/rpc';
import type { TrainingConfigInput } from '../../shared/graph/training-config';
import { TrainingConfigSchema } from '../../shared/graph/training-config';
import type { TrainingEvent } from '../../shared/training/protocol';
import { RunRecordSchema } from '../../shared/training/run-record';
import { createHostService } from './host-service';
import { startEditorServer } from './serve';
import { RUN_FILE_NAME, runsDirFor } from './run-history-service';
import { createTrainingService, type TrainingService } from './training-service';
import { BUSY_MESSAGE } from './training-sessions-service';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PREDICT_SCRIPT = fileURLToPath(new URL('../node/testing/predict-in-fresh-process.ts', import.meta.url));

let dir: string;
let spirals: GraphDocument;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-train-host-'));
  spirals = parseDocument(JSON.parse(await readFile(path.join(REPO_ROOT, 'examples/mlp-spirals.nnd.json'), 'utf8')));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function withTraining(doc: GraphDocument, over: TrainingConfigInput): GraphDocument {
  return { ...doc, training: TrainingConfigSchema.parse({ ...doc.training, ...over }) };
}

/** The host behind the in-memory RPC pair, as a page sees it, with every training event it sends. */
function startHost() {
  const [clientEnd, serverEnd] = createMemoryTransportPair();
  let connection: ServedConnection<typeof hostService> | undefined = undefined;
  const warnings: string[] = [];
  const training: TrainingService = createTrainingService({
    emit: (event, payload) => connection!.emit(event, payload),
    cwd: dir,
    scratchDir: path.join(dir, 'scratch'),
    onWarning: (m) => warnings.push(m),
  });
  const implementation = createHostService({
    mode: 'browser',
    configDir: path.join(dir, 'config'),
    cwd: dir,
    emit: (event, payload) => connection!.emit(event, payload),
    training,
  });
  connection = serve(hostService, implementation, serverEnd);
  const host = createClient(hostService, clientEnd);
  const events: TrainingEventPayload[] = [];
  host.on('trainingEvent', (payload) => events.push(payload));
  return { host, training, events, warnings };
}

/** Resolves with the run's final event (done or error) as the page receives it. */
function finalEvent(host: HostApi, runId: string): Promise<TrainingEvent> {
  return new Promise((resolve) => {
    const subscription = host.on('trainingEvent', ({ runId: id, event }) => {
      if (id === runId && (event.type === 'done' || event.type === 'error')) {
        subscription.dispose();
        resolve(event);
      }
    });
  });
}

function nextEvent(host: HostApi, runId: string, type: TrainingEvent['type']): Promise<TrainingEvent> {
  return new Promise((resolve) => {
    const subscription = host.on('trainingEvent', ({ runId: id, event }) => {
      if (id === runId && event.type === type) {
        subscription.dispose();
        resolve(event);
      }
    });
  });
}

describe('training through the HostApi (in-memory RPC)', { timeout: 240_000 }, () => {
  let harness: ReturnType<typeof startHost>;
  let host: HostApi;
  let projectPath: string;

  beforeAll(async () => {
    harness = startHost();
    host = harness.host;
    projectPath = path.join(dir, 'spirals.nnd.json');
    await writeFile(projectPath, serializeDocument(spirals));
  });
  afterAll(async () => {
    await harness.training.dispose();
    host.close();
  });

  it('trains a saved project: live events, a second start refused, evaluation, history on disk, predict, export, restore', async () => {
    const document = withTraining(spirals, { epochs: 40 });
    const { runId } = await host.startTraining({ document, projectPath });
    const ended = finalEvent(host, runId);
    await expect(host.startTraining({ document, projectPath })).rejects.toMatchObject({ code: 'training-busy', message: BUSY_MESSAGE });
    expect(await host.activeTraining()).toMatchObject({ id: runId, status: 'running', projectPath });
    const done = await ended;
    expect(await host.activeTraining()).toBeNull();
    expect(done).toMatchObject({ type: 'done', reason: 'completed', epochs: 40 });

    const types = harness.events.filter((e) => e.runId === runId).map((e) => e.event.type);
    expect(types[0]).toBe('ready');
    expect(types.filter((t) => t === 'epoch')).toHaveLength(40);
    // Batch events come at most 10 a second, and every epoch's last batch is among them: on a
    // fast machine the 40 epochs take under 4 s, so one per epoch is all there may be.
    expect(types.filter((t) => t === 'batch').length).toBeGreaterThanOrEqual(40);
    expect(types.slice(-2)).toEqual(['evaluation', 'done']);

    const run = await host.getRun({ runId });
    expect(run).toMatchObject({ id: runId, projectPath, status: 'completed', epochs: 40, backend: 'wasm', hasWeights: true, weights: { final: 'final', best: null } });
    expect(run.epochPoints.map((p) => p.epoch)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(run.batchPoints.at(-1)).toMatchObject({ epoch: 40, batch: 15, step: 600 });
    expect(run.finalMetrics.val_acc).toBeGreaterThan(0.9);
    expect(run.durationMs).toBeGreaterThan(0);

    // Evaluation on the 120 validation samples: the matrix counts each once and agrees with val_acc.
    const evaluation = run.evaluation!;
    expect(evaluation.kind).toBe('classification');
    if (evaluation.kind !== 'classification') return;
    expect(evaluation.split).toBe('validation');
    expect(evaluation.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(120);
    expect(evaluation.accuracy).toBeCloseTo(run.finalMetrics.val_acc!, 5);
    expect(evaluation.perClass.map((c) => c.support).reduce((a, b) => a + b, 0)).toBe(120);
    expect(evaluation.perClass.every((c) => c.precision! > 0.8 && c.recall! > 0.8)).toBe(true);
    expect(evaluation.classNames).toHaveLength(2);

    // The record persists beside the project and a fresh host lists it from there.
    const onDisk = RunRecordSchema.parse(JSON.parse(await readFile(path.join(runsDirFor(projectPath), runId, RUN_FILE_NAME), 'utf8')));
    expect(onDisk.epochPoints).toHaveLength(40);
    const fresh = startHost();
    const listed = await fresh.host.listRuns({ projectPath });
    expect(listed.map((r) => r.id)).toEqual([runId]);
    expect(listed[0]).not.toHaveProperty('batchPoints');
    expect((await fresh.host.getRun({ runId })).evaluation).toEqual(evaluation);

    // Predictions on the training host and on the fresh one (which reloads the saved weights) agree.
    const inputs = [
      [0, 0],
      [0.5, -0.5],
    ];
    const prediction = await host.predict({ runId, inputs });
    expect(prediction.outputs).toHaveLength(2);
    expect(prediction.outputs[0]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(prediction.classes![0]!.name).toBe(evaluation.classNames[prediction.classes![0]!.index]);
    expect((await fresh.host.predict({ runId, inputs })).outputs).toEqual(prediction.outputs);
    await expect(host.predict({ runId, inputs: [[1, 2, 3]] })).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringMatching(/^input row 1 has 3 values but the model takes 2/),
    });
    await fresh.training.dispose();
    fresh.host.close();

    // The exported files load in plain tfjs in another process and predict the same.
    const exportDir = path.join(dir, 'exported');
    const exported = await host.exportRunModel({ runId, directory: exportDir });
    expect(exported.files.map((f) => path.basename(f))).toEqual(['model.json', 'weights.bin']);
    const inputsFile = path.join(dir, 'inputs.json');
    await writeFile(inputsFile, JSON.stringify(inputs));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', PREDICT_SCRIPT, exportDir, inputsFile], { cwd: REPO_ROOT });
    const fromFiles = JSON.parse(stdout) as number[][];
    fromFiles.flat().forEach((v, i) => expect(v).toBeCloseTo(prediction.outputs.flat()[i]!, 5));

    // Restoring points the project file at the run's weights, relative to the project.
    const restored = await host.restoreRunWeights({ runId, projectPath });
    expect(restored.document.weights).toMatchObject({ path: `spirals.runs/${runId}/final`, metrics: run.finalMetrics });
    const saved = parseDocument(JSON.parse(await readFile(projectPath, 'utf8')));
    expect(saved.weights?.path).toBe(`spirals.runs/${runId}/final`);
    expect(saved.nodes).toEqual(spirals.nodes);
  });

  it('stops within one second, keeping the metrics so far', async () => {
    const { runId } = await host.startTraining({ document: withTraining(spirals, { epochs: 1000, batchSize: 4 }), projectPath });
    await nextEvent(host, runId, 'epoch');
    // While it trains, the record beside the project gains its epochs now and then.
    const runFile = path.join(runsDirFor(projectPath), runId, RUN_FILE_NAME);
    const savedEpochs = async () => RunRecordSchema.parse(JSON.parse(await readFile(runFile, 'utf8'))).epochPoints.length;
    for (let waited = 0; (await savedEpochs()) === 0 && waited < 10_000; waited += 200) await new Promise((r) => setTimeout(r, 200));
    expect(await savedEpochs()).toBeGreaterThan(0);
    const paused = await host.pauseTraining({ runId });
    expect(paused.status).toBe('paused');
    expect((await host.activeTraining())?.status).toBe('paused');
    // A step: one batch more, then halted again.
    const stepsDone = async () => (await host.getRun({ runId })).batchPoints.at(-1)!.step;
    const before = await stepsDone();
    expect((await host.stepTraining({ runId })).status).toBe('paused');
    expect(await stepsDone()).toBe(before + 1);
    expect((await host.activeTraining())?.status).toBe('paused');
    await expect(host.stepTraining({ runId, player: 'generator' })).rejects.toMatchObject({ code: 'training-refused', message: expect.stringMatching(/is not a GAN/) });
    expect((await host.resumeTraining({ runId })).status).toBe('running');
    expect((await host.stepTraining({ runId })).status).toBe('running');
    const stoppedAt = Date.now();
    const summary = await host.stopTraining({ runId });
    expect(Date.now() - stoppedAt).toBeLessThan(1000);
    expect(summary).toMatchObject({ id: runId, status: 'stopped' });
    expect(summary.epochs).toBeGreaterThanOrEqual(1);
    expect(summary.finalMetrics.loss).toBeGreaterThan(0);
    await expect(host.pauseTraining({ runId })).rejects.toMatchObject({ code: 'run-not-found' });
  });

  it('ends a diverging run (learning rate 100) with the NaN advice, not a hang', async () => {
    // A linear output under mse: nothing clips the loss, so plain SGD at rate 100 overflows
    // within a few batches. (The softmax + crossentropy spirals model does not: its loss is
    // clipped and its ReLUs die, so it ends with a poor but finite loss.)
    const outputId = spirals.nodes.find((n) => n.params.activation === 'softmax')!.id;
    const linearOutput = { ...spirals, nodes: spirals.nodes.map((n) => (n.id === outputId ? { ...n, params: { ...n.params, activation: 'linear' } } : n)) };
    const { runId } = await host.startTraining({ document: withTraining(linearOutput, { epochs: 50, learningRate: 100, optimizer: 'sgd', loss: 'mse' }) });
    const event = await finalEvent(host, runId);
    expect(event.type).toBe('error');
    expect(event.type === 'error' && event.message).toMatch(/^the loss became (NaN|-?Infinity) at epoch \d+, batch \d+ — training diverged; lower the learning rate \(now 100\)/);
    const run = await host.getRun({ runId });
    expect(run).toMatchObject({ status: 'failed', projectPath: null, hasWeights: false });
    expect((await host.listRuns()).map((r) => r.id)).toContain(runId);
    await expect(host.predict({ runId, inputs: [[0, 0]] })).rejects.toMatchObject({ code: 'run-unavailable' });
  });

  it('reports a worker that crashes and keeps serving', async () => {
    const { runId } = await host.startTraining({ document: withTraining(spirals, { epochs: 1000 }) });
    await nextEvent(host, runId, 'batch');
    const ended = finalEvent(host, runId);
    process.kill(harness.training.activeWorkerPid()!, 'SIGKILL');
    const event = await ended;
    expect(event.type === 'error' && event.message).toMatch(/^the training process was killed \(SIGKILL\).*try training again$/);
    expect((await host.getRun({ runId })).status).toBe('failed');
    expect((await host.hostInfo()).mode).toBe('browser');
    // A new run is accepted: the crashed one no longer counts as active.
    const next = await host.startTraining({ document: withTraining(spirals, { epochs: 1 }) });
    expect((await finalEvent(host, next.runId)).type).toBe('done');
  });

  it('keeps the last and the best weights when early stopping restores the best epoch', async () => {
    // No epoch can improve val_loss by 10, so the run stops after epoch 2 and restores epoch 1.
    const document = withTraining(spirals, { epochs: 20, earlyStopping: { enabled: true, patience: 1, minDelta: 10, monitor: 'val_loss', restoreBest: true } });
    const { runId } = await host.startTraining({ document, projectPath });
    expect(await finalEvent(host, runId)).toMatchObject({ type: 'done', reason: 'early-stopped', bestEpoch: 1, epochs: 2 });
    const run = await host.getRun({ runId });
    expect(run.weights).toEqual({ final: 'final', best: 'best' });
    const runDir = path.join(runsDirFor(projectPath), runId);
    for (const folder of ['final', 'best']) expect((await stat(path.join(runDir, folder, 'model.json'))).isFile()).toBe(true);
    expect((await host.restoreRunWeights({ runId, projectPath })).document.weights?.path).toBe(`spirals.runs/${runId}/best`);
  });

  it('reads a CSV relative to the saved project and normalizes inputs to predict as it normalized the data', async () => {
    const folder = path.join(dir, 'xor-project');
    await mkdir(path.join(folder, 'data'), { recursive: true });
    const rows = ['a,b,label'];
    for (let i = 0; i < 40; i++) {
      const [a, b] = [i % 2, Math.floor(i / 2) % 2];
      rows.push(`${a * 10 + 100 + (i % 3) * 0.1},${b * 4 - 2},${a === b ? 'same' : 'different'}`);
    }
    await writeFile(path.join(folder, 'data', 'points.csv'), rows.join('\n'));
    const xorProject = parseDocument(JSON.parse(await readFile(path.join(REPO_ROOT, 'examples/mlp-xor.nnd.json'), 'utf8')));
    const document: GraphDocument = withTraining(
      { ...xorProject, dataset: { kind: 'csv', path: 'data/points.csv', columns: {}, label: 'label', labelEncoding: 'index', normalize: 'standardize' } },
      { epochs: 60 },
    );
    const projectFile = path.join(folder, 'xor.nnd.json');
    await writeFile(projectFile, serializeDocument(document));
    const { runId } = await host.startTraining({ document, projectPath: projectFile });
    expect(await finalEvent(host, runId)).toMatchObject({ type: 'done', reason: 'completed' });
    const run = await host.getRun({ runId });
    expect(run.evaluation).toMatchObject({ kind: 'classification', split: 'training', samples: 40, accuracy: 1 });
    const normalization = run.input!.normalization!;
    expect(normalization.mode).toBe('standardize');
    expect(normalization.offset[0]).toBeGreaterThan(100);

    const raw = [
      [100, -2],
      [110, 2],
      [110, -2],
    ];
    const prediction = await host.predict({ runId, inputs: raw });
    expect(prediction.classes!.map((c) => c.name)).toEqual(['same', 'same', 'different']);
    const { readLayersModel } = await import('../node/model-files');
    const model = await readLayersModel(path.join(folder, 'xor.runs', runId, 'final'));
    const tf = await import('@tensorflow/tfjs');
    const normalized = raw.map((row) => row.map((v, j) => (v - normalization.offset[j]!) / normalization.scale[j]!));
    const direct = (model.predict(tf.tensor2d(normalized)) as import('@tensorflow/tfjs').Tensor).arraySync() as number[][];
    direct.flat().forEach((v, i) => expect(prediction.outputs.flat()[i]).toBeCloseTo(v, 5));
    model.dispose();
  });

  it('refuses what it cannot train, saying what to do', async () => {
    const csv = { kind: 'csv', path: 'data/points.csv', columns: {}, labelEncoding: 'auto', normalize: 'none' } as const;
    await expect(host.startTraining({ document: { ...spirals, dataset: csv } })).rejects.toMatchObject({
      code: 'training-refused',
      message: expect.stringMatching(/relative to the project's folder, but this project has not been saved yet — save the project first/),
    });
    await expect(host.startTraining({ document: { ...spirals, dataset: null } })).rejects.toMatchObject({
      code: 'training-refused',
      message: 'the project "mlp-spirals" has no dataset — choose a generated set or a CSV file before training',
    });
    await expect(host.getRun({ runId: 'run-none' })).rejects.toMatchObject({ code: 'run-not-found' });
  });
});

describe('run history on disk', () => {
  it('lists a run its host lost midway as failed, keeps its points, and skips a damaged record', async () => {
    const project = path.join(dir, 'lost.nnd.json');
    await writeFile(project, serializeDocument(spirals));
    const record = RunRecordSchema.parse({
      version: 1,
      id: 'run-20260101-000000-abcd',
      projectPath: project,
      projectName: 'lost',
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 1200,
      backend: 'wasm',
      status: 'running',
      epochs: 1,
      finalMetrics: { loss: 0.5 },
      dataset: spirals.dataset,
      training: spirals.training,
      hasWeights: false,
      document: spirals,
      plan: null,
      epochPoints: [{ epoch: 1, logs: { loss: 0.5 }, learningRate: 0.01, elapsedMs: 1000 }],
      batchPoints: [],
      logs: [],
      evaluation: null,
      input: null,
      weights: { final: null, best: null },
    });
    const runs = runsDirFor(project);
    await mkdir(path.join(runs, record.id), { recursive: true });
    await writeFile(path.join(runs, record.id, RUN_FILE_NAME), JSON.stringify(record));
    await mkdir(path.join(runs, 'run-damaged'), { recursive: true });
    await writeFile(path.join(runs, 'run-damaged', RUN_FILE_NAME), '{"version": 1');
    const { host, training, warnings } = startHost();
    const listed = await host.listRuns({ projectPath: 'lost.nnd.json' });
    expect(listed).toEqual([expect.objectContaining({ id: record.id, status: 'failed', error: expect.stringMatching(/stopped while this run was training/) })]);
    expect((await host.getRun({ runId: record.id })).epochPoints).toEqual(record.epochPoints);
    expect(warnings).toEqual([expect.stringMatching(/^run run-damaged beside .*lost\.nnd\.json was skipped: /)]);
    await training.dispose();
    host.close();
  });
});

describe('training through nnd serve (WebSocket)', { timeout: 120_000 }, () => {
  it('streams a run to every connected page and answers stop', async () => {
    const dist = path.join(dir, 'dist');
    await mkdir(dist, { recursive: true });
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>NN Designer</title>');
    const server = await startEditorServer({ port: 0, rendererDist: dist, host: { configDir: path.join(dir, 'config-ws'), cwd: dir } });
    const connect = () =>
      createClient(hostService, webSocketTransport(new WebSocket(`ws://127.0.0.1:${server.port}/api`) as unknown as WebSocketLike));
    const starter = connect();
    const watcher = connect();
    try {
      await watcher.hostInfo();
      const seen: TrainingEvent['type'][] = [];
      watcher.on('trainingEvent', ({ event }) => seen.push(event.type));
      const { runId } = await starter.startTraining({ document: withTraining(spirals, { epochs: 3 }) });
      const done = await finalEvent(watcher, runId);
      expect(done).toMatchObject({ type: 'done', reason: 'completed', epochs: 3 });
      // Browser mode says where each run trains first: here on wasm, with no GPU worker tab open.
      expect(seen.slice(0, 2)).toEqual(['device', 'ready']);
      expect((await starter.getRun({ runId })).device).toMatchObject({ device: 'cpu', backend: 'wasm', reason: 'no-gpu-worker' });
      expect(seen.filter((t) => t === 'epoch')).toHaveLength(3);
      expect(seen.slice(-2)).toEqual(['evaluation', 'done']);
      expect((await starter.listRuns()).map((r) => r.id)).toEqual([runId]);

      const long = await watcher.startTraining({ document: withTraining(spirals, { epochs: 1000 }) });
      await nextEvent(starter, long.runId, 'batch');
      const stoppedAt = Date.now();
      expect((await starter.stopTraining({ runId: long.runId })).status).toBe('stopped');
      expect(Date.now() - stoppedAt).toBeLessThan(1000);
    } finally {
      starter.close();
      watcher.close();
      await server.close();
    }
  });
});
