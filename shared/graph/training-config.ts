import { z } from 'zod';

export const OPTIMIZERS = ['sgd', 'momentum', 'adam', 'adamax', 'rmsprop', 'adagrad', 'adadelta'] as const;
export const LOSSES = [
  'mse',
  'mae',
  'huber',
  'binaryCrossentropy',
  'categoricalCrossentropy',
  'sparseCategoricalCrossentropy',
] as const;
/**
 * `accuracy` fits the loss (classes, one 0/1 unit, a class at every position or pixel);
 * `iou` and `dice` compare predicted and target masks; `psnr` scores a reconstructed image
 * (values in 0..1); `perplexity` is e^(crossentropy) of a language model.
 */
export const METRICS = ['accuracy', 'mae', 'mse', 'iou', 'dice', 'psnr', 'perplexity'] as const;
export type MetricName = (typeof METRICS)[number];
export type LossName = (typeof LOSSES)[number];
/** tfjs: the built-in worker, nothing to install. pytorch: a local Python with torch runs the exported train.py. */
export const ENGINES = ['tfjs', 'pytorch'] as const;
export type TrainingEngine = (typeof ENGINES)[number];
/**
 * Where the tfjs engine trains: `auto` times a few batches on the GPU worker (where the
 * desktop app has one) and on the CPU and takes the faster; `cpu` and `gpu` decide outright.
 */
export const DEVICE_PREFERENCES = ['auto', 'cpu', 'gpu'] as const;
export type DevicePreference = (typeof DEVICE_PREFERENCES)[number];

export const LearningRateScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }),
  /** lr · factor^floor(epoch / everyEpochs) */
  z.object({
    kind: z.literal('step'),
    factor: z.number().positive().max(1).default(0.5),
    everyEpochs: z.number().int().min(1).default(10),
  }),
  /** lr · rate^(step / decaySteps), continuous in the batch step */
  z.object({
    kind: z.literal('exponential'),
    rate: z.number().positive().max(1).default(0.96),
    decaySteps: z.number().int().min(1).default(100),
  }),
  /** half a cosine from lr down to lr · minFactor over the whole run */
  z.object({ kind: z.literal('cosine'), minFactor: z.number().min(0).max(1).default(0) }),
]);
export type LearningRateSchedule = z.infer<typeof LearningRateScheduleSchema>;

export const EarlyStoppingSchema = z.object({
  enabled: z.boolean().default(false),
  monitor: z.string().default('val_loss'),
  patience: z.number().int().min(0).default(5),
  minDelta: z.number().min(0).default(0),
  restoreBest: z.boolean().default(true),
});

/**
 * Corrupts an input on the way into the model (in training and validation, never in the
 * target): what makes an autoencoder a denoising one.
 */
export const InputNoiseSchema = z.discriminatedUnion('kind', [
  /** x + N(0, std²), per value. */
  z.object({ kind: z.literal('gaussian'), std: z.number().positive().max(10) }),
  /** Each value set to 0 with probability `rate`. */
  z.object({ kind: z.literal('mask'), rate: z.number().gt(0).lt(1) }),
]);
export type InputNoise = z.infer<typeof InputNoiseSchema>;

/** An Input node fed from a field of the dataset (`x` — the features — unless said otherwise). */
export const InputBindingSchema = z.object({
  field: z.string().min(1),
  noise: InputNoiseSchema.optional(),
});
export type InputBinding = z.infer<typeof InputBindingSchema>;

/**
 * A model output trained against a field of the dataset, as Keras's
 * `compile(loss={name: …}, loss_weights={name: …}, metrics={name: […]})`: the run minimizes
 * the weighted sum of the outputs' losses.
 */
export const OutputObjectiveSchema = z.object({
  /** A dataset field: `y` (the label), another label column, `x` (the input itself: an autoencoder), a mask… */
  target: z.string().min(1),
  loss: z.enum(LOSSES),
  weight: z.number().min(0).max(1000).default(1),
  metrics: z.array(z.enum(METRICS)).default([]),
});
export type OutputObjective = z.infer<typeof OutputObjectiveSchema>;
export type OutputObjectiveInput = z.input<typeof OutputObjectiveSchema>;

/** How the two players of a GAN score each other (see shared/training/adversarial-losses.ts). */
export const GAN_LOSSES = ['non-saturating', 'least-squares', 'hinge'] as const;
export type GanLoss = (typeof GAN_LOSSES)[number];
/** The generator's noise: N(0, 1) or U(−1, 1) per value. */
export const NOISE_DISTRIBUTIONS = ['normal', 'uniform'] as const;
export type NoiseDistribution = (typeof NOISE_DISTRIBUTIONS)[number];

/** One player's optimizer: a GAN trains its generator and its discriminator each with its own. */
export const GanOptimizerSchema = z.object({
  optimizer: z.enum(OPTIMIZERS).default('adam'),
  learningRate: z.number().positive().default(0.0002),
  /**
   * Adam's (and Adamax's) β1. DCGAN's 0.5 rather than 0.9: with less momentum neither player
   * keeps running after a target the other has already moved.
   */
  beta1: z.number().min(0).lt(1).default(0.5),
});
export type GanOptimizer = z.infer<typeof GanOptimizerSchema>;

