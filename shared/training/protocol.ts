import { z } from 'zod';
import { DatasetReferenceSchema } from '../data/reference';
import { GraphDocumentSchema } from '../graph/document';
import { TrainingConfigSchema } from '../graph/training-config';
import { SaidSchema } from '../said';
import { ProblemSchema } from '../graph/problem-schema';

/**
 * The messages between the host and the training worker. Both sides validate what they
 * receive with these schemas, so a process boundary never carries an unchecked object.
 *
 * Metric names in every event follow tfjs's `fit` logs: `loss`, `acc` (accuracy), `mae`,
 * `mse`, and the same on the validation split prefixed with `val_` (`val_loss`, `val_acc`).
 * Epochs and batches count from 1.
 */

// ---- host → worker -------------------------------------------------------------------

export const StartMessageSchema = z.object({
  type: z.literal('start'),
  document: GraphDocumentSchema,
  /** A CSV reference carries an absolute path: the worker has no project directory. */
  dataset: DatasetReferenceSchema,
  training: TrainingConfigSchema,
  /** Directory to write the trained model to (model.json + weights.bin). */
  saveTo: z.string().min(1).optional(),
  /**
   * When early stopping restores the best epoch's weights: write those here, and the weights
   * of the last epoch trained to `saveTo`. Without it, `saveTo` gets whatever the model ends with.
   */
  saveBestTo: z.string().min(1).optional(),
  /** After training, evaluate on the validation split and send an `evaluation` event before `done`. */
  evaluate: z.boolean().optional(),
  /** Run on this tfjs backend only (benchmarks); by default the fastest one that loads. */
  backend: z.enum(['tensorflow', 'wasm', 'cpu']).optional(),
});
/**
 * Before a run, when a GPU worker could train it too: a few batches of the real model on the
 * real data, timed, answered by a `calibration` event. The worker then waits for its `start`
 * (or is let go), so the winner does not pay its startup twice.
 */
export const CalibrateMessageSchema = z.object({
  type: z.literal('calibrate'),
  document: GraphDocumentSchema,
  dataset: DatasetReferenceSchema,
  training: TrainingConfigSchema,
  /** Wall time for the timed batches; the first (kernel or shader compile) batch is not counted. */
  budgetMs: z.number().int().min(50).max(30_000),
  /** Stop after this many timed batches even within the budget. */
  maxBatches: z.number().int().min(1).max(10_000).default(50),
});
export const PauseMessageSchema = z.object({ type: z.literal('pause') });
export const ResumeMessageSchema = z.object({ type: z.literal('resume') });
export const StopMessageSchema = z.object({ type: z.literal('stop') });
/** A GAN's two networks, each trained by its own optimizer. */
export const GAN_PLAYERS = ['discriminator', 'generator'] as const;
export type GanPlayer = (typeof GAN_PLAYERS)[number];
/**
 * While paused: run exactly one batch (a GAN: one iteration, k_D discriminator steps then k_G
 * generator steps) and halt again, sending its `batch` event (marked `stepped`) then `paused`.
 * With `player` (GAN runs only): one step of that network alone in the next batch's place.
 * Ignored while running.
 */
export const StepMessageSchema = z.object({ type: z.literal('step'), player: z.enum(GAN_PLAYERS).optional() });

export const WorkerRequestSchema = z.discriminatedUnion('type', [
  StartMessageSchema,
  CalibrateMessageSchema,
  PauseMessageSchema,
  ResumeMessageSchema,
  StopMessageSchema,
  StepMessageSchema,
]);
export type StartMessage = z.infer<typeof StartMessageSchema>;
export type CalibrateMessage = z.infer<typeof CalibrateMessageSchema>;
export type WorkerRequest = z.infer<typeof WorkerRequestSchema>;

// ---- worker → host -------------------------------------------------------------------

/** Metric name → value, e.g. `{ loss: 0.12, acc: 0.97, val_loss: 0.2, val_acc: 0.95 }`. */
export const MetricLogsSchema = z.record(z.string(), z.number());
export type MetricLogs = z.infer<typeof MetricLogsSchema>;

/** `tensorflow` (tfjs-node), `wasm` or `cpu`; `none` before one has been chosen. */
const backend = z.string().min(1);

