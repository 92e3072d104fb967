import Papa from 'papaparse';
import { z } from 'zod';
import type { Dataset } from './dataset';
import { datasetText } from './dataset-messages';
import { DatasetError } from './errors';

/**
 * Text as a dataset: a table with one sample per line (a text column and a label column),
 * tokenized into integer sequences an Embedding reads. Two tasks:
 * - `classify`: each line's text → its label (sentiment, spam or not).
 * - `next-token`: the lines joined into one corpus, cut into windows of `maxLength` tokens,
 *   each labelled with the token that follows — how a language model (a causal decoder)
 *   learns to write.
 */
export const TextDatasetSchema = z.object({
  kind: z.literal('text'),
  /** A CSV or TSV file with a header row; relative to the project file, or absolute. */
  path: z.string().min(1),
  textColumn: z.string().min(1).default('text'),
  /** The class column (classify only). */
  label: z.string().min(1).default('label'),
  task: z.enum(['classify', 'next-token']).default('classify'),
  tokenizer: z.enum(['word', 'char']).default('word'),
  /**
   * Ids the Embedding must hold (its inputDim): 0 is padding, 1 an unknown token, the rest
   * the most frequent tokens. For next-token it is also the number of output classes.
   */
  vocabularySize: z.number().int().min(3).max(100_000).default(5000),
  /** Tokens per sample: longer texts are cut, shorter ones padded with 0 at the end. */
  maxLength: z.number().int().min(1).max(4096).default(32),
  lowercase: z.boolean().default(true),
  /**
   * next-token: the token after the window only (`end`, a [samples, 1] or one-hot target), or
   * the next token at every position (`every-position`, [samples, maxLength]: a causal
   * decoder's per-position softmax, as a GPT is trained).
   */
  targetAt: z.enum(['end', 'every-position']).default('end'),
  /**
   * next-token: tokens between the starts of consecutive windows. At every position a stride
   * of half the window or more loses little (each window already holds every context length)
   * and keeps a large corpus small: stride 1 makes maxLength copies of every token.
   */
  stride: z.number().int().min(1).default(1),
  /** classify: `auto` gives one-hot for a softmax, a 0/1 column for one sigmoid unit, indices for a sparse loss. */
  labelEncoding: z.enum(['auto', 'onehot', 'index']).default('auto'),
});
export type TextDatasetReference = z.infer<typeof TextDatasetSchema>;

export const PADDING_TOKEN = '';
export const UNKNOWN_TOKEN = '<unk>';

/** A dataset of token ids, with the vocabulary that turns ids back into text. */
export interface TextDataset extends Dataset {
  /** Token of each id; index 0 is padding, 1 the unknown token. */
  vocabulary: string[];
}

type Tokenizer = Pick<TextDatasetReference, 'tokenizer' | 'lowercase'>;

/** Words (letters, digits, apostrophes) and single punctuation marks, or single characters. */
export function tokenize(text: string, options: Tokenizer): string[] {
  const cased = options.lowercase ? text.toLowerCase() : text;
  if (options.tokenizer === 'char') return [...cased];
  return cased.match(/[\p{L}\p{N}']+|[^\s\p{L}\p{N}']/gu) ?? [];
}

/**
 * Padding, unknown, then the most frequent tokens (ties in alphabetical order, so the same
 * text always gives the same ids), up to `size` entries in all.
 */
export function buildVocabulary(tokenLists: readonly string[][], size: number): string[] {
  const counts = new Map<string, number>();
  for (const tokens of tokenLists) for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([t]) => t);
  return [PADDING_TOKEN, UNKNOWN_TOKEN, ...ranked.slice(0, Math.max(0, size - 2))];
}

export function vocabularyIndex(vocabulary: readonly string[]): Map<string, number> {
  return new Map(vocabulary.map((t, i) => [t, i]));
}

/** Token ids of exactly `maxLength`: cut at the end, padded with 0 at the end. */
export function encodeTokens(tokens: readonly string[], index: Map<string, number>, maxLength: number): number[] {
  const ids = new Array<number>(maxLength).fill(0);
  for (let i = 0; i < Math.min(tokens.length, maxLength); i++) ids[i] = index.get(tokens[i]!) ?? 1;
  return ids;
}

