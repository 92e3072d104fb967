import type * as tf from '@tensorflow/tfjs';
import { CompileError, compileGraph, type CompiledModel } from '../compile/compile';
import type { Dataset } from '../data/dataset';
import type { GraphDataset } from '../data/graph';
import type { GraphDatasetReference } from '../data/graph-reference';
import { DocumentError } from '../graph/document';
import { declaredInputRoles } from '../layers/graph/roles';
import { tfjsCatalog } from '../layers/tfjs-catalog';
import { TrainingControl } from './control';
import { isOutOfMemory, OUT_OF_MEMORY_TEXT, TrainingUserError } from './errors';
import { trainingMessage, trainingText, type TrainingText } from './messages';
import { evaluateModel, modelInputInfo } from './evaluate';
import { boundInputInfo, evaluateOutputs } from './evaluate-outputs';
import {
  WorkerRequestSchema,
  type CalibrateMessage,
  type DoneEvent,
  type ErrorEvent,
  type Evaluation,
  type EvaluationEvent,
  type StartMessage,
  type TrainingEvent,
  type WorkerEvent,
} from './protocol';
import { seedMathRandom } from '../layers/seed';
import { measureTrainingSpeed, type TrainingOutcome, type TrainOptions } from './loop';
import { classicBindings, tabularDataSource, trainModel, type TableBindings } from './train';
import { bindingsForData } from '../compile/bindings';
import { isClassicRun } from '../graph/objectives';
import type { GraphAnalysis } from '../graph/analyze';
import type { GraphDocument } from '../graph/document';
import type { TrainingConfig } from '../graph/training-config';
import { trainGraphModel } from './train-graph';
import { adversarialRun, adversarialStep, checkedGanRoles, realSamplesSource, trainAdversarially } from './adversarial';

/**
 * What a training job needs from where it runs. The Node worker process loads datasets from
 * files and writes weights to disk; the GPU worker page gets the dataset as arrays from the
 * host and hands the weights back to it. The job itself — compile, train, evaluate, save,
 * report, obey pause and stop — is the same code in both.
 */
export interface RunnerEnvironment {
  /** Activates a tfjs backend (the one asked for, else the best here) and returns its name. */
  selectBackend(only?: StartMessage['backend']): Promise<string>;
  /** The table of samples for `job`; `outputUnits` lets `auto` label encoding fit the model. */
  loadData(job: StartMessage | CalibrateMessage, outputUnits: number | null): Promise<Dataset>;
  /** Writes model.json + weights.bin of `model` into the folder `dir` (a host path). */
  saveModel(dir: string, model: tf.LayersModel): Promise<void>;
  /** Reads a graph dataset (the worker process has the files); without it graph runs are refused here. */
  loadGraph?: (reference: GraphDatasetReference) => Promise<GraphDataset>;
  /** Resolves once the event is handed over. */
  send(event: WorkerEvent): Promise<void>;
  /** The job is over and its last event was sent: a process exits, a page gets ready for the next. */
  finished(): void;
}

export interface TrainingRunner {
  /** A request from the host, validated here: calibrate, start, pause, resume, step, stop. */
  handle(raw: unknown): void;
  /** Stop the run between two batches (Ctrl+C, a page being closed). */
  stop(): void;
  readonly started: boolean;
  /** Resolves once no calibration or run is in progress (a stopped run has sent its last event). */
  whenIdle(): Promise<void>;
}

function isUserMistake(err: unknown): boolean {
  return err instanceof TrainingUserError || err instanceof CompileError || err instanceof DocumentError;
}

/** An error event that says `text` in English and, as data (`said`), in the page's language. */
export function errorEventSaying(text: TrainingText, backend: string): ErrorEvent {
  return { type: 'error', backend, message: trainingMessage(text), said: { training: text } };
}

/**
 * Failures become the run's `error` event: a person's mistake says what to change (with its
 * message id and values, or a graph's problems, for the page to say in its language), a bug
 * carries its stack.
 */
export function errorEventOf(err: unknown, backend: string): TrainingEvent {
  if (isUserMistake(err))
    return {
      type: 'error',
      backend,
      message: (err as Error).message,
      ...(err instanceof TrainingUserError && err.said ? { said: err.said } : {}),
      ...(err instanceof CompileError ? { problems: err.problems } : {}),
    };
  if (isOutOfMemory(err)) return errorEventSaying(OUT_OF_MEMORY_TEXT, backend);
  return { ...errorEventSaying(trainingText('trainingFailed', { detail: (err as Error)?.message ?? String(err) }), backend), stack: (err as Error)?.stack };
}

/**
 * The document's objectives for a table dataset, checked against the fields it actually
 * has. A one-input, one-output vector model keeps the table loader's own checks and hints
 * (checkCompatibility); anything else is refused here, with the problems validation shows
 * (blockingProblems: the same that `nnd validate` and the editor say).
 */