export const ReadyEventSchema = z.object({
  type: z.literal('ready'),
  backend,
  /** Samples in the training and validation splits, and optimizer steps per epoch. */
  trainSamples: z.number().int().min(0),
  validationSamples: z.number().int().min(0),
  batchesPerEpoch: z.number().int().min(1),
  epochs: z.number().int().min(1),
  /**
   * A GAN run: its events log `d_loss`, `g_loss`, `d_real`, `d_fake` (and per epoch
   * `kl_divergence`, `js_divergence` for 2-D samples); `loss` is the discriminator's.
   */
  adversarial: z.literal(true).optional(),
});

export const BatchEventSchema = z.object({
  type: z.literal('batch'),
  backend,
  epoch: z.number().int().min(1),
  batch: z.number().int().min(1),
  batchesPerEpoch: z.number().int().min(1),
  /** Mean over the batches of this epoch so far (what a progress bar shows). */
  loss: z.number(),
  /** Training metrics, same averaging as `loss`. */
  metrics: MetricLogsSchema,
  learningRate: z.number(),
  samplesPerSecond: z.number().min(0),
  /**
   * The batch a `step` request ran while paused (`batch`; a GAN's one-player steps
   * `discriminator` / `generator`): the run stays paused, a `paused` event follows.
   */
  stepped: z.enum(['batch', ...GAN_PLAYERS]).optional(),
});

export const EpochEventSchema = z.object({
  type: z.literal('epoch'),
  backend,
  epoch: z.number().int().min(1),
  epochs: z.number().int().min(1),
  /** Training metrics averaged over the epoch plus `val_` metrics on the whole validation split. */
  logs: MetricLogsSchema,
  /** The rate used by the last step of the epoch. */
  learningRate: z.number(),
  /** Milliseconds since training started. */
  elapsedMs: z.number().min(0),
});

/**
 * The loop has halted after a pause request: sent once it finishes the batch in hand, so
 * nothing but this arrives between "pause" and "resume" (or a step's batch, then this again).
 * A batch event for the last batch done comes just before it when that batch was not yet
 * reported, so a halted run shows where it is. `batch` counts the batches of `epoch` already
 * done.
 */
export const PausedEventSchema = z.object({
  type: z.literal('paused'),
  backend,
  epoch: z.number().int().min(1),
  batch: z.number().int().min(0),
});

export const LogEventSchema = z.object({
  type: z.literal('log'),
  backend,
  level: z.enum(['info', 'warn']),
  message: z.string(),
});

export const DONE_REASONS = ['completed', 'stopped', 'early-stopped'] as const;

export const DoneEventSchema = z.object({
  type: z.literal('done'),
  backend,
  reason: z.enum(DONE_REASONS),
  /** Epochs fully trained. */
  epochs: z.number().int().min(0),
  /**
   * The final values: the last epoch's logs, or the best epoch's when early stopping
   * restored its weights. Empty when stopped before the first epoch ended.
   */
  metrics: MetricLogsSchema,
  /** With restore-best early stopping: the epoch whose weights the model ends with. */
  bestEpoch: z.number().int().min(1).optional(),
  elapsedMs: z.number().min(0),
  /** Where the trained model was written, when `saveTo` was given. */
  savedTo: z.string().optional(),
  /** Where the best epoch's weights were written, when early stopping restored them and `saveBestTo` was given. */
  savedBestTo: z.string().optional(),
});

/** How often each actual class (row) was predicted as each class (column), with per-class figures. */
export const ClassificationEvaluationSchema = z.object({
  kind: z.literal('classification'),
  /** The split evaluated: the validation split, or the training data when there is none. */
  split: z.enum(['validation', 'training']),
  samples: z.number().int().min(0),
  classNames: z.array(z.string()),
  /** confusionMatrix[actual][predicted] = number of samples. */
  confusionMatrix: z.array(z.array(z.number().int().min(0))),
  perClass: z.array(
    z.object({
      className: z.string(),
      /** Null when the model never predicted this class (precision is undefined then). */
      precision: z.number().nullable(),
      /** Null when the split has no sample of this class. */
      recall: z.number().nullable(),
      support: z.number().int().min(0),
    }),
  ),
  accuracy: z.number(),
});

/** Predicted against actual values for a regression target, at most a few hundred points. */
export const RegressionEvaluationSchema = z.object({
  kind: z.literal('regression'),
  split: z.enum(['validation', 'training']),
  samples: z.number().int().min(0),
  /** Output values per sample; the points cover all of them, sample by sample. */
  outputs: z.number().int().min(1),
  points: z.array(z.object({ actual: z.number(), predicted: z.number() })),
  mae: z.number(),
  rmse: z.number(),
  /** Coefficient of determination; null when the actual values do not vary. */
  r2: z.number().nullable(),
});

