import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { textVocabulary, type TextDatasetReference } from '../../shared/data/text';
import { HOST_ERROR_CODES, HostError } from '../../shared/host-api';
import type { RunRecord } from '../../shared/training/run-record';
import { attentionMapsFor, generateText, idsForText, type AttentionMaps, type GeneratedText } from '../../shared/training/sequence-inspection';

/** The run's text dataset reference with an absolute path, and the vocabulary it was tokenized with. */
async function textDataOf(record: RunRecord): Promise<{ ref: TextDatasetReference; vocabulary: string[] }> {
  if (record.dataset.kind !== 'text')
    throw new HostError(`run ${record.id} did not train on text, so its inputs are not tokens`, HOST_ERROR_CODES.runUnavailable);
  const base = record.projectPath ? path.dirname(record.projectPath) : process.cwd();
  const ref = { ...record.dataset, path: path.resolve(base, record.dataset.path) };
  let content: string;
  try {
    content = await readFile(ref.path, 'utf8');
  } catch (err) {
    throw new HostError(`cannot read ${ref.path} to rebuild the run's vocabulary: ${(err as Error).message} — locate the dataset again`, HOST_ERROR_CODES.runUnavailable);
  }
  return { ref, vocabulary: textVocabulary(content, ref, ref.path) };
}

/** The token ids a text classifier reads for `text`, padded to its window as its training texts were. */
export async function textIdsOf(record: RunRecord, text: string): Promise<number[]> {
  const { ref, vocabulary } = await textDataOf(record);
  if (ref.task !== 'classify')
    throw new HostError(`run ${record.id} predicts the next token; write with it (generateText) instead of classifying a text`, HOST_ERROR_CODES.badInput);
  return idsForText(text, ref, vocabulary);
}

/** Every attention layer's weights for `text`, tokenized as the run's data was. */
export async function attentionMapsOf(model: tf.LayersModel, record: RunRecord, text: string): Promise<AttentionMaps> {
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
