import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { describeReferenceFields } from '../../shared/data/field-descriptions';
import { SEQUENCE_END, SEQUENCE_START, SEQUENCE_VOCABULARY, sequenceTaskLengths, type SequenceTaskDatasetReference } from '../../shared/data/sequence-tasks';
import { textVocabulary, type TextDatasetReference } from '../../shared/data/text';
import { analyzeGraph } from '../../shared/graph/analyze';
import { resolveBindings } from '../../shared/graph/objectives';
import { HOST_ERROR_CODES, HostError } from '../../shared/host-api';
import { catalog } from '../../shared/layers';
import type { RunRecord } from '../../shared/training/run-record';
import {
  attentionMapsFor,
  encoderDecoderAttention,
  generateText,
  idsForText,
  type AttentionMaps,
  type EncoderDecoderInputs,
  type GeneratedText,
} from '../../shared/training/sequence-inspection';

/** A text dataset reference with an absolute path, and the vocabulary it was tokenized with. */
export interface TextData {
  ref: TextDatasetReference;
  vocabulary: string[];
}

/** The text file a vocabulary is rebuilt from cannot be read (moved, deleted). */
export class TextFileUnreadableError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`cannot read ${path} to rebuild the vocabulary: ${detail}`);
    this.name = 'TextFileUnreadableError';
  }
}

/**
 * The vocabulary a text dataset was tokenized with, rebuilt from its file as training built it
 * (a relative path is relative to `baseDir`, the project's folder). Shared by the host's
 * try-it views and `nnd generate`.
 */
export async function textDataAt(dataset: TextDatasetReference, baseDir: string): Promise<TextData> {
  const ref = { ...dataset, path: path.resolve(baseDir, dataset.path) };
  let content: string;
  try {
    content = await readFile(ref.path, 'utf8');
  } catch (err) {
    throw new TextFileUnreadableError(ref.path, (err as Error).message);
  }
  return { ref, vocabulary: textVocabulary(content, ref, ref.path) };
}

/** The run's text dataset reference with an absolute path, and the vocabulary it was tokenized with. */
async function textDataOf(record: RunRecord): Promise<TextData> {
  if (record.dataset.kind !== 'text')
    throw new HostError(`run ${record.id} did not train on text, so its inputs are not tokens`, HOST_ERROR_CODES.runUnavailable);
  const base = record.projectPath ? path.dirname(record.projectPath) : process.cwd();
  try {
    return await textDataAt(record.dataset, base);
  } catch (err) {
    if (err instanceof TextFileUnreadableError)
      throw new HostError(`cannot read ${err.path} to rebuild the run's vocabulary: ${err.detail} — locate the dataset again`, HOST_ERROR_CODES.runUnavailable);
    throw err;
  }
}

/** The token ids a text classifier reads for `text`, padded to its window as its training texts were. */
export async function textIdsOf(record: RunRecord, text: string): Promise<number[]> {
  const { ref, vocabulary } = await textDataOf(record);
  if (ref.task !== 'classify')
    throw new HostError(`run ${record.id} predicts the next token; write with it (generateText) instead of classifying a text`, HOST_ERROR_CODES.badInput);
  return idsForText(text, ref, vocabulary);
}

/**
 * The source ids a sequence-task run's encoder reads for a typed string ("123456", "12+34"):
 * one token per character, exactly as many as its training sources had.
 */
export function sequenceTaskSourceIds(ref: SequenceTaskDatasetReference, text: string): number[] {
  const characters = [...text.replace(/\s+/g, '')];
  const length = sequenceTaskLengths(ref).source;
  const ids = characters.map((c) => SEQUENCE_VOCABULARY.indexOf(c));
  if (ids.length !== length || ids.some((id) => id < 3))
    throw new HostError(`type ${length} tokens made of digits${ref.task === 'add' ? " and '+'" : ''}, as the run's training strings were`, HOST_ERROR_CODES.badInput);
  return ids;
}

/** Which of the model's inputs reads the source and which the decoder's input, as the run's objectives bound them. */
export function encoderDecoderInputsOf(record: RunRecord): EncoderDecoderInputs {
  const doc = record.document;
  const bound = resolveBindings(doc, analyzeGraph(doc, catalog), describeReferenceFields(record.dataset), record.training).inputs;
  const source = bound.find((b) => b.field === 'source' || b.field === 'x');
  const decoderInput = bound.find((b) => b.field === 'decoder_input');
  if (!source || !decoderInput)
    throw new HostError(`run ${record.id} is not an encoder–decoder: no Input reads the field "decoder_input" beside the source`, HOST_ERROR_CODES.badInput);
  return { source: source.index, decoderInput: decoderInput.index };
}

/**
 * Every attention layer's weights for `text`, tokenized as the run's data was; for an
 * encoder–decoder on a sequence task, the answer it writes for the typed source and the
 * attention of writing it.
 */
export async function attentionMapsOf(model: tf.LayersModel, record: RunRecord, text: string): Promise<AttentionMaps> {
  if (record.dataset.kind === 'sequence-task') {
    const source = sequenceTaskSourceIds(record.dataset, text);
    const inputs = encoderDecoderInputsOf(record);
    try {
      return encoderDecoderAttention(model, source, inputs, SEQUENCE_VOCABULARY, { start: SEQUENCE_START, end: SEQUENCE_END });
    } catch (err) {
      throw new HostError((err as Error).message, HOST_ERROR_CODES.badInput);
    }
  }
  const { ref, vocabulary } = await textDataOf(record);
  try {
    return attentionMapsFor(model, idsForText(text, ref, vocabulary), vocabulary);
  } catch (err) {
    throw new HostError((err as Error).message, HOST_ERROR_CODES.badInput);
  }
}

/** Text written by the run's next-token model after `prompt`. */
export async function generateTextOf(
  model: tf.LayersModel,
  record: RunRecord,
  options: { prompt: string; length: number; temperature: number; seed: number },
): Promise<GeneratedText> {
  const { ref, vocabulary } = await textDataOf(record);
  try {
    return generateText(model, ref, vocabulary, options);
  } catch (err) {
    throw new HostError((err as Error).message, HOST_ERROR_CODES.badInput);
  }
}
