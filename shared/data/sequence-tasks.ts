import { z } from 'zod';
import { createRandom, type Dataset } from './dataset';
import type { DatasetField } from './fields';

/**
 * Generated sequence-to-sequence tasks for encoder–decoder models, small enough to learn in
 * minutes and shaped so attention shows what it does: `reverse` (the anti-diagonal), `sort`
 * (digits found by value) and `add` (two numbers written as digits, "12+34" → "46").
 */
export const SEQUENCE_TASKS = ['reverse', 'sort', 'add'] as const;

export const SequenceTaskDatasetSchema = z.object({
  kind: z.literal('sequence-task'),
  task: z.enum(SEQUENCE_TASKS).default('reverse'),
  /** Digits of each string (of each number for `add`). */
  length: z.number().int().min(1).max(32).default(5),
  samples: z.number().int().min(4).max(1_000_000).default(2000),
  seed: z.number().int().default(1),
});
export type SequenceTaskDatasetReference = z.infer<typeof SequenceTaskDatasetSchema>;

export const SEQUENCE_PAD = 0;
export const SEQUENCE_START = 1;
export const SEQUENCE_END = 2;
/** Id of the digit d is DIGIT_BASE + d. */
const DIGIT_BASE = 3;
const PLUS = 13;
export const SEQUENCE_VOCABULARY = ['', '<start>', '<end>', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '+'];

/** Tokens per source and per target (the end token included) for a task. */
export function sequenceTaskLengths(ref: Pick<SequenceTaskDatasetReference, 'task' | 'length'>): { source: number; target: number } {
  if (ref.task === 'add') return { source: 2 * ref.length + 1, target: ref.length + 2 };
  return { source: ref.length, target: ref.length + 1 };
}

const digitsOf = (n: number): number[] => [...String(n)].map(Number);

/**
 * The task's samples: `source` (= x) the encoder reads, `decoder_input` (the start token, then
 * the target shifted right: teacher forcing) and `target` (= y) the digits then the end token,
 * padded with 0 where the answer is shorter (`add`), padding left out of the loss.
 */
export function generateSequenceTask(ref: SequenceTaskDatasetReference): Dataset {
  const random = createRandom(ref.seed);
  const lengths = sequenceTaskLengths(ref);
  const n = ref.samples;
  const source = new Float32Array(n * lengths.source);
  const decoderInput = new Float32Array(n * lengths.target);
  const target = new Float32Array(n * lengths.target);
  const digit = () => Math.floor(random() * 10);
  // Numbers of exactly `length` digits (no leading zero), except one-digit numbers, 0 included.
  const number = () => (ref.length === 1 ? digit() : 10 ** (ref.length - 1) + Math.floor(random() * 9 * 10 ** (ref.length - 1)));
  for (let s = 0; s < n; s++) {
    let input: number[];
    let answer: number[];
    if (ref.task === 'add') {
      const a = number();
      const b = number();
      input = [...digitsOf(a).map((d) => DIGIT_BASE + d), PLUS, ...digitsOf(b).map((d) => DIGIT_BASE + d)];
      answer = digitsOf(a + b);
    } else {
      const digits = Array.from({ length: ref.length }, digit);
      input = digits.map((d) => DIGIT_BASE + d);
      answer = ref.task === 'reverse' ? digits.slice().reverse() : digits.slice().sort((p, q) => p - q);
    }
    const out = [...answer.map((d) => DIGIT_BASE + d), SEQUENCE_END];
    source.set(input, s * lengths.source);
    target.set(out, s * lengths.target);
    decoderInput.set([SEQUENCE_START, ...out.slice(0, -1)], s * lengths.target);
  }
  const vocabulary = [...SEQUENCE_VOCABULARY];
  const sourceField: DatasetField = { values: source, shape: [n, lengths.source], kind: 'tokens', vocabulary };
  const targetField: DatasetField = { values: target, shape: [n, lengths.target], kind: 'class-index', classNames: vocabulary, ignoreValue: SEQUENCE_PAD, vocabulary };
  return {
    x: source,
    xShape: sourceField.shape,
    y: target,
    yShape: targetField.shape,
    featureNames: Array.from({ length: lengths.source }, (_, i) => `token_${i}`),
    classNames: vocabulary,
    fields: {
      x: sourceField,
      y: targetField,
      source: sourceField,
      decoder_input: { values: decoderInput, shape: [n, lengths.target], kind: 'tokens', vocabulary },
      target: targetField,
    },
  };
}