/**
 * A small picture of one sample, as bytes (base64): an image's values scaled from `range`
 * to 0..255, or a mask's class index per pixel. Row-major, channels last.
 */
export const SampleImageSchema = z.object({
  height: z.number().int().min(1).max(256),
  width: z.number().int().min(1).max(256),
  channels: z.number().int().min(1).max(4),
  /** Values as the model saw them: byte b stands for range[0] + b / 255 · (range[1] − range[0]); absent for a mask. */
  range: z.tuple([z.number(), z.number()]).optional(),
  bytes: z.string(),
});
export type SampleImage = z.infer<typeof SampleImageSchema>;

/**
 * An image output (an autoencoder's reconstruction, a U-Net's mask): a few samples of the
 * split with what the model read, what it should give and what it gave, and the figures
 * over the whole split. For a class-index mask target the target and the prediction are
 * masks (a class per pixel), shown over the input in class colours.
 */
export const ImagesEvaluationSchema = z.object({
  kind: z.literal('images'),
  split: z.enum(['validation', 'training']),
  samples: z.number().int().min(0),
  /** Set when the target is a mask: the class of each index. */
  classNames: z.array(z.string()).optional(),
  examples: z
    .array(
      z.object({
        /** The picture the model read (noise included); null when its input is not a picture. */
        input: SampleImageSchema.nullable(),
        target: SampleImageSchema,
        predicted: SampleImageSchema,
      }),
    )
    .max(16),
  /** Over the split: `mse`, `mae`, `psnr` for images; `pixelAccuracy`, `iou` (mean over classes present) for masks. */
  metrics: z.record(z.string(), z.number()),
});

/** A token at every position: a few samples with the tokens read, expected and predicted (padding left out). */
export const SequencesEvaluationSchema = z.object({
  kind: z.literal('sequences'),
  split: z.enum(['validation', 'training']),
  samples: z.number().int().min(0),
  /** Text of each target class index (the output's classes). */
  vocabulary: z.array(z.string()),
  /** Text of each input token id, when the input is tokens too; absent when it is the target's vocabulary or no tokens. */
  inputVocabulary: z.array(z.string()).optional(),
  examples: z
    .array(
      z.object({
        /** Token ids the model read (padding left out); null when its input is not tokens. */
        input: z.array(z.number().int()).nullable(),
        /** Expected and predicted class at each position that counts (padding left out), the same length. */
        target: z.array(z.number().int()),
        predicted: z.array(z.number().int()),
      }),
    )
    .max(16),
  /** Right tokens among the positions that count, over the split. */
  tokenAccuracy: z.number(),
  /** Samples whose every position that counts is right. */
  sequenceAccuracy: z.number(),
});

/** How one output did, by what it predicts. */
export const OutputEvaluationSchema = z.discriminatedUnion('kind', [
  ClassificationEvaluationSchema,
  RegressionEvaluationSchema,
  ImagesEvaluationSchema,
  SequencesEvaluationSchema,
]);
export type OutputEvaluation = z.infer<typeof OutputEvaluationSchema>;

/** One section per trained output, named as the model names it. */
export const OutputsEvaluationSchema = z.object({
  kind: z.literal('outputs'),
  sections: z.array(z.object({ output: z.string(), evaluation: OutputEvaluationSchema })).min(1),
});

/**
 * A run's evaluation: one output's (what runs have always recorded: a confusion matrix or a
 * scatter), or one section per output. Old run records hold the first form and still read.
 */
export const EvaluationSchema = z.discriminatedUnion('kind', [...OutputEvaluationSchema.options, OutputsEvaluationSchema]);
export type Evaluation = z.infer<typeof EvaluationSchema>;

/** The sections to show: a one-output evaluation is one section without a name. */
export function evaluationSections(evaluation: Evaluation): { output: string | null; evaluation: OutputEvaluation }[] {
  return evaluation.kind === 'outputs' ? evaluation.sections : [{ output: null, evaluation }];
}

/** What a prediction on new input needs to treat it as the training data was treated. */
export const ModelInputInfoSchema = z.object({
  featureNames: z.array(z.string()),
  /** Per-sample input shape the model takes, without the batch axis. */
  sampleShape: z.array(z.number().int().min(1)),
  /** x' = (x - offset) / scale per feature, as the dataset was normalized; absent when it was not. */
  normalization: z
    .object({ mode: z.enum(['standardize', 'minmax']), offset: z.array(z.number()), scale: z.array(z.number()) })
    .optional(),
  /** Class names in output order, for classifiers; empty otherwise. */
  classNames: z.array(z.string()),
  /**
   * Set when the input is a picture — an [height, width, channels] input, or a flat row the
   * first layer reshapes into one — so "try it" can offer a drawing pad instead of numbers.
   */
  image: z.object({ height: z.number().int().min(1), width: z.number().int().min(1), channels: z.number().int().min(1) }).optional(),
});
export type ModelInputInfo = z.infer<typeof ModelInputInfoSchema>;