export function tableBindings(doc: GraphDocument, analysis: GraphAnalysis, model: tf.LayersModel, data: Dataset, training: TrainingConfig): TableBindings {
  const resolved = bindingsForData(doc, analysis, data, training);
  const bindings: TableBindings = {
    inputs: resolved.inputs.map((b) => ({ index: b.index, field: b.field, ...(b.noise ? { noise: b.noise } : {}) })),
    outputs: resolved.outputs.map((b) => ({ output: b.index, name: b.name, loss: b.loss, weight: b.weight, metrics: b.metrics, target: {}, field: b.field })),
  };
  const complete = resolved.inputs.length === model.inputs.length && resolved.outputs.length === model.outputs.length;
  return complete && isClassicRun(model, bindings) ? { ...classicBindings(model, training), outputs: bindings.outputs } : bindings;
}

/**
 * How the trained model does, for the `evaluation` event: one confusion matrix or scatter for
 * a classic run, a section per output for anything else. Both engines send it.
 */
export function evaluationOf(model: tf.LayersModel, data: Dataset, training: TrainingConfig, bindings: TableBindings): Pick<EvaluationEvent, 'evaluation' | 'input'> {
  if (isClassicRun(model, bindings)) return { evaluation: evaluateModel(model, data, training), input: modelInputInfo(model, data) };
  return { evaluation: evaluateOutputs(model, data, training, bindings), input: boundInputInfo(model, data, bindings) };
}

interface PreparedRun {
  train(options: TrainOptions): Promise<TrainingOutcome>;
  /** The `evaluation` event's content, for the weights the model ends with; null where a run has none (a GAN). */
  evaluate(): Pick<EvaluationEvent, 'evaluation' | 'input'> | null;
}

/** A GAN's real samples are all it trains on: the loaders keep no validation rows apart for it. */
function withoutValidation<T extends StartMessage | CalibrateMessage>(job: T): T {
  return { ...job, training: { ...job.training, validationSplit: 0 } };
}

function outputUnitsOf(model: tf.LayersModel): number | null {
  const output = model.outputs[0]?.shape;
  return output ? (output[output.length - 1] ?? null) : null;
}

