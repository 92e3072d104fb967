import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { compileGraph, type CompiledModel } from '../../shared/compile/compile';
import { createRandom, type Dataset } from '../../shared/data/dataset';
import { DatasetReferenceSchema } from '../../shared/data/reference';
import type { GraphDocument } from '../../shared/graph/document';
import { TrainingConfigSchema, type GanConfig, type TrainingConfig } from '../../shared/graph/training-config';
import { seedMathRandom } from '../../shared/layers/seed';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { adversarialRun, trainAdversarially, type AdversarialRun } from '../../shared/training/adversarial';
import { drawNoise } from '../../shared/training/gan-noise';
import type { ProgressEvent, TrainingOutcome } from '../../shared/training/loop';
import { loadDataset, resolveDatasetPath } from '../node/load-dataset';
import { readProject } from '../node/project-files';
import { selectBackend } from './backend';
import { registerFastPath } from './fast-path';
import { EXAMPLES_DIR } from './template-run';

export interface GanTemplateOptions {
  /** Training settings that differ from the template's (fewer epochs in a short test). */
  training?: Partial<TrainingConfig>;
  /** Train on the first `samples` real samples only (a few iterations in a test). */
  samples?: number;
  /** Told every event of the run as it goes. */
  onEvent?: (event: ProgressEvent) => void;
}

export interface GanTemplateRun {
  doc: GraphDocument;
  training: TrainingConfig;
  gan: GanConfig;
  compiled: CompiledModel;
  data: Dataset;
  run: AdversarialRun;
  outcome: TrainingOutcome;
  /** Wall-clock seconds of the training itself (data loading and compiling left out). */
  seconds: number;
}

function firstSamples(data: Dataset, count: number): Dataset {
  const n = Math.min(count, data.xShape[0] ?? 0);
  const xSize = data.x.length / (data.xShape[0] || 1);
  const ySize = data.y.length / (data.yShape[0] || 1);
  return { ...data, x: data.x.slice(0, n * xSize), xShape: [n, ...data.xShape.slice(1)], y: data.y.slice(0, n * ySize), yShape: [n, ...data.yShape.slice(1)] };
}

/**
 * Trains a GAN template of examples/ as the training worker does (shared/training/runner.ts):
 * Math.random seeded from the template's seed for the whole run, the dataset loaded without a
 * validation split, the two networks of the compiled graph trained against each other by
 * trainAdversarially, on the single-threaded wasm backend the app uses by default.
 */
export async function trainGanTemplate(file: string, options: GanTemplateOptions = {}): Promise<GanTemplateRun> {
  await registerFastPath();
  const backend = await selectBackend('wasm', { wasmThreads: 0 });
  const stored = await readProject(path.join(EXAMPLES_DIR, file));
  const dataset = resolveDatasetPath(DatasetReferenceSchema.parse(stored.dataset), EXAMPLES_DIR);
  const training = TrainingConfigSchema.parse({ ...stored.training, ...options.training });
  const gan = training.gan;
  if (!gan) throw new Error(`${file} is not a GAN: it has no training.gan`);
  const doc: GraphDocument = { ...stored, dataset, training };
  const restore = seedMathRandom(training.seed);
  try {
    const compiled = compileGraph(doc, tfjsCatalog);
    const loaded = await loadDataset(dataset, { ...training, validationSplit: 0 }, null);
    const data = options.samples ? firstSamples(loaded, options.samples) : loaded;
    const run = adversarialRun(doc, compiled, data, gan);
    const started = performance.now();
    const outcome = await trainAdversarially(compiled.model, run, data, training, { backend, onEvent: options.onEvent });
    return { doc, training, gan, compiled, data, run, outcome, seconds: (performance.now() - started) / 1000 };
  } finally {
    restore();
  }
}

/**
 * `count` samples of the trained generator in inference mode from noise drawn row-major from
 * `createRandom(seed)`: what `nnd generate FILE -n count --seed seed` draws from the same weights.
 */
export function generatorSamples(run: Pick<GanTemplateRun, 'run' | 'gan'>, count: number, seed: number): tf.Tensor {
  const { generator } = run.run.models;
  const noise = drawNoise(createRandom(seed), run.gan.noise, count, run.run.roles.noiseShape.reduce((a, b) => a * b, 1));
  return tf.tidy(() => generator.predict(tf.tensor(noise, [count, ...run.run.roles.noiseShape])) as tf.Tensor);
}
