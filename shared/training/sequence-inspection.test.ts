import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { TextDatasetSchema } from '../data/text';
import { generateText, predictsEveryPosition } from './sequence-inspection';

const LETTERS = 'abcdefghijklmnop';
const VOCABULARY = ['', '<unk>', '\n', ...LETTERS];
const WINDOW = 8;
const ref = TextDatasetSchema.parse({ kind: 'text', path: 'corpus.txt', task: 'next-token', targetAt: 'every-position', tokenizer: 'char', vocabularySize: VOCABULARY.length, maxLength: WINDOW });

/**
 * A per-position "language model" that has learned the alphabet: at every position it
 * predicts the letter after the one there (a line break is followed by 'a'), whatever came
 * before. Padding predicts padding, so reading the wrong position shows.
 */
function alphabetModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [tf.layers.embedding({ inputDim: VOCABULARY.length, outputDim: VOCABULARY.length, inputLength: WINDOW }), tf.layers.activation({ activation: 'softmax' })],
  });
  const next = (id: number) => (id === 2 ? 3 : id < 2 ? 0 : 3 + ((id - 3 + 1) % LETTERS.length));
  const logits = tf.tidy(() => tf.oneHot(tf.tensor1d(VOCABULARY.map((_, id) => next(id)), 'int32'), VOCABULARY.length).mul(20));
  model.layers[0]!.setWeights([logits]);
  logits.dispose();
  return model;
}

describe('writing text with a model that predicts at every position', () => {
  it('is told apart from a model that predicts once per window by its output', () => {
    const model = alphabetModel();
    expect(predictsEveryPosition(model)).toBe(true);
    model.dispose();
  });

  it('appends the prediction at the last real position, sliding the window once the text fills it', () => {
    const model = alphabetModel();
    const written = generateText(model, ref, VOCABULARY, { prompt: 'c', length: 12, temperature: 0, seed: 1 });
    expect(written).toEqual({ prompt: 'c', continuation: 'defghijklmno' });
    // An empty prompt starts where a line starts.
    expect(generateText(model, ref, VOCABULARY, { prompt: '', length: 3, temperature: 0, seed: 1 }).continuation).toBe('abc');
    model.dispose();
  });

  it('never writes an id past the vocabulary, which an output layer with room to spare can favour', () => {
    const model = alphabetModel();
    // Letters a–g only: after 'g' the model favours 'h' (id 10), which this vocabulary lacks; the rest tie, so the first usable id (a line break) wins.
    const shorter = VOCABULARY.slice(0, 10);
    expect(generateText(model, ref, shorter, { prompt: 'f', length: 3, temperature: 0, seed: 1 }).continuation).toBe('g\na');
    for (const seed of [1, 2, 3]) expect(generateText(model, ref, shorter, { prompt: 'f', length: 6, temperature: 1, seed }).continuation).not.toContain('<unk>');
    model.dispose();
  });
});
