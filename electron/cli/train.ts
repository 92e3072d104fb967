import path from 'node:path';
import cliProgress from 'cli-progress';
import type { CsvDatasetReference, DatasetReference } from '../../shared/data/reference';
import type { GraphDocument } from '../../shared/graph/document';
import type { TrainingConfig } from '../../shared/graph/training-config';
import type { DoneEvent, MetricLogs, TrainingEvent } from '../../shared/training/protocol';
import { readProject, relativeToProject, weightsDirFor, writeProject } from '../node/project-files';
import { startTraining, TrainingError } from '../host/training-session';
import { CliError } from './errors';
import { checkProject, formatProblem } from './validate';

export interface TrainOptions {
  data?: string;
  label?: string;
  epochs?: number;
  batchSize?: number;
  /** tfjs (the built-in worker) or pytorch (train.py with a local Python + torch). */
  engine?: TrainingConfig['engine'];
  save?: boolean;
  json?: boolean;
}

/** The exit code of a run ended by Ctrl+C, as shells report a SIGINT. */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * With `--data`, the CSV replaces the project's dataset: every column but the label is a
 * feature and the label defaults to the last column. The project's CSV settings
 * (normalization, label encoding) carry over when it had a CSV of its own.
 */
export function datasetFor(doc: GraphDocument, options: Pick<TrainOptions, 'data' | 'label'>, cwd: string): DatasetReference | null {
  if (options.data !== undefined) {
    const base: CsvDatasetReference =
      doc.dataset?.kind === 'csv'
        ? { ...doc.dataset, columns: {} }
        : { kind: 'csv', path: options.data, columns: {}, labelEncoding: 'auto', normalize: 'none' };
    const { label: _projectLabel, ...withoutLabel } = base;
    return {
      ...withoutLabel,
      path: path.resolve(cwd, options.data),
      ...(options.label !== undefined ? { label: options.label } : {}),
    };
  }
  if (options.label !== undefined) {
    if (doc.dataset?.kind !== 'csv')
      throw new CliError('--label chooses a CSV column, but this project trains on a generated set — add --data <file.csv>');
    return { ...doc.dataset, label: options.label };
  }
  return doc.dataset;
}

export function trainingFor(doc: GraphDocument, options: Pick<TrainOptions, 'epochs' | 'batchSize' | 'engine'>): TrainingConfig {
  return {
    ...doc.training,
    ...(options.engine !== undefined ? { engine: options.engine } : {}),
    ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
  };
}

/** `loss 0.0123  acc 1.0000  val_loss …`, loss first then in the order tfjs logs them. */
export function formatMetrics(logs: MetricLogs): string {
  const keys = Object.keys(logs).sort((a, b) => rank(a) - rank(b));
  return keys.map((k) => `${k} ${formatNumber(logs[k]!)}`).join('  ');
}

/**
 * What a GAN's lines show: both players' losses and D's opinions (and the divergence of 2-D
 * samples); `loss` repeats d_loss, so it is left out.
 */
export function adversarialMetrics(logs: MetricLogs): MetricLogs {
  const { loss: _sameAsDiscriminatorLoss, ...rest } = logs;
  return rest;
}

function rank(key: string): number {
  const validation = key.startsWith('val_') ? 10 : 0;
  return validation + (key.replace(/^val_/, '') === 'loss' ? 0 : 1);
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1e4 || (value !== 0 && Math.abs(value) < 1e-4) ? value.toExponential(3) : value.toFixed(4);
}

/**
 * What a person sees on stderr: one cli-progress bar per epoch that stays on screen when the
 * epoch ends (like Keras's fit), or plain epoch lines when stderr is not a terminal.
 */
class ProgressReporter {
  private bar: cliProgress.SingleBar | null = null;
  private barEpoch = 0;
  private epochs = 0;
  private adversarial = false;
  private readonly interactive = Boolean(process.stderr.isTTY);

  handle(event: TrainingEvent): void {
    switch (event.type) {
      case 'ready':
        this.epochs = event.epochs;
        this.adversarial = Boolean(event.adversarial);
        if (this.adversarial) {
          this.line(
            `training a GAN on ${event.trainSamples} real samples — ${event.epochs} epoch${event.epochs === 1 ? '' : 's'} of ${event.batchesPerEpoch} iteration${event.batchesPerEpoch === 1 ? '' : 's'} (backend: ${event.backend})`,
          );
          return;
        }
        this.line(
          `training on ${event.trainSamples} samples${event.validationSamples ? `, validating on ${event.validationSamples}` : ''} — ${event.epochs} epoch${event.epochs === 1 ? '' : 's'} of ${event.batchesPerEpoch} batch${event.batchesPerEpoch === 1 ? '' : 'es'} (backend: ${event.backend})`,
        );
        return;
      case 'batch':
        if (!this.interactive) return;
        this.barFor(event.epoch, event.batchesPerEpoch).update(event.batch, {
          metrics: formatMetrics(this.adversarial ? event.metrics : { loss: event.loss, ...event.metrics }),
        });
        return;
      case 'epoch': {
        const metrics = formatMetrics(this.adversarial ? adversarialMetrics(event.logs) : event.logs);
        if (this.interactive && this.bar && this.barEpoch === event.epoch) {
          this.bar.update(this.bar.getTotal(), { metrics });
          this.finishBar();
        } else this.line(`epoch ${pad(event.epoch, event.epochs)}/${event.epochs}  ${metrics}`);
        return;
      }
      case 'log':
        this.line(event.level === 'warn' ? `warning: ${event.message}` : event.message);
        return;
      case 'gan-advice':
        this.line(`advice (epoch ${event.epoch}): ${event.message}`);
        return;
      case 'done':
      case 'error':
        this.finishBar();
        return;
    }
  }