/** Ids back to text: words joined by spaces, characters as they are; padding dropped. */
export function decodeTokens(ids: readonly number[], vocabulary: readonly string[], tokenizer: TextDatasetReference['tokenizer']): string {
  const tokens = ids.filter((id) => id !== 0).map((id) => vocabulary[id] ?? UNKNOWN_TOKEN);
  return tokens.join(tokenizer === 'char' ? '' : ' ');
}

export interface TextParseOptions {
  /** The file the text came from, named in every error. */
  source: string;
  /** What the model outputs, so `auto` label encoding can fit it. */
  target?: { units: number | null; loss: string };
}

/** The rows of a CSV / TSV text table as [text, label] pairs, with located errors. */
function readRows(content: string, ref: TextDatasetReference, source: string): { texts: string[]; labels: string[] } {
  const parsed = Papa.parse<Record<string, string>>(content, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
  const headers = parsed.meta.fields ?? [];
  const columns = headers.map((h) => `"${h}"`).join(', ');
  const missing = (column: string, role: 'textColumnMissing' | 'textLabelMissing') => new DatasetError(datasetText(role, { source, column, columns }), 'mapping', { source });
  if (!headers.includes(ref.textColumn)) throw missing(ref.textColumn, 'textColumnMissing');
  const classify = ref.task === 'classify';
  if (classify && !headers.includes(ref.label)) throw missing(ref.label, 'textLabelMissing');
  const texts: string[] = [];
  const labels: string[] = [];
  parsed.data.forEach((row, r) => {
    const text = row[ref.textColumn] ?? '';
    if (!classify) {
      texts.push(text);
      return;
    }
    const label = (row[ref.label] ?? '').trim();
    if (label === '')
      throw new DatasetError(datasetText('textLabelEmpty', { source, line: r + 2, label: ref.label }), 'missing-values', {
        source,
        line: r + 2,
      });
    texts.push(text);
    labels.push(label);
  });
  if (texts.length === 0) throw new DatasetError(datasetText('textNoRows', { source }), 'empty', { source });
  return { texts, labels };
}

function encodeLabels(labels: string[], ref: TextDatasetReference, options: TextParseOptions): { y: Float32Array; width: number; classNames: string[] } {
  const classNames = [...new Set(labels)].sort();
  if (classNames.length < 2)
    throw new DatasetError(datasetText('textSingleClass', { label: ref.label, source: options.source, name: classNames[0] ?? '' }), 'single-class', {
      source: options.source,
    });
  const classOf = new Map(classNames.map((c, i) => [c, i]));
  let encoding = ref.labelEncoding;
  if (encoding === 'auto')
    encoding = options.target?.loss === 'sparseCategoricalCrossentropy' || (options.target?.units === 1 && classNames.length === 2) ? 'index' : 'onehot';
  if (encoding === 'index') return { y: Float32Array.from(labels, (l) => classOf.get(l)!), width: 1, classNames };
  const y = new Float32Array(labels.length * classNames.length);
  labels.forEach((l, i) => (y[i * classNames.length + classOf.get(l)!] = 1));
  return { y, width: classNames.length, classNames };
}

/**
 * A text table → token-id sequences [samples, maxLength] and targets. The vocabulary is
 * counted over all lines: like a tokenizer shipped with a model, it is part of the data's
 * description, not something the model learns.
 */
export function parseTextDataset(content: string, ref: TextDatasetReference, options: TextParseOptions): TextDataset {
  const { texts, labels } = readRows(content, ref, options.source);
  const featureNames = Array.from({ length: ref.maxLength }, (_, i) => `token_${i}`);

  if (ref.task === 'next-token') {
    const corpus = tokenize(texts.join('\n'), ref);
    const vocabulary = buildVocabulary([corpus], ref.vocabularySize);
    const index = vocabularyIndex(vocabulary);
    const ids = corpus.map((t) => index.get(t) ?? 1);
    const windows = Math.floor((ids.length - ref.maxLength - 1) / ref.stride) + 1;
    if (windows < 2)
      throw new DatasetError(
        datasetText('textTooFewTokens', { source: options.source, tokens: ids.length, length: ref.maxLength }),
        'empty',
        { source: options.source },
      );
    const classNames = Array.from({ length: ref.vocabularySize }, (_, i) => vocabulary[i] ?? `<unused ${i}>`);
    if (ref.targetAt === 'every-position') return everyPositionWindows(ids, windows, ref, { featureNames, classNames, vocabulary });
    const width = ref.vocabularySize;
    const sparse = options.target?.loss === 'sparseCategoricalCrossentropy' || ref.labelEncoding === 'index';
    const x = new Float32Array(windows * ref.maxLength);
    const y = new Float32Array(windows * (sparse ? 1 : width));
    for (let w = 0; w < windows; w++) {
      const start = w * ref.stride;
      for (let i = 0; i < ref.maxLength; i++) x[w * ref.maxLength + i] = ids[start + i]!;
      const next = ids[start + ref.maxLength]!;
      if (sparse) y[w] = next;
      else y[w * width + next] = 1;
    }
    return { x, xShape: [windows, ref.maxLength], y, yShape: [windows, sparse ? 1 : width], featureNames, classNames, vocabulary };
  }

  const tokenLists = texts.map((t) => tokenize(t, ref));
  const vocabulary = buildVocabulary(tokenLists, ref.vocabularySize);
  const index = vocabularyIndex(vocabulary);
  const x = new Float32Array(texts.length * ref.maxLength);
  tokenLists.forEach((tokens, r) => x.set(encodeTokens(tokens, index, ref.maxLength), r * ref.maxLength));
  const { y, width, classNames } = encodeLabels(labels, ref, options);
  return { x, xShape: [texts.length, ref.maxLength], y, yShape: [texts.length, width], featureNames, classNames, vocabulary };
}

/**
 * Windows of the corpus with the next token at every position: y[w, i] = x[w, i + 1], the
 * window's last target the token after it. Corpus windows rather than one padded line per
 * sample, because for a small language model every position then holds a real target (no
 * padding wasted on short lines), it learns across line ends (the newline is a token, so it
 * learns where lines stop), and a causal model learns from every context length 1..maxLength
 * in each window. Padding never occurs inside the corpus; ignoreValue 0 is declared anyway so
 * a loss skips padding wherever a sample is padded.
 */
function everyPositionWindows(
  ids: number[],
  windows: number,
  ref: TextDatasetReference,
  names: { featureNames: string[]; classNames: string[]; vocabulary: string[] },
): TextDataset {
  const length = ref.maxLength;
  const x = new Float32Array(windows * length);
  const y = new Float32Array(windows * length);
  for (let w = 0; w < windows; w++) {
    const start = w * ref.stride;
    for (let i = 0; i < length; i++) {
      x[w * length + i] = ids[start + i]!;
      y[w * length + i] = ids[start + i + 1]!;
    }
  }
  const shape = [windows, length];
  const { featureNames, classNames, vocabulary } = names;
  return {
    x,
    xShape: shape,
    y,
    yShape: shape,
    featureNames,
    classNames,
    vocabulary,
    fields: {
      x: { values: x, shape, kind: 'tokens', vocabulary },
      y: { values: y, shape, kind: 'class-index', classNames, ignoreValue: 0, vocabulary },
    },
  };
}

/** One text as the model's input ids, tokenized exactly as the dataset was. */
export function encodeText(text: string, ref: TextDatasetReference, vocabulary: readonly string[]): number[] {
  return encodeTokens(tokenize(text, ref), vocabularyIndex(vocabulary), ref.maxLength);
}

/** The vocabulary `parseTextDataset` builds for the same file and reference, without encoding the samples. */
export function textVocabulary(content: string, ref: TextDatasetReference, source: string): string[] {
  const { texts } = readRows(content, ref, source);
  if (ref.task === 'next-token') return buildVocabulary([tokenize(texts.join('\n'), ref)], ref.vocabularySize);
  return buildVocabulary(
    texts.map((t) => tokenize(t, ref)),
    ref.vocabularySize,
  );
}
