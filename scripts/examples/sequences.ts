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
      'After training, generate text from a prompt (nnd generate, or the Generate box of the training view): it writes one character at a time, feeding each back in. ' +
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