/** One job (an optional calibration, then one run) in one worker, whatever carries its messages. */
export function createTrainingRunner(env: RunnerEnvironment): TrainingRunner {
  const control = new TrainingControl();
  let started = false;
  let calibrating = false;
  let backend = 'none';
  /** The calibration's data, kept for the run when it trains on the same split of the same set. */
  let cached: { key: string; data: Dataset } | null = null;

  let inProgress = 0;
  const idleWaiters: Array<() => void> = [];
  const track = (task: Promise<unknown>) => {
    inProgress++;
    void task.finally(() => {
      if (--inProgress === 0) idleWaiters.splice(0).forEach((resolve) => resolve());
    });
  };

  const send = (event: WorkerEvent) => env.send(event);
  const finish = async (event: TrainingEvent) => {
    await send(event);
    env.finished();
  };

  async function dataFor(job: StartMessage | CalibrateMessage, outputUnits: number | null): Promise<Dataset> {
    const key = JSON.stringify([job.dataset, job.training.validationSplit, job.training.seed, job.training.loss, outputUnits]);
    if (cached?.key === key) return cached.data;
    const data = await env.loadData(job, outputUnits);
    cached = { key, data };
    return data;
  }

  async function calibrate(job: CalibrateMessage): Promise<void> {
    backend = await env.selectBackend();
    seedMathRandom(job.training.seed);
    const compiled = compileGraph(job.document, tfjsCatalog);
    const { model, analysis } = compiled;
    const limits = { budgetMs: job.budgetMs, maxBatches: job.maxBatches };
    try {
      let speed;
      const gan = job.training.gan;
      if (gan) {
        const data = await dataFor(withoutValidation(job), null);
        const run = adversarialRun(job.document, compiled, data, gan);
        speed = await measureTrainingSpeed(model, realSamplesSource(run, data, job.training), job.training, limits, adversarialStep(run));
      } else {
        const data = await dataFor(job, outputUnitsOf(model));
        const source = tabularDataSource(model, data, job.training, tableBindings(job.document, analysis, model, data, job.training));
        speed = await measureTrainingSpeed(model, source, job.training, limits);
      }
      await send({ type: 'calibration', backend, ...speed });
    } finally {
      model.dispose();
    }
  }

  /** What differs between a table and a graph in a run: the loop they train in and the run's ending are the same. */
  async function prepare(start: StartMessage, compiled: CompiledModel): Promise<PreparedRun> {
    const { model, analysis } = compiled;
    const gan = start.training.gan;
    if (gan) {
      // Refused before any data is read when the marks themselves are wrong.
      checkedGanRoles(start.document, analysis, gan);
      const data = await dataFor(withoutValidation(start), null);
      const run = adversarialRun(start.document, compiled, data, gan);
      return { train: (options) => trainAdversarially(model, run, data, start.training, options), evaluate: () => null };
    }
    if (start.dataset.kind === 'graph') {
      if (!env.loadGraph) throw new TrainingUserError(trainingText('graphCpuOnly'));
      const data = await env.loadGraph(start.dataset);
      let evaluation: Evaluation | null = null;
      return {
        async train(options) {
          const { test: _test, evaluation: graphEvaluation, ...outcome } = await trainGraphModel(model, data, start.training, { ...options, inputRoles: declaredInputRoles(start.document) });
          evaluation = graphEvaluation;
          return outcome;
        },
        evaluate: () => ({
          evaluation: evaluation!,
          input: { featureNames: data.featureNames, sampleShape: [data.featureNames.length], classNames: data.classNames },
        }),
      };
    }
    const data = await dataFor(start, outputUnitsOf(model));
    const bindings = tableBindings(start.document, analysis, model, data, start.training);
    return {
      train: (options) => trainModel(model, data, start.training, options, bindings),
      evaluate: () => evaluationOf(model, data, start.training, bindings),
    };
  }

  async function run(start: StartMessage): Promise<void> {
    backend = await env.selectBackend(start.backend);
    // Initial weights, shuffles of tfjs internals and dropout masks all follow the seed.
    seedMathRandom(start.training.seed);
    const compiled = compileGraph(start.document, tfjsCatalog);
    const { model } = compiled;
    // tfjs would fail deep inside the optimizer with "none of the 0 variables is trainable".
    if (model.trainableWeights.length === 0) throw new TrainingUserError(trainingText('nothingToTrain'));
    const prepared = await prepare(start, compiled);
    // With a place for the best weights, the last epoch's are saved before early stopping replaces them.
    let savedTo: string | undefined;
    const outcome = await prepared.train({
      backend,
      control,
      onEvent: (e) => void send(e),
      ...(start.saveTo && start.saveBestTo
        ? {
            beforeRestoringBest: async (lastEpochModel) => {
              await env.saveModel(start.saveTo!, lastEpochModel);
              savedTo = start.saveTo;
            },
          }
        : {}),
    });
    let savedBestTo: string | undefined;
    if (start.saveTo && outcome.epochs > 0) {
      if (savedTo && start.saveBestTo) {
        await env.saveModel(start.saveBestTo, model);
        savedBestTo = start.saveBestTo;
      } else {
        await env.saveModel(start.saveTo, model);
        savedTo = start.saveTo;
      }
    }
    // A stopped run skips it: stop must end the run promptly, and a large split takes a while.
    const evaluation = start.evaluate && outcome.epochs > 0 && outcome.reason !== 'stopped' ? prepared.evaluate() : null;
    if (evaluation) await send({ type: 'evaluation', backend, ...evaluation });
    model.dispose();
    const done: DoneEvent = { type: 'done', ...outcome, ...(savedTo ? { savedTo } : {}), ...(savedBestTo ? { savedBestTo } : {}) };
    await finish(done);
  }

  return {
    get started() {
      return started;
    },
    stop: () => control.stop(),
    whenIdle: () => (inProgress === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    handle(raw) {
      const parsed = WorkerRequestSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const problem = `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`;
        // Without a valid start there is nothing to run; a bad control message changes nothing.
        if (!started && (raw as { type?: unknown } | null)?.type === 'start')
          void finish(errorEventSaying(trainingText('jobInvalid', { problem }), backend));
        else void send({ type: 'log', backend, level: 'warn', message: `the training process ignored a malformed request (${problem})` });
        return;
      }
      const request = parsed.data;
      switch (request.type) {
        case 'pause':
          return control.pause();
        case 'resume':
          return control.resume();
        case 'step':
          control.step(request.player ? { player: request.player } : {});
          return;
        case 'stop':
          return control.stop();
        case 'calibrate':
          if (started || calibrating) {
            void send({ type: 'log', backend, level: 'warn', message: 'calibration only comes before a run; this one was ignored' });
            return;
          }
          calibrating = true;
          track(
            calibrate(request)
              .catch((err: unknown) => finish(errorEventOf(err, backend)))
              .finally(() => (calibrating = false)),
          );
          return;
        case 'start':
          if (started) {
            void send({ type: 'log', backend, level: 'warn', message: 'a run is already in progress in this process; the new start was ignored' });
            return;
          }
          started = true;
          track(run(request).catch((err: unknown) => finish(errorEventOf(err, backend))));
      }
    },
  };
}
