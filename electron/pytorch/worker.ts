/**
 * The PyTorch engine's worker process. The host forks it exactly like the tfjs worker and
 * speaks the same protocol: one `start`, then `pause` / `resume` / `stop`; it answers with
 * the same events. Inside, it exports the project (model.py, weights, train.py, the dataset
 * as NN Designer loaded it) into a scratch folder and runs train.py with a local Python that
 * has torch, relaying train.py's JSON-line events after checking each one. At the end the
 * trained PyTorch weights come back into the tfjs model, which writes model.json + weights.bin
 * and evaluates the validation split, so run history, try-it and export work as for tfjs.
 * A GAN runs train.py's adversarial loop: its losses, samples, GAN Lab's 2-D views, divergences
 * and advice come as the tfjs worker sends them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CompileError, compileGraph, type CompiledModel } from '../../shared/compile/compile';
import type { Dataset } from '../../shared/data/dataset';
import { pytorchExport } from '../../shared/export/pytorch/export';
import { ExportRefusedError } from '../../shared/export/common/refused';
import type { NodeWeightPlan } from '../../shared/export/pytorch/model-py';
import { decodeTorchWeights, tfjsWeightsFromTorch } from '../../shared/export/pytorch/weights';
import { DocumentError } from '../../shared/graph/document';
import { catalog } from '../../shared/layers';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { TrainingUserError } from '../../shared/training/errors';
import { evaluationOf, tableBindings } from '../../shared/training/runner';
import { trainingMessage, trainingText, type TrainingText } from '../../shared/training/messages';
import { TrainingEventSchema, WorkerRequestSchema, type DoneEvent, type ErrorEvent, type StartMessage, type TrainingEvent } from '../../shared/training/protocol';
import { withSeededRandom } from '../../shared/layers/seed';
import { writeLayersModel } from '../node/model-files';
import { selectBackend } from '../worker/backend';
import { registerFastPath } from '../worker/fast-path';
import { loadDataset } from '../node/load-dataset';
import { connectToParent } from '../worker/parent-channel';
import { findPythonWithTorch, writeExportFiles } from './python';

let backend = 'pytorch';
let started = false;
let python: ChildProcess | null = null;
let scratch: string | null = null;

// A fork child in browser mode and the CLI, an Electron utilityProcess in the desktop app (as the tfjs worker).
const parent = connectToParent();

function send(event: TrainingEvent): Promise<void> {
  return parent.send(event);
}

async function cleanUp(): Promise<void> {
  if (python && python.exitCode === null) python.kill('SIGKILL');
  if (scratch) await rm(scratch, { recursive: true, force: true }).catch(() => {});
}

async function finish(event: TrainingEvent): Promise<never> {
  await send(event);
  await cleanUp();
  process.exit(0);
}

function toPython(message: object): void {
  if (python?.stdin?.writable) python.stdin.write(JSON.stringify(message) + '\n');
}

/** Trained PyTorch weights (model.py's save_weights format) into the tfjs model. */
async function loadTorchWeights(dir: string, compiled: CompiledModel, plan: NodeWeightPlan[]): Promise<void> {
  const [manifest, bin] = await Promise.all([readFile(path.join(dir, 'weights.json'), 'utf8'), readFile(path.join(dir, 'weights.bin'))]);
  const torch = decodeTorchWeights(manifest, new Uint8Array(bin.buffer, bin.byteOffset, bin.byteLength));
  const byNode = tfjsWeightsFromTorch(plan, torch, (id) => compiled.layers.get(id)!.weights.map((w) => ({ name: w.originalName, shape: w.shape as number[] })));
  for (const [id, values] of byNode) {
    const tensors = values.map((v) => tf.tensor(v.data, v.shape));
    compiled.layers.get(id)!.setWeights(tensors);
    tf.dispose(tensors);
  }
}

