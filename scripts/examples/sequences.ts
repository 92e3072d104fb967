/**
 * Sequence models of the course: an LSTM and a Transformer encoder classifying e-mail subject
 * lines as spam or ham (examples/data/spam-subjects.csv), a character-level causal decoder
 * (GPT-like) that learns to write such subject lines, and an LSTM forecasting Seattle's
 * daily maximum temperature (examples/data/seattle-weather.csv).
 */
import { addNode, connect } from '../../shared/graph/actions';
import type { GraphDocument } from '../../shared/graph/document';
import { insertTransformerBlock, type TransformerBlockOptions } from '../../shared/blocks/transformer';
import type { TrainingConfigInput } from '../../shared/graph/training-config';
import { build, COLUMN, ROW, save, type Step } from './builder';

/** Subject lines are short: 16 word tokens cover all but a few. */
const SUBJECT_TOKENS = 16;
const SUBJECT_VOCABULARY = 2000;
const spamText = {
  kind: 'text',
  path: 'data/spam-subjects.csv',
  textColumn: 'text',
  label: 'label',
  tokenizer: 'word',
  vocabularySize: SUBJECT_VOCABULARY,
  maxLength: SUBJECT_TOKENS,
};
const classifierTraining: TrainingConfigInput = {
  optimizer: 'adam',
  learningRate: 0.005,
  loss: 'categoricalCrossentropy',
  metrics: ['accuracy'],
  epochs: 3,
  batchSize: 32,
  validationSplit: 0.2,
  seed: 7,
};

/**
 * Layers in a row from `steps`, then a Transformer block (a collapsible group) fed by the
 * last of them, then `after` wired from the block's output, laid out left to right.
 */
function withBlock(name: string, description: string, steps: Step[], block: TransformerBlockOptions, after: Step[]): GraphDocument {
  let doc = build(name, description, steps);
  const before = doc.nodes[doc.nodes.length - 1]!;
  const inserted = insertTransformerBlock(doc, block, { position: { x: before.position.x + COLUMN, y: before.position.y }, from: before.id });
  doc = inserted.doc;
  // Continue one column after the block's last node.
  const blockEnd = Math.max(...inserted.nodeIds.map((id) => doc.nodes.find((n) => n.id === id)!.position.x));
  let previous = inserted.exitId;
  after.forEach((step, i) => {
    doc = addNode(doc, { type: step.type, params: step.params ?? {}, position: { x: blockEnd + COLUMN * (i + 1), y: step.at[1] * ROW } });
    const id = doc.nodes[doc.nodes.length - 1]!.id;
    doc = connect(doc, { source: previous, target: id });
    previous = id;
  });
  return doc;
}

save(
  'lstm-spam.nnd.json',
  build(
    'lstm-spam',
    'An LSTM reads an e-mail subject line word by word and decides whether it is spam. ' +
      'Each word becomes an id (the 2,000 most frequent words of the data; others are "unknown"), an Embedding turns ids into learned vectors, ' +
      'and the LSTM carries a memory along the line; padding (id 0) is masked so it does not count. ' +
      'Data: 3,000 subject lines of the SpamAssassin public corpus (examples/data/README.md). Reaches about 86 % validation accuracy in three epochs (more epochs overfit: watch the validation loss rise).',
    [
      { type: 'Input', params: { shape: [SUBJECT_TOKENS], dtype: 'int32' }, at: [0, 0] },
      { type: 'Embedding', params: { inputDim: SUBJECT_VOCABULARY, outputDim: 32, maskZero: true }, at: [1, 0] },
      { type: 'LSTM', params: { units: 32 }, at: [2, 0] },
      { type: 'Dense', params: { units: 2, activation: 'softmax' }, at: [3, 0] },
    ],
  ),
  spamText,
  classifierTraining,
);

save(
  'transformer-spam.nnd.json',
  withBlock(
    'transformer-spam',
    'A Transformer encoder (BERT-like) on the same spam-or-ham subject lines as lstm-spam. ' +
      'Word embeddings plus learned position embeddings go through one encoder block — multi-head self-attention and a GELU feed-forward, each wrapped in a residual Add and a LayerNormalization. ' +
      'Open the group to see the block’s parts. Global average pooling summarizes the words for the classifier. ' +
      'After training, the attention view shows which words each head looks at.',
    [
      { type: 'Input', params: { shape: [SUBJECT_TOKENS], dtype: 'int32' }, at: [0, 0] },
      { type: 'Embedding', params: { inputDim: SUBJECT_VOCABULARY, outputDim: 32, maskZero: true }, at: [1, 0] },
      { type: 'PositionalEmbedding', params: { maxLength: SUBJECT_TOKENS }, at: [2, 0] },
    ],
    { kind: 'encoder', dModel: 32, numHeads: 4, ffDim: 64, normFirst: false },
    [
      { type: 'GlobalAveragePooling1D', at: [0, 0] },
      { type: 'Dense', params: { units: 2, activation: 'softmax' }, at: [0, 0] },
    ],
  ),
  spamText,
  { ...classifierTraining, learningRate: 0.002 },
);

