import * as tf from '@tensorflow/tfjs';
import { CompileError, type CompiledModel } from '../compile/compile';
import { ganModels, type GanModels } from '../compile/gan-models';
import type { Dataset } from '../data/dataset';
import { datasetFields, describeFields } from '../data/fields';
import type { GraphAnalysis } from '../graph/analyze';
import type { GraphDocument } from '../graph/document';
import { ganDataProblems, ganRoles, type GanRoles } from '../graph/gan';
import type { GanConfig, TrainingConfig } from '../graph/training-config';
import { adversarialLosses } from './adversarial-losses';
import { ganWatch, type RealSamples } from './adversarial-watch';
import { noiseSize, trainingNoise } from './gan-noise';
import { trainLoop, type TrainingBatch, type TrainingDataSource, type TrainingOutcome, type TrainingStepFactory, type TrainOptions } from './loop';
import { createOptimizer } from './optimizers';
import { tabularDataSource } from './train';

/**
 * A GAN's run in the one training loop (loop.ts). An iteration is one batch of real samples
 * (the `real` field, batched and shuffled every epoch as any table run; no validation split).
 * As train.py must take them: the rows in the order splitIndices(count, 0, seed) gives (one
 * seeded shuffle of all of them), then in epoch e (from 1), with `shuffle`, those rows again
 * in the order shuffledIndices(count, seed + e); batch i is positions i·batchSize onwards.
 * Then:
 *
 * 1. k_D = discriminatorSteps discriminator steps on that real batch. Each draws b × noiseSize
 *    training noise (gan-noise.ts; b the real batch's size), makes a fake batch with G in
 *    training mode outside the gradient (no gradient reaches G), applies D in training mode to
 *    the real batch, then separately to the fake batch, and steps D's optimizer on d_loss with
 *    D's trainable weights only.
 * 2. k_G = generatorSteps generator steps: each draws b × noiseSize noise, applies G then D (both
 *    in training mode, so BatchNormalization uses the batch's statistics, as Keras's and
 *    PyTorch's DCGANs do) and steps G's optimizer on g_loss with G's trainable weights only.
 *
 * The minimized values include each player's weight penalties (its layers' regularizers) and
 * are what the events report. An iteration reports d_loss, d_real and d_fake as the means over
 * its k_D steps and g_loss as the mean over its k_G steps; batch events and epoch logs average
 * iterations weighted by their real batch's size, as every run's loop does. `loss` is d_loss.
 * Each player has its own optimizer (createOptimizer with its β1) at a constant rate.
 *
 * A paused run's step (GAN Lab's buttons) is one iteration, or one player's step alone in an
 * iteration's place: one D step on that slot's real batch (G untouched), or one G step of the
 * batch's size (D untouched). Either counts as a batch of the epoch, and its event reports the
 * other player as it stands: g_loss (or d_loss, d_real, d_fake) of a fresh noise batch against
 * the networks after the step, without training them, so both losses always say where the game
 * is. Those scores draw their noise from the training stream, so a stepped run's noise differs
 * from an unstepped one's after the first lone step; BatchNormalization's moving statistics
 * follow every pass in training mode, as in any iteration.
 */

export interface AdversarialRun {
  models: GanModels;
  roles: GanRoles;
  gan: GanConfig;
}

/** The players of a GAN document, or a CompileError with the problems validation says of its marks and shapes. */
export function checkedGanRoles(doc: GraphDocument, analysis: GraphAnalysis, gan: GanConfig): GanRoles {
  const { roles, problems } = ganRoles(doc, analysis, gan);
  if (!roles) throw new CompileError(problems);
  return roles;
}

/**
 * The two networks of a GAN document in its compiled model, or a CompileError with the
 * problems validation says (its marks, its shapes, the real samples against the generator's).
 */
export function adversarialRun(doc: GraphDocument, compiled: Pick<CompiledModel, 'analysis' | 'symbolic'>, data: Dataset, gan: GanConfig): AdversarialRun {
  const roles = checkedGanRoles(doc, compiled.analysis, gan);
  const dataProblems = ganDataProblems(doc, roles, gan, describeFields(datasetFields(data)));
  if (dataProblems.length) throw new CompileError(dataProblems);
  return { models: ganModels(compiled, roles), roles, gan };
}

