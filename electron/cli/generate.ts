import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CompileError, type CompiledModel } from '../../shared/compile/compile';
import { ganModels } from '../../shared/compile/gan-models';
import { createRandom } from '../../shared/data/dataset';
import type { TextDatasetReference } from '../../shared/data/text';
import type { Problem } from '../../shared/graph/analyze';
import type { GraphDocument } from '../../shared/graph/document';
import { ganRoles, type GanRoles } from '../../shared/graph/gan';
import type { GanConfig } from '../../shared/graph/training-config';
import { drawNoise, noiseSize } from '../../shared/training/gan-noise';
import { generateText } from '../../shared/training/sequence-inspection';
import { ModelExportError, modelWithExportWeights } from '../host/model-export';
import { textDataAt, TextFileUnreadableError } from '../host/sequence-inspection';
import { readProject, resolveFromProject } from '../node/project-files';
import { CliError } from './errors';
import { encodePng, imageGrid, pictureKind, pointScatter } from './sample-picture';
import { formatProblem } from './validate';

export interface GenerateOptions {
  /** Text the samples continue. */
  prompt: string;
  /** How many samples. */
  n: number;
  /** Seed of the sampling: for text sample k draws with seed + k (default 1); for a GAN it draws the noise (default the project's seed). */
  seed?: number;
  /** Tokens written per sample. */
  length: number;
  /** 0: always the likeliest token; above 0 samples, sharper below 1 and more surprising above. */
  temperature: number;
  /** The text-only flags given (`--prompt`, …): a GAN refuses them rather than ignore them. */
  textFlags?: string[];
  /** Where -o draws the samples: a GAN's only, so text refuses it before writing anything. */
  out?: string;
}

/** The seed text is sampled with when --seed is not given. */
export const DEFAULT_TEXT_SEED = 1;

export type Generated = GeneratedText | GeneratedSamples;

export interface GeneratedText {
  kind: 'text';
  /** The prompt the samples continue. */
  prompt: string;
  /** What each sample wrote after the prompt. */
  samples: string[];
  weights: 'trained' | 'initial';
}

/** A GAN generator's samples. */
export interface GeneratedSamples {
  kind: 'samples';
  /** One sample's shape. */
  shape: number[];
  /** How many samples. */
  count: number;
  /** Every sample's values, row-major, one after the other. */
  values: Float32Array;
  weights: 'trained' | 'initial';
}

/** What a project generates with: a next-token text model, or a GAN's generator. */
type Generator = { kind: 'text'; dataset: TextDatasetReference } | { kind: 'gan'; gan: GanConfig };

function generatorOf(doc: GraphDocument, file: string): Generator {
  if (doc.training.gan) return { kind: 'gan', gan: doc.training.gan };
  const dataset = doc.dataset;
  if (dataset?.kind === 'text' && dataset.task === 'next-token') return { kind: 'text', dataset };
  const trainsOn = !dataset
    ? 'it has no dataset'
    : dataset.kind === 'text'
      ? `its text dataset has task "${dataset.task}"`
      : `it trains on a ${dataset.kind} dataset`;
  throw new CliError(
    `${file} is neither a GAN nor a next-token model (${trainsOn}): nnd generate samples a GAN's generator, or writes text with a model trained on a text dataset with task "next-token"`,
  );
}

function refuseProblems(file: string, problems: readonly Problem[], warn: (line: string) => void): never {
  for (const p of problems) warn(formatProblem(p));
  throw new CliError(`${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'} — fix them before generating (nnd validate lists them)`);
}

/**
 * `nnd generate`: the project's model with its saved weights (`nnd train --save`), or the
 * initial ones drawn from its seed when it has none, writing `n` samples. The caller prints them.
 */
export async function generateFromProjectFile(file: string, options: GenerateOptions, warn: (line: string) => void): Promise<Generated> {
  tf.enableProdMode(); // silences tfjs's "install tfjs-node" banner on stderr
  const doc = await readProject(file);
  const generator = generatorOf(doc, file);
  if (generator.kind === 'gan' && options.textFlags?.length) throw new CliError(`${options.textFlags.join(', ')}: for text models only, and ${file} is a GAN`);
  if (generator.kind === 'text' && options.out) throw new CliError(`${file} writes text: -o draws a GAN's samples as a picture; text samples print on stdout`);
  const weightsDir = doc.weights ? resolveFromProject(file, doc.weights.path) : null;
  let compiled: CompiledModel;
  try {
    compiled = await modelWithExportWeights(doc, weightsDir);
  } catch (err) {
    if (err instanceof CompileError) refuseProblems(file, err.problems, warn);
    if (err instanceof ModelExportError) throw new CliError(`${file}: ${err.message}`);
    throw err;
  }
  const { model } = compiled;
  try {
    // The roles are checked before a word about the weights: a GAN whose players cannot be found generates nothing.
    const roles = generator.kind === 'gan' ? rolesOf(doc, compiled, generator.gan, file, warn) : null;
    const weights = weightsDir ? 'trained' : 'initial';
    if (!weightsDir) warn(`${file} has no trained weights (nnd train --save records them): generating with its initial weights (seed ${doc.training.seed})`);
    switch (generator.kind) {
      case 'text':
        return { kind: 'text', ...(await writeText(model, generator.dataset, file, options)), weights };
      case 'gan':
        return { kind: 'samples', ...sampleGenerator(compiled, roles!, generator.gan, options.n, options.seed ?? doc.training.seed), weights };
    }
  } finally {
    model.dispose();
  }
}