/** Characters of the corpus (66 distinct, lower-cased) plus padding and unknown, with room to spare. */
const CHARACTERS = 72;
const CONTEXT = 32;
save(
  'char-decoder.nnd.json',
  withBlock(
    'char-decoder',
    'A character-level causal decoder (a tiny GPT) that learns to write e-mail subject lines. ' +
      'It reads 32 characters and predicts the next one; causal attention lets each position look only at the characters before it. ' +
      'After training, it writes text after a prompt, one character at a time, feeding each back in: in the Generate box of the training view, or with nnd generate char-decoder.nnd.json --prompt "Re: " (after nnd train --save; without saved weights it writes with the untrained ones). ' +
      'Data: the subject lines of examples/data/spam-subjects.csv, read as one stream of characters.',
    [
      { type: 'Input', params: { shape: [CONTEXT], dtype: 'int32' }, at: [0, 0] },
      { type: 'Embedding', params: { inputDim: CHARACTERS, outputDim: 48 }, at: [1, 0] },
      { type: 'PositionalEmbedding', params: { maxLength: CONTEXT }, at: [2, 0] },
    ],
    { kind: 'decoder', dModel: 48, numHeads: 4, ffDim: 96, normFirst: true },
    [
      { type: 'LayerNormalization', params: { epsilon: 1e-5 }, at: [0, 0] },
      { type: 'TakeStep', params: { index: -1 }, at: [0, 0] },
      { type: 'Dense', params: { units: CHARACTERS, activation: 'softmax' }, at: [0, 0] },
    ],
  ),
  {
    kind: 'text',
    path: 'data/spam-subjects.csv',
    textColumn: 'text',
    task: 'next-token',
    tokenizer: 'char',
    vocabularySize: CHARACTERS,
    maxLength: CONTEXT,
    stride: 12,
  },
  { optimizer: 'adam', learningRate: 0.003, loss: 'categoricalCrossentropy', metrics: ['accuracy'], epochs: 3, batchSize: 64, validationSplit: 0.1, seed: 5 },
);

save(
  'lstm-weather.nnd.json',
  build(
    'lstm-weather',
    'An LSTM forecaster: from the last 14 days of Seattle weather (precipitation, maximum and minimum temperature, wind), ' +
      'predict tomorrow’s maximum temperature. Values are standardized, so the loss is in units of the temperature’s spread (about 7 °C): ' +
      'a validation MSE of 0.2 means a typical error of about 3 °C. Data: daily NOAA records 2012–2015, from vega-datasets (examples/data/README.md).',
    [
      { type: 'Input', params: { shape: [14, 4] }, at: [0, 0] },
      { type: 'LSTM', params: { units: 32 }, at: [1, 0] },
      { type: 'Dense', params: { units: 1 }, at: [2, 0] },
    ],
  ),
  {
    kind: 'timeseries',
    path: 'data/seattle-weather.csv',
    features: ['precipitation', 'temp_max', 'temp_min', 'wind'],
    target: 'temp_max',
    window: 14,
    horizon: 1,
  },
  { optimizer: 'adam', learningRate: 0.005, loss: 'mse', metrics: ['mae'], epochs: 8, batchSize: 32, validationSplit: 0.2, seed: 3 },
);