/** The real samples as the loop's batches: the table source on the `real` field alone, every sample training. */
export function realSamplesSource(run: AdversarialRun, data: Dataset, config: TrainingConfig): TrainingDataSource {
  return tabularDataSource(run.models.discriminator, data, { ...config, validationSplit: 0 }, { inputs: [{ index: 0, field: run.gan.real }], outputs: [] });
}

/** The weights `model` trains, as the variables an optimizer steps. */
function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** `loss` plus the regularization penalties of `model`'s layers, as model.fit adds them. */
function withPenalties(loss: tf.Scalar, model: tf.LayersModel): tf.Scalar {
  let total = loss;
  for (const penalty of model.calculateLosses()) total = tf.add(total, penalty);
  return total;
}

function meanOf(scalars: tf.Scalar[]): tf.Scalar {
  return scalars.length === 1 ? scalars[0]! : (tf.mean(tf.stack(scalars)) as tf.Scalar);
}

/** Log keys of an adversarial step's values, after `loss` (= d_loss). */
export const ADVERSARIAL_LOG_KEYS = ['d_loss', 'g_loss', 'd_real', 'd_fake'] as const;

/** The two players with their optimizers and the run's training noise: one D step or one G step at a time. */
export interface AdversarialTrainer {
  /**
   * One discriminator step on the batch of real samples `real` against a fresh fake batch of
   * the same size; d_loss and D's mean opinions of both batches, on the backend. Call it
   * inside a tidy.
   */
  discriminatorStep(real: tf.Tensor): { loss: tf.Scalar; real: tf.Scalar; fake: tf.Scalar };
  /** One generator step on a fresh noise batch of `rows`; g_loss, on the backend. Call it inside a tidy. */
  generatorStep(rows: number): tf.Scalar;
  /** What `discriminatorStep` reports, without stepping: D as it is now on `real` and a fresh fake batch. Inside a tidy. */
  discriminatorScores(real: tf.Tensor): { loss: tf.Scalar; real: tf.Scalar; fake: tf.Scalar };
  /** What `generatorStep` reports, without stepping: g_loss of a fresh noise batch of `rows`. Inside a tidy. */
  generatorLoss(rows: number): tf.Scalar;
  dispose(): void;
}

export function adversarialTrainer(run: AdversarialRun, seed: number): AdversarialTrainer {
  const { models, roles, gan } = run;
  const { generator, discriminator } = models;
  const losses = adversarialLosses({ loss: gan.loss, ends: roles.discriminatorEnds, labelSmoothing: gan.labelSmoothing });
  const discriminatorOptimizer = createOptimizer(gan.discriminatorOptimizer);
  const generatorOptimizer = createOptimizer(gan.generatorOptimizer);
  const discriminatorWeights = trainableVariables(discriminator);
  const generatorWeights = trainableVariables(generator);
  const drawNoise = trainingNoise(seed, gan.noise, noiseSize(roles.noiseShape));
  const noiseBatch = (rows: number) => tf.tensor(drawNoise(rows), [rows, ...roles.noiseShape]);
  // Both players in training mode, as in the steps, so a score without a step reads as theirs.
  const fakeBatch = (rows: number) => generator.apply(noiseBatch(rows), { training: true }) as tf.Tensor;
  const judge = (real: tf.Tensor, fake: tf.Tensor) =>
    losses.discriminator(discriminator.apply(real, { training: true }) as tf.Tensor, discriminator.apply(fake, { training: true }) as tf.Tensor);
  const generatorObjective = (noise: tf.Tensor) =>
    withPenalties(losses.generator(discriminator.apply(generator.apply(noise, { training: true }) as tf.Tensor, { training: true }) as tf.Tensor), generator);
  return {
    discriminatorStep(real) {
      // Made outside the gradient: nothing of d_loss reaches the generator.
      const fake = fakeBatch(real.shape[0]!);
      let opinions: tf.Scalar[] = [];
      const loss = discriminatorOptimizer.minimize(
        () => {
          const scores = judge(real, fake);
          // Kept past the gradient scope; handed back to the caller's tidy below.
          opinions = [tf.keep(scores.real), tf.keep(scores.fake)];
          return withPenalties(scores.loss, discriminator);
        },
        true,
        discriminatorWeights,
      )!;
      // Copies the caller's tidy tracks, so the kept originals can go now.
      const [realOpinion, fakeOpinion] = opinions.map((t) => t.clone());
      tf.dispose(opinions);
      return { loss, real: realOpinion!, fake: fakeOpinion! };
    },
    generatorStep(rows) {
      const noise = noiseBatch(rows);
      return generatorOptimizer.minimize(() => generatorObjective(noise), true, generatorWeights)!;
    },
    discriminatorScores(real) {
      const scores = judge(real, fakeBatch(real.shape[0]!));
      return { loss: withPenalties(scores.loss, discriminator), real: scores.real, fake: scores.fake };
    },
    generatorLoss: (rows) => generatorObjective(noiseBatch(rows)),
    dispose() {
      discriminatorOptimizer.dispose();
      generatorOptimizer.dispose();
    },
  };
}