async function run(start: StartMessage): Promise<void> {
  // A graph's node masks and batches of graphs are the tfjs worker's own loop.
  if (start.dataset.kind === 'graph')
    throw new TrainingUserError(
      'the PyTorch engine does not train graph models yet — train this one with the TensorFlow.js engine; Export… as PyTorch code writes its model.py (GCN, GraphSAGE, GAT, message passing) to train elsewhere',
    );
  const probe = await findPythonWithTorch();
  if (!probe.ok) throw new TrainingUserError(probe.message);
  // tfjs only builds the model and reads the data here: the multi-threaded wasm build
  // (NND_WASM_THREADS) would start its thread pool for nothing.
  await registerFastPath();
  await selectBackend(start.backend, { wasmThreads: 0 });
  const document = { ...start.document, training: start.training };
  const compiled = withSeededRandom(start.training.seed, () => compileGraph(document, tfjsCatalog));
  const output = compiled.model.outputs[0]?.shape;
  // A GAN's real samples all train, loaded as the tfjs runner loads them (no rows held out, no labels to encode).
  const data: Dataset = start.training.gan
    ? await loadDataset(start.dataset, { ...start.training, validationSplit: 0 }, null)
    : await loadDataset(start.dataset, start.training, output ? (output[output.length - 1] ?? null) : null);

  // Throws CompileError (the problems validation shows) for objectives that do not fit the data.
  const { files, source } = pytorchExport(document, compiled, catalog, { weightsFrom: 'initial', dataset: data });
  scratch = await mkdtemp(path.join(os.tmpdir(), 'nnd-pytorch-'));
  await writeExportFiles(scratch, files);
  const finalDir = path.join(scratch, 'trained');
  const lastDir = path.join(scratch, 'last-epoch');
  const args = ['-u', 'train.py', '--control', '--save', finalDir, ...(start.saveTo && start.saveBestTo ? ['--save-last', lastDir] : [])];
  python = spawn(probe.found.python, args, { cwd: scratch, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  const stderrTail: string[] = [];
  python.stderr!.setEncoding('utf8');
  python.stderr!.on('data', (chunk: string) => {
    stderrTail.push(chunk);
    while (stderrTail.length > 30) stderrTail.shift();
  });

  const done = await new Promise<DoneEvent>((resolve, reject) => {
    let buffered = '';
    let outcome: DoneEvent | null = null;
    python!.stdout!.setEncoding('utf8');
    python!.stdout!.on('data', (chunk: string) => {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (!line) continue;
        let parsed;
        try {
          parsed = TrainingEventSchema.safeParse(JSON.parse(line));
        } catch {
          void send({ type: 'log', backend, level: 'info', message: line });
          continue;
        }
        if (!parsed.success) {
          reject(new Error(`train.py sent an event this app does not understand (${parsed.error.issues[0]?.message ?? 'invalid'}): ${line.slice(0, 200)}`));
          python!.kill('SIGKILL');
          return;
        }
        const event = parsed.data;
        backend = event.backend;
        if (event.type === 'done') outcome = event;
        else if (event.type === 'error') void finish(event);
        else void send(event);
      }
    });
    python!.on('error', (err) => reject(new Error(`could not run ${probe.found.python}: ${err.message}`)));
    python!.on('close', (code, signal) => {
      if (outcome) return resolve(outcome);
      const last = stderrTail.join('').split('\n').map((l) => l.trim()).filter(Boolean).pop();
      reject(new Error(`train.py ${signal ? `was killed (${signal})` : `ended with exit code ${code}`} before finishing${last ? `: ${last}` : ''}`));
    });
  });

  const result: DoneEvent = { ...done, savedTo: undefined, savedBestTo: undefined };
  delete result.savedTo;
  delete result.savedBestTo;
  if (done.epochs > 0 && existsSync(path.join(finalDir, 'weights.json'))) {
    if (start.saveTo && start.saveBestTo && existsSync(path.join(lastDir, 'weights.json'))) {
      await loadTorchWeights(lastDir, compiled, source.weightPlan);
      await writeLayersModel(start.saveTo, compiled.model);
      await loadTorchWeights(finalDir, compiled, source.weightPlan);
      await writeLayersModel(start.saveBestTo, compiled.model);
      result.savedTo = start.saveTo;
      result.savedBestTo = start.saveBestTo;
    } else {
      await loadTorchWeights(finalDir, compiled, source.weightPlan);
      if (start.saveTo) {
        await writeLayersModel(start.saveTo, compiled.model);
        result.savedTo = start.saveTo;
      }
    }
    // The same views as the tfjs worker's, computed by tfjs on the weights PyTorch trained; a GAN has none (its samples came as gan-samples).
    if (start.evaluate && done.reason !== 'stopped' && !document.training.gan)
      await send({ type: 'evaluation', backend, ...evaluationOf(compiled.model, data, start.training, tableBindings(document, compiled.analysis, compiled.model, data, start.training)) });
  }
  await finish(result);
}

/** An error event that says `text` in English and, as data, in the page's language. */
function errorEvent(text: TrainingText): ErrorEvent {
  return { type: 'error', backend, message: trainingMessage(text), said: { training: text } };
}

function isUserMistake(err: unknown): boolean {
  return err instanceof TrainingUserError || err instanceof CompileError || err instanceof DocumentError || err instanceof ExportRefusedError;
}

parent.onRequest((raw) => {
  const parsed = WorkerRequestSchema.safeParse(raw);
  if (!parsed.success) {
    if (!started && (raw as { type?: unknown } | null)?.type === 'start')
      void finish(errorEvent(trainingText('jobInvalid', { problem: parsed.error.issues[0]?.message ?? 'invalid' })));
    return;
  }
  const request = parsed.data;
  if (request.type !== 'start') return toPython(request);
  if (started) return;
  started = true;
  run(request).catch((err: unknown) =>
    finish(
      isUserMistake(err)
        ? err instanceof ExportRefusedError
          ? { type: 'error', backend, message: `the PyTorch engine cannot train this graph: ${err.message}` }
          : {
              type: 'error',
              backend,
              message: (err as Error).message,
              ...(err instanceof TrainingUserError && err.said ? { said: err.said } : {}),
              ...(err instanceof CompileError ? { problems: err.problems } : {}),
            }
        : { ...errorEvent(trainingText('pytorchFailed', { detail: (err as Error)?.message ?? String(err) })), stack: (err as Error)?.stack },
    ),
  );
});

parent.onParentGone(() => void cleanUp().then(() => process.exit(0)));
process.on('SIGTERM', () => void cleanUp().then(() => process.exit(0)));
process.on('SIGINT', () => toPython({ type: 'stop' }));