/** A node of the graph by id: one end of a GAN player. */
const PlayerSchema = z.object({ input: z.string().min(1), output: z.string().min(1) });

/**
 * A GAN: the graph holds two unconnected networks. The generator turns noise (its Input
 * node's shape sets the noise size) into a sample; the discriminator reads a sample, real
 * (the dataset field `real`) or generated, and ends in one logit or probability. Each
 * iteration takes a batch of real samples, makes `discriminatorSteps` discriminator steps on
 * it against fresh fakes, then `generatorSteps` generator steps; GAN Lab's k_D and k_G.
 */
export const GanConfigSchema = z.object({
  generator: PlayerSchema,
  discriminator: PlayerSchema,
  noise: z.enum(NOISE_DISTRIBUTIONS).default('normal'),
  /** The dataset field of real samples (`x`: the images of a digit set, the points of a 2-D set). */
  real: z.string().min(1).default('x'),
  loss: z.enum(GAN_LOSSES).default('non-saturating'),
  discriminatorSteps: z.number().int().min(1).max(20).default(1),
  generatorSteps: z.number().int().min(1).max(20).default(1),
  /** One-sided label smoothing: real samples are labelled 1 − s for the discriminator (Salimans et al. 2016). */
  labelSmoothing: z.number().min(0).max(0.5).default(0),
  discriminatorOptimizer: GanOptimizerSchema.default({ optimizer: 'adam', learningRate: 0.0002, beta1: 0.5 }),
  generatorOptimizer: GanOptimizerSchema.default({ optimizer: 'adam', learningRate: 0.0002, beta1: 0.5 }),
});
export type GanConfig = z.infer<typeof GanConfigSchema>;
export type GanConfigInput = z.input<typeof GanConfigSchema>;

export const TrainingConfigSchema = z.object({
  engine: z.enum(ENGINES).default('tfjs'),
  device: z.enum(DEVICE_PREFERENCES).default('auto'),
  optimizer: z.enum(OPTIMIZERS).default('adam'),
  learningRate: z.number().positive().default(0.01),
  /** Only for `momentum`. */
  momentum: z.number().min(0).max(1).default(0.9),
  schedule: LearningRateScheduleSchema.default({ kind: 'constant' }),
  loss: z.enum(LOSSES).default('categoricalCrossentropy'),
  metrics: z.array(z.enum(METRICS)).default(['accuracy']),
  /**
   * Input node id → the dataset field it reads. Optional: with one Input and no binding it
   * reads `x`; several Inputs read the fields named like them.
   */
  inputs: z.record(z.string(), InputBindingSchema).optional(),
  /**
   * Output node id → its objective. Optional: with one output and no objective it trains
   * against `y` with `loss` and `metrics` above; several outputs train against the fields
   * named like them.
   */
  outputs: z.record(z.string(), OutputObjectiveSchema).optional(),
  /**
   * Marks the document a GAN and trains it adversarially; `optimizer`, `learningRate`, `loss`,
   * `metrics`, `inputs`, `outputs` and `validationSplit` above then do not apply (each player has its own).
   */
  gan: GanConfigSchema.optional(),
  epochs: z.number().int().min(1).default(20),
  batchSize: z.number().int().min(1).default(32),
  validationSplit: z.number().min(0).lt(1).default(0.2),
  shuffle: z.boolean().default(true),
  seed: z.number().int().default(42),
  earlyStopping: EarlyStoppingSchema.default({
    enabled: false,
    monitor: 'val_loss',
    patience: 5,
    minDelta: 0,
    restoreBest: true,
  }),
});
export type TrainingConfig = z.infer<typeof TrainingConfigSchema>;
export type TrainingConfigInput = z.input<typeof TrainingConfigSchema>;

export function defaultTrainingConfig(): TrainingConfig {
  return TrainingConfigSchema.parse({});
}

/** The seed's rule: one pass over the data takes ceil(samples / batch) optimizer steps. */
export function stepsPerEpoch(samples: number, batchSize: number): number {
  return Math.ceil(samples / batchSize);
}

/**
 * Optimizer steps the run has taken once `batch` batches of epoch `epoch` are done (epochs
 * count from 1): the step a batch event is plotted at, the progress bar's count, and, given
 * the batches done before one, that batch's index for the learning-rate schedule.
 */
export function stepsTaken(epoch: number, batch: number, batchesPerEpoch: number): number {
  return (epoch - 1) * batchesPerEpoch + batch;
}

/**
 * The learning rate for a given optimizer step. Pure so the chart, the worker and the
 * exporters agree; `step` counts batches from 0 across the whole run.
 */
export function learningRateAt(
  config: Pick<TrainingConfig, 'learningRate' | 'schedule' | 'epochs'>,
  step: number,
  steps: number,
): number {
  const lr = config.learningRate;
  const s = config.schedule;
  switch (s.kind) {
    case 'constant':
      return lr;
    case 'step':
      return lr * Math.pow(s.factor, Math.floor(Math.floor(step / steps) / s.everyEpochs));
    case 'exponential':
      return lr * Math.pow(s.rate, step / s.decaySteps);
    case 'cosine': {
      const total = Math.max(1, config.epochs * steps);
      const progress = Math.min(1, step / total);
      const min = lr * s.minFactor;
      return min + 0.5 * (lr - min) * (1 + Math.cos(Math.PI * progress));
    }
  }
}