/**
 * The loop's step for a GAN (see the module comment). With the `real` samples it also sends
 * what a student watches (adversarial-watch.ts): gan-samples, gan-plane, gan-advice and the
 * per-epoch divergence of 2-D samples; without them (a calibration) it only trains.
 */
export function adversarialStep(run: AdversarialRun, { real }: { real?: RealSamples } = {}): TrainingStepFactory {
  return ({ config, emit, backend }) => {
    const { gan } = run;
    const trainer = adversarialTrainer(run, config.seed);
    const watch = real ? ganWatch(run, real, config.seed, { emit, backend }) : null;
    /** `dSteps` D steps then `gSteps` G steps on the batch; a player given none is scored as it stands. */
    const iterate = (makeBatch: () => TrainingBatch, dSteps: number, gSteps: number) => {
      let size = 0;
      const values = tf.tidy(() => {
        const batch = makeBatch();
        size = batch.size;
        const real = batch.inputs as tf.Tensor;
        const d = Array.from({ length: dSteps }, () => trainer.discriminatorStep(real));
        const gLosses = Array.from({ length: gSteps }, () => trainer.generatorStep(size));
        if (!d.length) d.push(trainer.discriminatorScores(real));
        if (!gLosses.length) gLosses.push(trainer.generatorLoss(size));
        const dLoss = meanOf(d.map((s) => s.loss));
        return tf.stack([dLoss, dLoss, meanOf(gLosses), meanOf(d.map((s) => s.real)), meanOf(d.map((s) => s.fake))]) as tf.Tensor1D;
      });
      return { values, size };
    };
    return {
      values: ADVERSARIAL_LOG_KEYS.map((key) => ({ key })),
      adversarial: true,
      mustStayFinite: [0, 2],
      stuckLossDiverges: false,
      learningRateAt: () => gan.discriminatorOptimizer.learningRate,
      run: (makeBatch) => iterate(makeBatch, gan.discriminatorSteps, gan.generatorSteps),
      // One player's step alone; the other's values are its scores now, taken after the step
      // on fresh noise without training it, so d_loss and g_loss always say where both stand.
      runPlayer: (player, makeBatch) => (player === 'discriminator' ? iterate(makeBatch, 1, 0) : iterate(makeBatch, 0, 1)),
      ...(watch
        ? {
            started: () => watch.show(0, 0),
            afterBatch: (epoch: number, batchesDone: number, stepped: boolean) =>
              stepped ? watch.showPlane(epoch, batchesDone) : watch.showPlaneEverySecond(epoch, batchesDone),
            epochLogs: () => watch.divergence(),
            afterEpoch: (epoch: number, logs: Record<string, number>, batchesDone: number) => {
              watch.show(epoch, batchesDone);
              watch.advise(epoch, logs);
            },
          }
        : {}),
      dispose() {
        trainer.dispose();
        watch?.dispose();
      },
    };
  };
}

/**
 * Trains a GAN document's compiled `model` (both networks) on the real samples of `data`.
 * Early stopping does not apply: there is no validation loss, and neither player's loss says
 * when a GAN is done.
 */
export function trainAdversarially(model: tf.LayersModel, run: AdversarialRun, data: Dataset, config: TrainingConfig, options: TrainOptions): Promise<TrainingOutcome> {
  const field = datasetFields(data)[run.gan.real]!;
  const real = { values: field.values, count: field.shape[0]! };
  const settings: TrainingConfig = { ...config, validationSplit: 0, earlyStopping: { ...config.earlyStopping, enabled: false } };
  return trainLoop(model, realSamplesSource(run, data, settings), settings, options, adversarialStep(run, { real }));
}
