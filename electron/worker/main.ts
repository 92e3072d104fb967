/**
 * The training worker process. The host forks it, sends one `start` (the graph, a dataset
 * reference and the training config), and may send `pause`, `resume` and `stop`; the worker
 * answers with protocol events and exits after its `done` or `error`.
 */
import { CompileError, compileGraph } from '../../shared/compile/compile';
import { DocumentError } from '../../shared/graph/document';
import { catalog } from '../../shared/layers';
import { TrainingControl } from '../../shared/training/control';
import { isOutOfMemory, OUT_OF_MEMORY_MESSAGE, TrainingUserError } from '../../shared/training/errors';
import {
  WorkerRequestSchema,
  type DoneEvent,
  type StartMessage,
  type TrainingEvent,
} from '../../shared/training/protocol';
import { evaluateModel, modelInputInfo } from '../../shared/training/evaluate';
import { seedMathRandom } from '../../shared/training/seed';
import { trainModel } from '../../shared/training/train';
import { writeLayersModel } from '../host/model-files';
import { backendLabel, selectBackend } from './backend';
import { loadDataset } from './load-dataset';
import { runGraphTraining } from './graph/run-graph';
import { connectToParent } from './parent-channel';

const control = new TrainingControl();
let started = false;
let backend = 'none';

// A fork child in browser mode and the CLI, an Electron utilityProcess in the desktop app.
const parent = connectToParent();

function send(event: TrainingEvent): Promise<void> {
  return parent.send(event);
}

async function finish(event: TrainingEvent): Promise<never> {
  await send(event);
  process.exit(0);
}

function isUserMistake(err: unknown): boolean {
  return err instanceof TrainingUserError || err instanceof CompileError || err instanceof DocumentError;
}

async function run(start: StartMessage): Promise<void> {
  const warnings: string[] = [];
  // The label names the build too (`wasm (2 threads)`), for the ready event, the logs and the run history.
  backend = backendLabel(await selectBackend(start.backend, { onWarning: (message) => warnings.push(message) }));
  for (const message of warnings) void send({ type: 'log', backend, level: 'warn', message });
  // Initial weights, shuffles of tfjs internals and dropout masks all follow the seed.
  seedMathRandom(start.training.seed);
  const { model } = compileGraph(start.document, catalog);
  // Graphs train through their own loop: node masks or batches of graphs, several inputs.
  if (start.dataset.kind === 'graph') return finish(await runGraphTraining(model, { ...start, dataset: start.dataset }, backend, control, send));
  const output = model.outputs[0]?.shape;
  const data = await loadDataset(start.dataset, start.training, output ? (output[output.length - 1] ?? null) : null);
  // With a place for the best weights, the last epoch's are saved before early stopping replaces them.
  let savedTo: string | undefined;
  const outcome = await trainModel(model, data, start.training, {
    backend,
    control,
    onEvent: (e) => void send(e),
    ...(start.saveTo && start.saveBestTo
      ? {
          beforeRestoringBest: async (lastEpochModel) => {
            await writeLayersModel(start.saveTo!, lastEpochModel);
            savedTo = start.saveTo;
          },
        }
      : {}),
  });
  let savedBestTo: string | undefined;
  if (start.saveTo && outcome.epochs > 0) {
    if (savedTo && start.saveBestTo) {
      await writeLayersModel(start.saveBestTo, model);
      savedBestTo = start.saveBestTo;
    } else {
      await writeLayersModel(start.saveTo, model);
      savedTo = start.saveTo;
    }
  }
  // A stopped run skips it: stop must end the run promptly, and a large split takes a while.
  if (start.evaluate && outcome.epochs > 0 && outcome.reason !== 'stopped')
    await send({ type: 'evaluation', backend, evaluation: evaluateModel(model, data, start.training), input: modelInputInfo(model, data) });
  const done: DoneEvent = { type: 'done', ...outcome, ...(savedTo ? { savedTo } : {}), ...(savedBestTo ? { savedBestTo } : {}) };
  await finish(done);
}

parent.onRequest((raw) => {
  const parsed = WorkerRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const problem = `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`;
    // Without a valid start there is nothing to run; a bad control message changes nothing.
    if (!started && (raw as { type?: unknown } | null)?.type === 'start')
      void finish({ type: 'error', backend, message: `the training job is not valid (${problem})` });
    else void send({ type: 'log', backend, level: 'warn', message: `the training process ignored a malformed request (${problem})` });
    return;
  }
  const request = parsed.data;
  switch (request.type) {
    case 'pause':
      return control.pause();
    case 'resume':
      return control.resume();
    case 'stop':
      return control.stop();
    case 'start':
      if (started) {
        void send({ type: 'log', backend, level: 'warn', message: 'a run is already in progress in this process; the new start was ignored' });
        return;
      }
      started = true;
      run(request).catch((err: unknown) =>
        finish(
          isUserMistake(err)
            ? { type: 'error', backend, message: (err as Error).message }
            : isOutOfMemory(err)
              ? { type: 'error', backend, message: OUT_OF_MEMORY_MESSAGE }
              : { type: 'error', backend, message: `training failed: ${(err as Error)?.message ?? String(err)}`, stack: (err as Error)?.stack },
        ),
      );
  }
});

// Orphaned by its host: nobody is listening, so stop at once.
parent.onParentGone(() => process.exit(0));
// Ctrl+C in a terminal reaches the whole process group; the host decides, so finish the
// batch and report instead of dying mid-write.
process.on('SIGINT', () => control.stop());