export const EvaluationEventSchema = z.object({
  type: z.literal('evaluation'),
  backend,
  evaluation: EvaluationSchema,
  /** Null when try-it cannot feed the model (several inputs). */
  input: ModelInputInfoSchema.nullable(),
});

/** A point of a 2-D GAN's plane. */
const PointSchema = z.tuple([z.number(), z.number()]);

/**
 * A GAN's samples from one fixed batch of noise (the same noise all run, so the student sees
 * the same samples take form): sent before the first step (epoch 0) and after every epoch.
 * Image samples ([h, w, c]) come as pictures, any other shape as its values.
 */
export const GanSamplesEventSchema = z.object({
  type: z.literal('gan-samples'),
  backend,
  /** 0: the initial generator. */
  epoch: z.number().int().min(0),
  /** Iterations done (each k_D discriminator steps and k_G generator steps). */
  step: z.number().int().min(0),
  /** One generated sample's shape. */
  shape: z.array(z.number().int().min(1)),
  images: z.array(SampleImageSchema).optional(),
  values: z.array(z.array(z.number())).optional(),
});

/** Cells per side of the grid a 2-D GAN's discriminator is drawn on and its divergence counted on (GAN Lab's 30). */
export const GAN_PLANE_GRID = 30;
/** Points per side of the noise grid pushed through the generator to draw its manifold (GAN Lab's 20). */
export const GAN_MANIFOLD_GRID = 20;

/**
 * GAN Lab's views of a GAN whose samples are 2-D points: real and generated points, the
 * discriminator's probability "real" over the plane, the generator's manifold and the way the
 * generator's loss pushes each generated point. Sent with every epoch and at most about once
 * a second between.
 */
export const GanPlaneEventSchema = z.object({
  type: z.literal('gan-plane'),
  backend,
  epoch: z.number().int().min(0),
  step: z.number().int().min(0),
  /** The square the views cover: the real data's range with a margin, fixed for the run. */
  bounds: z.object({ xMin: z.number(), xMax: z.number(), yMin: z.number(), yMax: z.number() }),
  real: z.array(PointSchema),
  fake: z.array(PointSchema),
  /** For each fake point: −∂(its own generator loss)/∂(point), where the generator would move it (D in inference mode). */
  gradients: z.array(PointSchema),
  /** D's probability "real" in each cell of a GAN_PLANE_GRID² grid over `bounds`, row by row from yMin. */
  heat: z.array(z.number()),
  /**
   * The generator applied to a GAN_MANIFOLD_GRID² grid of noise over the noise's first two
   * values (the rest 0), row by row: neighbours joined draw the warped sheet.
   */
  manifold: z.array(PointSchema),
});

/** Why a GAN run looks stuck, in words a student can act on (the page says it in its language). */
export const GAN_ADVICE = ['discriminator-wins', 'mode-collapse'] as const;
export type GanAdvice = (typeof GAN_ADVICE)[number];
export const GanAdviceEventSchema = z.object({
  type: z.literal('gan-advice'),
  backend,
  epoch: z.number().int().min(1),
  advice: z.enum(GAN_ADVICE),
  /** The advice in English, for the CLI. */
  message: z.string(),
});

export const ErrorEventSchema = z.object({
  type: z.literal('error'),
  backend,
  /** For a person: what happened and what to do, in English. */
  message: z.string().min(1),
  /** The same as a message id and values, which the page says in the interface language. */
  said: SaidSchema.optional(),
  /** A graph that did not compile: its problems, which the page says as it says its own. */
  problems: z.array(ProblemSchema).optional(),
  /** Only for internal failures (a bug), never for a mistake in the project or data. */
  stack: z.string().optional(),
});

/** A worker's answer to `calibrate`. Only the host reads it; pages get the `device` event it leads to. */
export const CalibrationEventSchema = z.object({
  type: z.literal('calibration'),
  backend,
  /** Training samples a second over the timed batches (the first batch excluded). */
  samplesPerSecond: z.number().min(0),
  /** Timed batches. */
  batches: z.number().int().min(0),
  /** Time of the first, untimed batch (kernels, shaders, uploads). */
  warmupMs: z.number().min(0),
});
export type CalibrationEvent = z.infer<typeof CalibrationEventSchema>;

