import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CompileError } from '../../shared/compile/compile';
import type { TextDatasetReference } from '../../shared/data/text';
import type { GraphDocument } from '../../shared/graph/document';
import { generateText } from '../../shared/training/sequence-inspection';
import { ModelExportError, modelWithExportWeights } from '../host/model-export';
import { textDataAt, TextFileUnreadableError } from '../host/sequence-inspection';
import { readProject, resolveFromProject } from '../node/project-files';
import { CliError } from './errors';
import { formatProblem } from './validate';

export interface GenerateOptions {
  /** Text the samples continue. */
  prompt: string;
  /** How many samples. */
  n: number;
  /** Seed of the sampling; sample k draws with seed + k. */
  seed: number;
  /** Tokens written per sample. */
  length: number;
  /** 0: always the likeliest token; above 0 samples, sharper below 1 and more surprising above. */
  temperature: number;
}

export interface Generated {
  /** For text: the prompt the samples continue. */
  prompt: string;
  /** For text: what each sample wrote after the prompt. */
  samples: string[];
  weights: 'trained' | 'initial';
}

/** What a project generates with: today a next-token text model; a GAN's generator is the next branch. */
type Generator = { kind: 'text'; dataset: TextDatasetReference };

function generatorOf(doc: GraphDocument, file: string): Generator {
  const dataset = doc.dataset;
  if (dataset?.kind === 'text' && dataset.task === 'next-token') return { kind: 'text', dataset };
  const trainsOn = !dataset
    ? 'it has no dataset'
    : dataset.kind === 'text'
      ? `its text dataset has task "${dataset.task}"`
      : `it trains on a ${dataset.kind} dataset`;
  throw new CliError(`${file} is not a next-token model (${trainsOn}): nnd generate writes text with a model trained on a text dataset with task "next-token"`);
}

/**
 * `nnd generate`: the project's model with its saved weights (`nnd train --save`), or the
 * initial ones drawn from its seed when it has none, writing `n` samples. The caller prints them.
 */
export async function generateFromProjectFile(file: string, options: GenerateOptions, warn: (line: string) => void): Promise<Generated> {
  tf.enableProdMode(); // silences tfjs's "install tfjs-node" banner on stderr
  const doc = await readProject(file);
  const generator = generatorOf(doc, file);
  const weightsDir = doc.weights ? resolveFromProject(file, doc.weights.path) : null;
  let model: tf.LayersModel;
  try {
    model = (await modelWithExportWeights(doc, weightsDir)).model;
  } catch (err) {
    if (err instanceof CompileError) {
      for (const p of err.problems) warn(formatProblem(p));
      throw new CliError(`${file} has ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} — fix them before generating (nnd validate lists them)`);
    }
    if (err instanceof ModelExportError) throw new CliError(`${file}: ${err.message}`);
    throw err;
  }
  const weights = weightsDir ? 'trained' : 'initial';
  if (!weightsDir) warn(`${file} has no trained weights (nnd train --save records them): generating with its initial weights (seed ${doc.training.seed})`);
  try {
    switch (generator.kind) {
      case 'text':
        return { ...(await writeText(model, generator.dataset, file, options)), weights };
    }
  } finally {
    model.dispose();
  }
}

async function writeText(model: tf.LayersModel, dataset: TextDatasetReference, file: string, options: GenerateOptions): Promise<Omit<Generated, 'weights'>> {
  let text;
  try {
    text = await textDataAt(dataset, path.dirname(path.resolve(file)));
  } catch (err) {
    if (err instanceof TextFileUnreadableError) throw new CliError(`${file}: ${err.message} — the samples are written with the vocabulary of the text it trained on`);
    throw err;
  }
  const samples = Array.from({ length: options.n }, (_, k) => {
    try {
      return generateText(model, text.ref, text.vocabulary, { prompt: options.prompt, length: options.length, temperature: options.temperature, seed: options.seed + k }).continuation;
    } catch (err) {
      throw new CliError(`${file}: ${(err as Error).message}`);
    }
  });
  return { prompt: options.prompt, samples };
}

/** The samples for a person: each after its prompt, a blank line between samples. */
export function formatGenerated(generated: Generated): string {
  return generated.samples.map((sample) => generated.prompt + sample).join('\n\n');
}

/** `--json`: `{"prompt": …, "samples": [...]}`. */
export function generatedJson(generated: Generated): string {
  return JSON.stringify({ prompt: generated.prompt, samples: generated.samples });
}
