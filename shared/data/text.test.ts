import { describe, expect, it } from 'vitest';
import { buildVocabulary, decodeTokens, encodeText, parseTextDataset, TextDatasetSchema, tokenize } from './text';

const table = 'text,label\n"Win a FREE prize now!",spam\nlunch at noon?,ham\nfree free free,spam\n[ILUG] kernel question,ham\n';
const ref = (extra: Record<string, unknown> = {}) => TextDatasetSchema.parse({ kind: 'text', path: 'x.csv', maxLength: 5, ...extra });

describe('text datasets', () => {
  it('tokenizes words and punctuation, or characters', () => {
    expect(tokenize("Don't WIN now!", { tokenizer: 'word', lowercase: true })).toEqual(["don't", 'win', 'now', '!']);
    expect(tokenize('Ab c', { tokenizer: 'char', lowercase: false })).toEqual(['A', 'b', ' ', 'c']);
  });

  it('ranks the vocabulary by frequency after padding and unknown, ties alphabetically, capped at the size', () => {
    expect(buildVocabulary([['b', 'a', 'c', 'c'], ['a', 'd']], 4)).toEqual(['', '<unk>', 'a', 'c']);
  });

  it('turns each line into padded ids and its label into one-hot classes', () => {
    const data = parseTextDataset(table, ref(), { source: 'x.csv' });
    expect(data.xShape).toEqual([4, 5]);
    expect(data.classNames).toEqual(['ham', 'spam']);
    expect(Array.from(data.y)).toEqual([0, 1, 1, 0, 0, 1, 1, 0]);
    expect(data.vocabulary[2]).toBe('free');
    const third = Array.from(data.x.slice(10, 15));
    expect(third).toEqual([2, 2, 2, 0, 0]);
    expect(decodeTokens(Array.from(data.x.slice(0, 5)), data.vocabulary, 'word')).toBe('win a free prize now');
    // An unseen word becomes the unknown id 1; the same tokenizer reads a new text.
    expect(encodeText('free zebra', ref(), data.vocabulary)).toEqual([2, 1, 0, 0, 0]);
  });

  it('gives one 0/1 column for a single sigmoid unit, indices for a sparse loss', () => {
    expect(parseTextDataset(table, ref(), { source: 'x.csv', target: { units: 1, loss: 'binaryCrossentropy' } }).yShape).toEqual([4, 1]);
    const sparse = parseTextDataset(table, ref(), { source: 'x.csv', target: { units: 2, loss: 'sparseCategoricalCrossentropy' } });
    expect(Array.from(sparse.y)).toEqual([1, 0, 1, 0]);
  });

  it('cuts a corpus into windows labelled with the next token for a language model', () => {
    const data = parseTextDataset('text\nabcab\nca\n', ref({ task: 'next-token', tokenizer: 'char', maxLength: 3, vocabularySize: 8 }), { source: 'x.csv' });
    // Corpus "abcab\nca": 8 chars → 5 windows of 3 with a next char.
    expect(data.xShape).toEqual([5, 3]);
    expect(data.yShape).toEqual([5, 8]);
    const next = (w: number) => data.vocabulary[Array.from(data.y.slice(w * 8, w * 8 + 8)).indexOf(1)];
    expect(decodeTokens(Array.from(data.x.slice(0, 3)), data.vocabulary, 'char') + next(0)).toBe('abca');
    expect(next(4)).toBe('a');
  });

  it('names the missing column and the line of an empty label', () => {
    expect(() => parseTextDataset(table, ref({ textColumn: 'body' }), { source: 'x.csv' })).toThrow(/no column "body".*"text", "label"/);
    expect(() => parseTextDataset('text,label\nhello,\n', ref(), { source: 'x.csv' })).toThrow(/x.csv line 2: the label "label" is empty/);
  });
});

describe('next-token targets at every position', () => {
  const corpus = 'text\nthe cat sat on the mat\nthe dog sat on the log\n';
  const every = TextDatasetSchema.parse({ kind: 'text', path: 'c.csv', task: 'next-token', targetAt: 'every-position', maxLength: 4, vocabularySize: 20 });

  it('gives y[w, i] = x[w, i + 1] over corpus windows, as class indices with padding ignored', () => {
    const data = parseTextDataset(corpus, every, { source: 'c.csv' });
    const ids = tokenize('the cat sat on the mat\nthe dog sat on the log', every).map((t) => data.vocabulary.indexOf(t));
    const windows = ids.length - 4;
    expect(data.xShape).toEqual([windows, 4]);
    expect(data.yShape).toEqual([windows, 4]);
    for (let w = 0; w < windows; w++) {
      expect(Array.from(data.x.slice(w * 4, w * 4 + 4))).toEqual(ids.slice(w, w + 4));
      expect(Array.from(data.y.slice(w * 4, w * 4 + 4))).toEqual(ids.slice(w + 1, w + 5));
    }
    expect(data.fields!.x).toMatchObject({ kind: 'tokens', shape: [windows, 4] });
    expect(data.fields!.y).toMatchObject({ kind: 'class-index', ignoreValue: 0, shape: [windows, 4] });
    expect(data.fields!.y!.classNames).toHaveLength(20);
  });

  it('keeps the last-token target by default', () => {
    const data = parseTextDataset(corpus, { ...every, targetAt: 'end' }, { source: 'c.csv', target: { units: 20, loss: 'sparseCategoricalCrossentropy' } });
    expect(data.yShape[1]).toBe(1);
    expect(data.fields).toBeUndefined();
  });
});