/** Where a tfjs run trains: the wasm worker process (cpu) or a GPU worker page (gpu). */
export const DEVICES = ['cpu', 'gpu'] as const;
/**
 * Why: the GPU measured faster; the CPU measured faster; there was no GPU worker (browser
 * mode without a GPU page, or a page without a GPU backend); the GPU is a software renderer
 * that lost to the CPU; or the person chose in the training settings.
 */
export const DEVICE_REASONS = ['gpu-faster', 'cpu-faster', 'no-gpu-worker', 'software-renderer', 'user-chose'] as const;
export type DeviceReason = (typeof DEVICE_REASONS)[number];

export const DeviceChoiceSchema = z.object({
  device: z.enum(DEVICES),
  /** The tfjs backend that trains: `wasm` (or `cpu`) on the CPU, `webgpu` or `webgl` on the GPU. */
  backend,
  reason: z.enum(DEVICE_REASONS),
  /** The GPU worker's backend and adapter (or WebGL renderer) name; null without a GPU worker. */
  gpu: z
    .object({
      backend: z.enum(['webgpu', 'webgl']),
      adapter: z.string(),
      /** A software rasterizer (SwiftShader, llvmpipe, WARP…): a GPU in name only. */
      software: z.boolean(),
    })
    .nullable(),
  /** Measured by calibration; null when that side was not measured. */
  gpuSamplesPerSecond: z.number().min(0).nullable(),
  cpuSamplesPerSecond: z.number().min(0).nullable(),
});
export type DeviceChoice = z.infer<typeof DeviceChoiceSchema>;

/** Sent by the host before `ready`: which device trains this run and why. */
export const DeviceEventSchema = z.object({
  type: z.literal('device'),
  backend,
  choice: DeviceChoiceSchema,
});

export const TrainingEventSchema = z.discriminatedUnion('type', [
  DeviceEventSchema,
  ReadyEventSchema,
  BatchEventSchema,
  EpochEventSchema,
  PausedEventSchema,
  LogEventSchema,
  EvaluationEventSchema,
  GanSamplesEventSchema,
  GanPlaneEventSchema,
  GanAdviceEventSchema,
  DoneEventSchema,
  ErrorEventSchema,
]);

export type DeviceEvent = z.infer<typeof DeviceEventSchema>;
export type ReadyEvent = z.infer<typeof ReadyEventSchema>;
export type BatchEvent = z.infer<typeof BatchEventSchema>;
export type EpochEvent = z.infer<typeof EpochEventSchema>;
export type PausedEvent = z.infer<typeof PausedEventSchema>;
export type LogEvent = z.infer<typeof LogEventSchema>;
export type EvaluationEvent = z.infer<typeof EvaluationEventSchema>;
export type DoneEvent = z.infer<typeof DoneEventSchema>;
export type ErrorEvent = z.infer<typeof ErrorEventSchema>;
export type GanSamplesEvent = z.infer<typeof GanSamplesEventSchema>;
export type GanPlaneEvent = z.infer<typeof GanPlaneEventSchema>;
export type GanAdviceEvent = z.infer<typeof GanAdviceEventSchema>;
export type TrainingEvent = z.infer<typeof TrainingEventSchema>;

/** Everything a worker sends: the run's events, and its answer to `calibrate`. */
export const WorkerEventSchema = z.discriminatedUnion('type', [...TrainingEventSchema.options, CalibrationEventSchema]);
export type WorkerEvent = z.infer<typeof WorkerEventSchema>;

/**
 * Batch events leave the worker at most this often; the last batch of an epoch always does.
 * Ten a second is more than charts that redraw once a second can show, and every event costs
 * the host and the page CPU that a two-core machine takes from training (bench:streaming-ui:
 * at 20 a second a streaming page cost ~10 % of the run's throughput, at 10 a second ~0–5 %).
 */
export const BATCH_EVENT_MIN_INTERVAL_MS = 100;

/** The accuracy metric is called `acc` in every event and log, as tfjs names it. */
export function metricKey(metric: string): string {
  return metric === 'accuracy' ? 'acc' : metric;
}

/**
 * A monitor name as a person may write it (`val_accuracy`, `val_species_accuracy`) → the key
 * in our logs (`val_acc`, `val_species_acc`).
 */
export function normalizeMonitor(monitor: string): string {
  return monitor.replace(/(^|_)accuracy$/, '$1acc');
}
