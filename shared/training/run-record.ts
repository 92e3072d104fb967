import { z } from 'zod';
import { DatasetReferenceSchema } from '../data/reference';
import { GraphDocumentSchema } from '../graph/document';
import { stepsTaken, TrainingConfigSchema } from '../graph/training-config';
import {
  DeviceChoiceSchema,
  DONE_REASONS,
  EvaluationSchema,
  GAN_ADVICE,
  GanPlaneEventSchema,
  GanSamplesEventSchema,
  MetricLogsSchema,
  ModelInputInfoSchema,
  type GanSamplesEvent,
  type TrainingEvent,
} from './protocol';

/**
 * One training run as the host keeps it: what was trained on what, every epoch and every
 * (coalesced) batch point, how it ended and how the model did. A saved project keeps its
 * runs in `<stem>.runs/<runId>/run.json` beside the project file, with the weights.
 */

export const RUN_RECORD_VERSION = 1;

export const RUN_STATUSES = ['running', 'paused', ...DONE_REASONS, 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RunBatchPointSchema = z.object({
  epoch: z.number().int().min(1),
  batch: z.number().int().min(1),
  /** Optimizer steps since the run began (stepsTaken). */
  step: z.number().int().min(1),
  loss: z.number(),
  metrics: MetricLogsSchema,
  learningRate: z.number(),
  samplesPerSecond: z.number(),
});
export type RunBatchPoint = z.infer<typeof RunBatchPointSchema>;

export const RunEpochPointSchema = z.object({
  epoch: z.number().int().min(1),
  logs: MetricLogsSchema,
  learningRate: z.number(),
  elapsedMs: z.number(),
});
export type RunEpochPoint = z.infer<typeof RunEpochPointSchema>;

/** A GAN's samples from its fixed noise after one epoch (0: the initial generator). */
export const RunGanSamplesSchema = GanSamplesEventSchema.omit({ type: true, backend: true });
export type RunGanSamples = z.infer<typeof RunGanSamplesSchema>;

/** A 2-D GAN's plane as last drawn: points, D's heat map, the manifold, the generator's gradients. */
export const RunGanPlaneSchema = GanPlaneEventSchema.omit({ type: true, backend: true });
export type RunGanPlane = z.infer<typeof RunGanPlaneSchema>;

/**
 * Sample grids kept per run: every epoch's up to this many, then evenly thinned (every 2nd,
 * 4th, … epoch, and always the latest). A grid is at most 64 small pictures (~1 KB each), so
 * a run keeps a few megabytes at most however long it trains.
 */
export const GAN_SAMPLE_EPOCHS_KEPT = 200;

/** What a GAN run adds to its record, for the views that watch it train and scrub back. */
export const RunGanSchema = z.object({
  /** By epoch, ascending; see GAN_SAMPLE_EPOCHS_KEPT. */
  samples: z.array(RunGanSamplesSchema),
  plane: RunGanPlaneSchema.nullable(),
  /** One entry per kind of advice the run gave, with the first and the last epoch it applied to. */
  advice: z.array(z.object({ advice: z.enum(GAN_ADVICE), firstEpoch: z.number().int().min(1), lastEpoch: z.number().int().min(1) })),
});
export type RunGan = z.infer<typeof RunGanSchema>;

/** The listing entry: enough for a runs table, without the curves and the graph. */
export const RunSummarySchema = z.object({
  id: z.string().min(1),
  /** The project file the run belongs to; null for a project not saved yet (kept in memory only). */
  projectPath: z.string().nullable(),
  projectName: z.string(),
  /** ISO 8601. */
  startedAt: z.string(),
  durationMs: z.number().min(0),
  /** The tfjs backend that trained (`wasm`, `cpu`, `tensorflow`); `none` before the worker chose. */
  backend: z.string(),
  status: z.enum(RUN_STATUSES),
  /** Epochs fully trained. */
  epochs: z.number().int().min(0),
  /** The values the model ends with (the best epoch's when early stopping restored it). */
  finalMetrics: MetricLogsSchema,
  bestEpoch: z.number().int().min(1).optional(),
  /** Why the run failed, for a person. */
  error: z.string().optional(),
  dataset: DatasetReferenceSchema,
  training: TrainingConfigSchema,
  /** Whether trained weights were kept, so predict, export and restore can use them. */
  hasWeights: z.boolean(),
  /** Where a tfjs run trained (CPU worker or GPU worker) and why; absent in runs from before the GPU worker. */
  device: DeviceChoiceSchema.optional(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const RunRecordSchema = RunSummarySchema.extend({
  version: z.literal(RUN_RECORD_VERSION),
  /** The graph as it was trained; predictions and exports rebuild the model from it. */
  document: GraphDocumentSchema,
  /** From the worker's `ready` event; null when it never got that far. */
  plan: z
    .object({
      trainSamples: z.number().int().min(0),
      validationSamples: z.number().int().min(0),
      batchesPerEpoch: z.number().int().min(1),
      epochs: z.number().int().min(1),
      /** A GAN run (its logs are d_loss, g_loss, d_real, d_fake); absent for any other. */
      adversarial: z.literal(true).optional(),
    })
    .nullable(),
  epochPoints: z.array(RunEpochPointSchema),
  batchPoints: z.array(RunBatchPointSchema),
  logs: z.array(z.object({ level: z.enum(['info', 'warn']), message: z.string() })),
  evaluation: EvaluationSchema.nullable(),
  /** How inputs to `predict` are treated (normalization, shape, class names); null without an evaluation. */
  input: ModelInputInfoSchema.nullable(),
  /**
   * Folders inside the run folder: `final` (the weights the last epoch trained ended with)
   * and, when early stopping restored the best epoch, `best`. Null when not written.
   */
  weights: z.object({ final: z.string().nullable(), best: z.string().nullable() }),
  /** A GAN run's samples, plane and advice; null for other runs (and absent in records from before GANs). */
  gan: RunGanSchema.nullable().default(null),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

export function summarizeRun(record: RunRecord): RunSummary {
  return RunSummarySchema.parse(record);
}

/** The part of a run record its events write: what the host knew before the run (id, project, document, settings) aside. */
export type RunProgress = Pick<
  RunRecord,
  'backend' | 'status' | 'device' | 'plan' | 'epochs' | 'finalMetrics' | 'bestEpoch' | 'error' | 'epochPoints' | 'batchPoints' | 'logs' | 'evaluation' | 'input' | 'weights' | 'hasWeights' | 'gan'
>;

const RUN_PROGRESS_KEYS = [
  'backend',
  'status',
  'device',
  'plan',
  'epochs',
  'finalMetrics',
  'bestEpoch',
  'error',
  'epochPoints',
  'batchPoints',
  'logs',
  'evaluation',
  'input',
  'weights',
  'hasWeights',
  'gan',
] as const satisfies readonly (keyof RunProgress)[];

/** A run before its first event: training, nothing measured yet. */
export function newRunProgress(): RunProgress {
  return {
    backend: 'none',
    status: 'running',
    // Named though absent, so that spreading a new run over an old one clears them.
    device: undefined,
    bestEpoch: undefined,
    error: undefined,
    plan: null,
    epochs: 0,
    finalMetrics: {},
    epochPoints: [],
    batchPoints: [],
    logs: [],
    evaluation: null,
    input: null,
    weights: { final: null, best: null },
    hasWeights: false,
    gan: null,
  };
}

/** The progress fields of `run` (a record, or a view's state that holds them) as an object of their own; the point arrays are shared. */
export function runProgressOf(run: RunProgress): RunProgress {
  const progress = {} as Record<keyof RunProgress, unknown>;
  for (const key of RUN_PROGRESS_KEYS) progress[key] = run[key];
  return progress as RunProgress;
}

/**
 * Writes one event of a run into its record: the host keeps the record this way and the page
 * follows a run with it, so both tell the same story. Points are appended in place (a long
 * run has 100,000 of them, and a view must not copy them per event); every other field that
 * changes gets a new value, so a view that compares fields sees it change.
 */
export function recordRunEvent(run: RunProgress, event: TrainingEvent): void {
  run.backend = event.backend;
  switch (event.type) {
    case 'device':
      run.device = event.choice;
      return;
    case 'ready':
      run.plan = {
        trainSamples: event.trainSamples,
        validationSamples: event.validationSamples,
        batchesPerEpoch: event.batchesPerEpoch,
        epochs: event.epochs,
        ...(event.adversarial ? { adversarial: true as const } : {}),
      };
      if (event.adversarial) run.gan = run.gan ?? emptyGan();
      return;
    case 'paused':
      if (run.status === 'running') run.status = 'paused';
      return;
    case 'batch':
      // No batch leaves a halted loop but a step's: any other means the run was resumed (perhaps from another page).
      if (run.status === 'paused' && !event.stepped) run.status = 'running';
      run.batchPoints.push({
        epoch: event.epoch,
        batch: event.batch,
        step: stepsTaken(event.epoch, event.batch, event.batchesPerEpoch),
        loss: event.loss,
        metrics: event.metrics,
        learningRate: event.learningRate,
        samplesPerSecond: event.samplesPerSecond,
      });
      return;
    case 'epoch':
      run.epochPoints.push({ epoch: event.epoch, logs: event.logs, learningRate: event.learningRate, elapsedMs: event.elapsedMs });
      run.epochs = event.epoch;
      run.finalMetrics = event.logs;
      return;
    case 'log':
      run.logs = [...run.logs, { level: event.level, message: event.message }];
      return;
    case 'evaluation':
      run.evaluation = event.evaluation;
      run.input = event.input;
      return;
    case 'done':
      run.status = event.reason;
      run.epochs = event.epochs;
      run.finalMetrics = event.metrics;
      if (event.bestEpoch !== undefined) run.bestEpoch = event.bestEpoch;
      run.weights = { final: event.savedTo ? 'final' : null, best: event.savedBestTo ? 'best' : null };
      run.hasWeights = Boolean(event.savedTo || event.savedBestTo);
      return;
    case 'error':
      run.status = 'failed';
      run.error = event.message;
      return;
    case 'gan-samples': {
      const gan = run.gan ?? emptyGan();
      run.gan = { ...gan, samples: keepSampleEpochs(gan.samples, samplesOf(event)) };
      return;
    }
    case 'gan-plane': {
      const { type: _type, backend: _backend, ...plane } = event;
      run.gan = { ...(run.gan ?? emptyGan()), plane };
      return;
    }
    case 'gan-advice': {
      const gan = run.gan ?? emptyGan();
      const known = gan.advice.find((a) => a.advice === event.advice);
      const advice = known
        ? gan.advice.map((a) => (a === known ? { ...a, lastEpoch: Math.max(a.lastEpoch, event.epoch) } : a))
        : [...gan.advice, { advice: event.advice, firstEpoch: event.epoch, lastEpoch: event.epoch }];
      run.gan = { ...gan, advice };
      return;
    }
  }
}

function emptyGan(): RunGan {
  return { samples: [], plane: null, advice: [] };
}

function samplesOf(event: GanSamplesEvent): RunGanSamples {
  const { type: _type, backend: _backend, ...samples } = event;
  return samples;
}

/**
 * `kept` with `latest` added (replacing a grid of the same epoch), thinned to at most
 * `limit` grids: the epochs on a stride (1, then 2, 4, … as the run grows) and the latest.
 * The stride follows from the latest epoch alone, so the host and the page keep the same grids.
 */
export function keepSampleEpochs(kept: readonly RunGanSamples[], latest: RunGanSamples, limit: number = GAN_SAMPLE_EPOCHS_KEPT): RunGanSamples[] {
  const all = [...kept.filter((s) => s.epoch < latest.epoch), latest];
  if (limit < 2) return [latest];
  let stride = 1;
  // Grids on the stride (epochs 0, s, 2s, … up to the latest) plus the latest itself.
  while (Math.floor(latest.epoch / stride) + 2 > limit) stride *= 2;
  return all.filter((s) => s === latest || s.epoch % stride === 0);
}