/** The same subject lines as char-decoder, 32 characters at a time, but the next character learned at every position (as a GPT is trained). */
const GPT_CONTEXT = 32;
const GPT_WIDTH = 64;
{
  let doc = build(
    'tiny-gpt',
    'A tiny GPT: token embeddings plus learned position embeddings, two pre-norm decoder blocks with causal multi-head self-attention, ' +
      'and a softmax over the 72 characters at every position. Unlike char-decoder, which learns one next character per window, it learns the next character at all 32 positions of each window at once ' +
      '(targets shifted by one; padding, id 0, left out of the loss), as GPT models are trained. After training it writes text (the Generate box of the training view, or nnd generate after nnd train --save): it appends the prediction at the last real position and repeats. ' +
      'Data: the subject lines of examples/data/spam-subjects.csv, read as one stream of characters. ' +
      'Quality: the 10 epochs set here take about a minute on two CPU cores and reach about 41 % per-character validation accuracy and a validation perplexity of about 8 (after 5 epochs, half a minute: at least 32 % and a perplexity under 11) (as unsure as a choice among 8 characters, of 72; always guessing the commonest, a space, is right about 15 % of the time).',
    [
      { type: 'Input', params: { shape: [GPT_CONTEXT], dtype: 'int32' }, at: [0, 0] },
      { type: 'Embedding', params: { inputDim: CHARACTERS, outputDim: GPT_WIDTH }, at: [1, 0] },
      { type: 'PositionalEmbedding', params: { maxLength: GPT_CONTEXT }, at: [2, 0] },
    ],
  );
  const block = { kind: 'decoder', dModel: GPT_WIDTH, numHeads: 4, ffDim: 2 * GPT_WIDTH, normFirst: true } as const;
  let previous = doc.nodes[doc.nodes.length - 1]!;
  let x = previous.position.x;
  for (let i = 0; i < 2; i++) {
    const inserted = insertTransformerBlock(doc, block, { position: { x: x + COLUMN, y: previous.position.y }, from: previous.id });
    doc = inserted.doc;
    x = Math.max(...inserted.nodeIds.map((id) => doc.nodes.find((n) => n.id === id)!.position.x));
    previous = doc.nodes.find((n) => n.id === inserted.exitId)!;
  }
  for (const step of [
    { type: 'LayerNormalization', params: { epsilon: 1e-5 } },
    { type: 'Dense', params: { units: CHARACTERS, activation: 'softmax' } },
  ]) {
    x += COLUMN;
    doc = addNode(doc, { type: step.type, params: step.params, position: { x, y: previous.position.y } });
    const id = doc.nodes[doc.nodes.length - 1]!.id;
    doc = connect(doc, { source: previous.id, target: id });
    previous = doc.nodes.find((n) => n.id === id)!;
  }
  save(
    'tiny-gpt.nnd.json',
    doc,
    {
      kind: 'text',
      path: 'data/spam-subjects.csv',
      textColumn: 'text',
      task: 'next-token',
      targetAt: 'every-position',
      tokenizer: 'char',
      vocabularySize: CHARACTERS,
      maxLength: GPT_CONTEXT,
      // Windows side by side: every character is a target once per epoch.
      stride: GPT_CONTEXT,
    },
    { optimizer: 'adam', learningRate: 0.003, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', 'perplexity'], epochs: 10, batchSize: 16, validationSplit: 0.1, seed: 5 },
  );
}

/** Digits per string to reverse; the answer has one token more (the end token). */
const REVERSE_DIGITS = 8;
/** Padding, start, end, the ten digits and '+' (the sequence tasks' shared vocabulary). */
const TASK_TOKENS = 14;
const SEQ2SEQ_WIDTH = 32;
{
  let doc = build(
    'seq2seq-reverse',
    'An encoder–decoder Transformer (as in "Attention is all you need", in miniature) that learns to write a string of eight digits backwards. ' +
      'The encoder reads the digits (embeddings plus positions, one self-attention block); the decoder reads the answer so far — during training the true answer shifted right behind a start token (teacher forcing) — ' +
      'and its cross-attention takes queries from the decoder and keys and values from the encoder. A softmax at every position predicts the next digit (or the end token). ' +
      'After training, type eight digits in the attention view: the cross-attention map of both heads shows the anti-diagonal — the first output digit looks at the last input digit, and so on. ' +
      'Data: 4,000 generated strings of random digits (sequence task "reverse"). ' +
      'Quality: the 4 epochs set here take under 10 seconds on two CPU cores and reach 100 % per-token validation accuracy; writing on its own (each digit fed back in, no teacher forcing) it reverses every validation string exactly.',
    [
      { type: 'Input', name: 'source', params: { shape: [REVERSE_DIGITS], dtype: 'int32' }, at: [0, 0] },
      { type: 'Embedding', name: 'source_embedding', params: { inputDim: TASK_TOKENS, outputDim: SEQ2SEQ_WIDTH }, at: [1, 0] },
      { type: 'PositionalEmbedding', name: 'source_positions', params: { maxLength: REVERSE_DIGITS }, at: [2, 0] },
      { type: 'Input', name: 'decoder_input', params: { shape: [REVERSE_DIGITS + 1], dtype: 'int32' }, at: [0, 3], from: [] },
      { type: 'Embedding', name: 'decoder_embedding', params: { inputDim: TASK_TOKENS, outputDim: SEQ2SEQ_WIDTH }, at: [1, 3] },
      { type: 'PositionalEmbedding', name: 'decoder_positions', params: { maxLength: REVERSE_DIGITS + 1 }, at: [2, 3] },
    ],
  );
  const encoder = insertTransformerBlock(doc, { kind: 'encoder', dModel: SEQ2SEQ_WIDTH, numHeads: 2, ffDim: 2 * SEQ2SEQ_WIDTH }, { position: { x: 3 * COLUMN, y: 0 }, from: 'source_positions' });
  doc = encoder.doc;
  const decoder = insertTransformerBlock(
    doc,
    { kind: 'decoder', crossAttention: true, dModel: SEQ2SEQ_WIDTH, numHeads: 2, ffDim: 2 * SEQ2SEQ_WIDTH },
    { position: { x: 3 * COLUMN, y: 3 * ROW }, from: 'decoder_positions', memory: encoder.exitId },
  );
  doc = decoder.doc;
  const end = Math.max(...decoder.nodeIds.map((id) => doc.nodes.find((n) => n.id === id)!.position.x));
  doc = addNode(doc, { type: 'Dense', name: 'next_token', params: { units: TASK_TOKENS, activation: 'softmax' }, position: { x: end + COLUMN, y: 3 * ROW } });
  doc = connect(doc, { source: decoder.exitId, target: 'next_token' });
  save(
    'seq2seq-reverse.nnd.json',
    doc,
    { kind: 'sequence-task', task: 'reverse', length: REVERSE_DIGITS, samples: 4000, seed: 1 },
    { optimizer: 'adam', learningRate: 0.005, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'], epochs: 4, batchSize: 64, validationSplit: 0.2, seed: 3 },
  );
}
