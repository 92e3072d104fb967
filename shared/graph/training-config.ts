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
export const METRICS = ['accuracy', 'mae', 'mse'] as const;
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