function rolesOf(doc: GraphDocument, compiled: CompiledModel, gan: GanConfig, file: string, warn: (line: string) => void): GanRoles {
  const { roles, problems } = ganRoles(doc, compiled.analysis, gan);
  if (!roles) refuseProblems(file, problems, warn);
  return roles;
}

/** Rows of noise pushed through the generator at once. */
const SAMPLE_BATCH = 64;

/**
 * `count` samples of the generator in inference mode, from `count` rows of the GAN's noise
 * (normal or uniform) drawn row-major from `createRandom(seed)`, as the run draws its noise.
 */
function sampleGenerator(compiled: CompiledModel, roles: GanRoles, gan: GanConfig, count: number, seed: number): Omit<GeneratedSamples, 'kind' | 'weights'> {
  const { generator } = ganModels(compiled, roles);
  const size = noiseSize(roles.noiseShape);
  const noise = drawNoise(createRandom(seed), gan.noise, count, size);
  const shape = roles.sampleShape.map((d) => d ?? 1);
  const perSample = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(count * perSample);
  for (let start = 0; start < count; start += SAMPLE_BATCH) {
    const rows = Math.min(SAMPLE_BATCH, count - start);
    const batch = tf.tidy(() => generator.predict(tf.tensor(noise.subarray(start * size, (start + rows) * size), [rows, ...roles.noiseShape])) as tf.Tensor);
    values.set(batch.dataSync(), start * perSample);
    batch.dispose();
  }
  return { shape, count, values };
}

async function writeText(model: tf.LayersModel, dataset: TextDatasetReference, file: string, options: GenerateOptions): Promise<Omit<GeneratedText, 'kind' | 'weights'>> {
  let text;
  try {
    text = await textDataAt(dataset, path.dirname(path.resolve(file)));
  } catch (err) {
    if (err instanceof TextFileUnreadableError) throw new CliError(`${file}: ${err.message} — the samples are written with the vocabulary of the text it trained on`);
    throw err;
  }
  const seed = options.seed ?? DEFAULT_TEXT_SEED;
  const samples = Array.from({ length: options.n }, (_, k) => {
    try {
      return generateText(model, text.ref, text.vocabulary, { prompt: options.prompt, length: options.length, temperature: options.temperature, seed: seed + k }).continuation;
    } catch (err) {
      throw new CliError(`${file}: ${(err as Error).message}`);
    }
  });
  return { prompt: options.prompt, samples };
}

/** One sample's values as nested arrays of its shape. */
function nested(values: ArrayLike<number>, offset: number, shape: readonly number[]): unknown[] {
  const [first, ...rest] = shape;
  const inner = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: first! }, (_, i) => (rest.length ? nested(values, offset + i * inner, rest) : values[offset + i]!));
}

function samplesAsArrays(generated: GeneratedSamples): unknown[][] {
  const perSample = generated.shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: generated.count }, (_, k) => nested(generated.values, k * perSample, generated.shape));
}

/**
 * The samples for a person. Text: each after its prompt, a blank line between samples.
 * A generator's: one sample a line, its values row-major, separated by spaces.
 */
export function formatGenerated(generated: Generated): string {
  if (generated.kind === 'text') return generated.samples.map((sample) => generated.prompt + sample).join('\n\n');
  const perSample = generated.shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: generated.count }, (_, k) => Array.from(generated.values.subarray(k * perSample, (k + 1) * perSample)).join(' ')).join('\n');
}

/** `--json`: text `{"prompt": …, "samples": [...]}`; a generator's `{"shape": [...], "samples": [...]}`, each sample nested arrays of that shape. */
export function generatedJson(generated: Generated): string {
  if (generated.kind === 'text') return JSON.stringify({ prompt: generated.prompt, samples: generated.samples });
  return JSON.stringify({ shape: generated.shape, samples: samplesAsArrays(generated) });
}

/**
 * `-o FILE.png`: a GAN's samples as a picture, a grid of images or a scatter of 2-D points;
 * returns the line to print. Text has no picture, nor has a sample of another shape.
 */
export async function writeGeneratedPicture(generated: Generated, file: string, out: string): Promise<string> {
  if (generated.kind === 'text') throw new Error('text has no picture: generateFromProjectFile refuses -o for text');
  const picture = pictureKind(generated.shape);
  if (!picture)
    throw new CliError(`${file} generates samples of shape [${generated.shape.join(', ')}]: -o draws images ([h, w] or [h, w, c] with 1, 3 or 4 channels) or 2-D points ([2]); --json prints any shape`);
  const raster =
    picture.kind === 'points' ? pointScatter(generated.values, generated.count) : imageGrid(generated.values, generated.count, picture.height, picture.width, picture.channels);
  try {
    await writeFile(out, encodePng(raster));
  } catch (err) {
    throw new CliError(`cannot write ${out}: ${(err as Error).message}`);
  }
  const what = picture.kind === 'points' ? `${generated.count} points` : `${generated.count} samples`;
  return `wrote ${out} (${what}, ${raster.width}×${raster.height} pixels, ${generated.weights} weights)`;
}