  line(text: string): void {
    this.finishBar();
    process.stderr.write(text + '\n');
  }

  private barFor(epoch: number, batches: number): cliProgress.SingleBar {
    if (this.bar && this.barEpoch === epoch) return this.bar;
    this.finishBar();
    const label = this.epochs ? `epoch ${pad(epoch, this.epochs)}/${this.epochs}` : `epoch ${epoch}`;
    this.bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${label} {bar} {value}/{total} batches  {metrics}`,
        barsize: 24,
        hideCursor: null,
        fps: 10,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(batches, 0, { metrics: '' });
    this.barEpoch = epoch;
    return this.bar;
  }

  private finishBar(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

function pad(value: number, widest: number): string {
  return String(value).padStart(String(widest).length);
}

export interface TrainOutcome {
  exitCode: number;
}

/**
 * `nnd train`: validates here (one line per problem, like `nnd validate`), then trains in the
 * worker process. `--json` puts every event on stdout, one JSON object per line, ending with
 * the `done` (or `error`) event. Ctrl+C asks the worker to stop; a second Ctrl+C quits at once.
 */
export async function trainProjectFile(file: string, options: TrainOptions): Promise<TrainOutcome> {
  const doc = await readProject(file);
  const dataset = datasetFor(doc, options, process.cwd());
  const training = trainingFor(doc, options);
  // A document that cannot train never reaches the worker: its problems are said here, as nnd validate says them.
  const errors = (await checkProject(doc, file, { dataset, training })).problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    for (const p of errors) process.stderr.write(formatProblem(p) + '\n');
    throw new CliError(`${file} has ${errors.length} problem${errors.length === 1 ? '' : 's'} — fix them before training (nnd validate lists them)`);
  }
  if (!dataset)
    throw new CliError(`${file} has no dataset — pass --data <file.csv>, or choose a dataset for the project in the app`);

  const reporter = options.json ? null : new ProgressReporter();
  const onEvent = (event: TrainingEvent) => {
    if (options.json) process.stdout.write(JSON.stringify(event) + '\n');
    else reporter!.handle(event);
  };
  const saveTo = options.save ? weightsDirFor(path.resolve(file)) : undefined;
  const handle = startTraining(
    {
      document: doc,
      dataset,
      training,
      baseDir: path.dirname(path.resolve(file)),
      ...(saveTo ? { saveTo } : {}),
    },
    onEvent,
  );

  let interrupted = false;
  const onSigint = () => {
    if (interrupted) {
      process.stderr.write('\nnnd train: stopped at once (second Ctrl+C)\n');
      process.exit(INTERRUPTED_EXIT_CODE);
    }
    interrupted = true;
    reporter?.line('stopping after the current batch… (Ctrl+C again to quit at once)');
    handle.stop();
  };
  process.on('SIGINT', onSigint);

  let done: DoneEvent;
  try {
    done = await handle.done;
  } catch (err) {
    // Ctrl+C reaches the worker too (same process group); a worker that died of it was stopped, not crashed.
    if (interrupted) return { exitCode: INTERRUPTED_EXIT_CODE };
    if (err instanceof TrainingError) throw new CliError(err.message);
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
  }

  if (!options.json) {
    const seconds = (done.elapsedMs / 1000).toFixed(1);
    const how = done.reason === 'completed' ? 'finished' : done.reason === 'early-stopped' ? 'stopped early' : 'stopped';
    const best = done.bestEpoch ? ` (weights of epoch ${done.bestEpoch})` : '';
    process.stderr.write(`${how} after ${done.epochs} epoch${done.epochs === 1 ? '' : 's'} in ${seconds} s on ${done.backend}${best}\n`);
    if (Object.keys(done.metrics).length) process.stdout.write(`${formatMetrics(training.gan ? adversarialMetrics(done.metrics) : done.metrics)}\n`);
  }

  if (saveTo && done.savedTo) {
    await recordWeights(file, done);
    if (!options.json) process.stderr.write(`saved the trained weights to ${relativeToProject(file, done.savedTo)}/ and recorded them in ${file}\n`);
  } else if (saveTo && !options.json) process.stderr.write('nothing saved: the run ended before the model was written\n');
  return { exitCode: interrupted || done.reason === 'stopped' ? INTERRUPTED_EXIT_CODE : 0 };
}

/**
 * Points the project at its new weights. The file is read again first so edits made
 * while training (in the app, say) are kept; only `weights` changes.
 */
async function recordWeights(file: string, done: DoneEvent): Promise<void> {
  const current = await readProject(file);
  const updated: GraphDocument = {
    ...current,
    weights: { path: relativeToProject(file, done.savedTo!), savedAt: new Date().toISOString(), metrics: done.metrics },
  };
  await writeProject(file, updated);
}
