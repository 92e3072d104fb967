import * as tf from '@tensorflow/tfjs';
import type { AttentionMaps, GeneratedText } from './sequence-inspection-schema';
import { createRandom } from '../data/dataset';
import { decodeTokens, encodeText, tokenize, vocabularyIndex, type TextDatasetReference } from '../data/text';
import { MultiHeadAttention } from '../layers/custom/multi-head-attention';

/**
 * Looking inside a trained sequence model: the attention weights of every multi-head
 * attention layer for one input, and text written by a language model (a causal decoder
 * trained on next-token windows).
 */

// The wire schemas live apart so the HostApi contract (which the page and the preload load) does not pull in tfjs.
export { AttentionMapsSchema, GeneratedTextSchema, type AttentionMaps, type GeneratedText } from './sequence-inspection-schema';

function attentionLayers(model: tf.LayersModel): MultiHeadAttention[] {
  return model.layers.filter((l): l is MultiHeadAttention => l instanceof MultiHeadAttention);
}

/** Whether padding (id 0) is masked: a layer with maskZero (an Embedding) feeds the model. */
function masksPadding(model: tf.LayersModel): boolean {
  return model.layers.some((l) => (l.getConfig() as { maskZero?: boolean }).maskZero === true);
}

/** The model inputs a tensor of the graph is computed from (their positions in model.inputs). */
function inputsBehind(model: tf.LayersModel, tensor: tf.SymbolicTensor): Set<number> {
  const found = new Set<number>();
  const seen = new Set<tf.SymbolicTensor>();
  const visit = (t: tf.SymbolicTensor) => {
    if (seen.has(t)) return;
    seen.add(t);
    const k = model.inputs.indexOf(t);
    if (k >= 0) found.add(k);
    else for (const before of t.sourceLayer.inboundNodes[t.nodeIndex]?.inputTensors ?? []) visit(before);
  };
  visit(tensor);
  return found;
}

/** Which input's tokens label the steps of `tensor`: the one it is computed from with as many steps (the first, if several). */
function tokensAlong(model: tf.LayersModel, tensor: tf.SymbolicTensor, tokens: string[][]): string[] {
  const behind = [...inputsBehind(model, tensor)].sort((a, b) => a - b);
  const k = behind.find((i) => tokens[i]!.length === tensor.shape[1]) ?? behind[0] ?? 0;
  return tokens[k]!;
}

/**
 * Each attention layer's weights for one sample, given as token ids per model input (one
 * input for a text model; the source and the decoder's input for an encoder–decoder). Where
 * the model has several inputs, each layer says which tokens its queries and keys are.
 */
export function attentionMapsForInputs(model: tf.LayersModel, feeds: number[][], vocabulary: readonly string[]): AttentionMaps {
  const layers = attentionLayers(model);
  if (layers.length === 0) throw new Error('the model has no multi-head attention layer, so it has no attention maps to show');
  if (feeds.length !== model.inputs.length) throw new Error(`the model reads ${model.inputs.length} inputs, not ${feeds.length}`);
  const tokens = feeds.map((ids) => ids.map((id) => vocabulary[id] ?? '<unk>'));
  const several = feeds.length > 1;
  const maps = tf.tidy(() => {
    const inputs = feeds.map((ids, k) => tf.tensor2d([ids], [1, ids.length], model.inputs[k]!.dtype === 'int32' ? 'int32' : 'float32'));
    const masks = masksPadding(model);
    return layers.map((layer) => {
      const symbolic = ([] as tf.SymbolicTensor[]).concat(layer.input as tf.SymbolicTensor | tf.SymbolicTensor[]);
      const feedsOfLayer = tf.model({ inputs: model.inputs, outputs: layer.input as tf.SymbolicTensor | tf.SymbolicTensor[] });
      const layerInputs = feedsOfLayer.predict(inputs.length === 1 ? inputs[0]! : inputs) as tf.Tensor | tf.Tensor[];
      const keyTensor = symbolic[2] ?? symbolic[1] ?? symbolic[0]!;
      const keyTokens = tokensAlong(model, keyTensor, tokens);
      const keyInput = tokens.indexOf(keyTokens);
      const keyMask = masks && keyTensor.shape[1] === feeds[keyInput]!.length ? tf.notEqual(inputs[keyInput]!, 0) : undefined;
      const weights = layer.attentionWeights(layerInputs, keyMask);
      const heads = (weights.arraySync() as number[][][][])[0]!;
      return { layer: layer.name, causal: layer.causal, heads, ...(several ? { queryTokens: tokensAlong(model, symbolic[0]!, tokens), keyTokens } : {}) };
    });
  });
  return { tokens: tokens[0]!, layers: maps };
}

/** Each attention layer's weights for one sequence of token ids. */
export function attentionMapsFor(model: tf.LayersModel, ids: number[], vocabulary: readonly string[]): AttentionMaps {
  return attentionMapsForInputs(model, [ids], vocabulary);
}

/** Where an encoder–decoder's two inputs sit among the model's inputs. */
export interface EncoderDecoderInputs {
  source: number;
  decoderInput: number;
}

/**
 * What an encoder–decoder trained with teacher forcing writes for each source, one token at a
 * time: the decoder starts from the start token, and the likeliest token at step t becomes
 * its input at step t + 1, until the end token (not included) or its last position.
 */
export function decodeGreedy(model: tf.LayersModel, sources: number[][], inputs: EncoderDecoderInputs, tokens: { start: number; end: number }): number[][] {
  const steps = model.inputs[inputs.decoderInput]!.shape[1];
  if (typeof steps !== 'number') throw new Error("the decoder's input needs a fixed length to write into");
  const decoderRows = sources.map(() => [tokens.start, ...new Array<number>(steps - 1).fill(0)]);
  const written = sources.map(() => [] as number[]);
  const ended = sources.map(() => false);
  for (let t = 0; t < steps && ended.some((e) => !e); t++) {
    const next = tf.tidy(() => {
      const feeds: tf.Tensor[] = [];
      feeds[inputs.source] = tf.tensor2d(sources, [sources.length, sources[0]!.length], 'int32');
      feeds[inputs.decoderInput] = tf.tensor2d(decoderRows, [sources.length, steps], 'int32');
      const output = model.predict(feeds) as tf.Tensor;
      return Array.from(output.slice([0, t, 0], [-1, 1, -1]).argMax(-1).dataSync());
    });
    next.forEach((id, i) => {
      if (ended[i]) return;
      if (id === tokens.end || id === 0) ended[i] = true;
      else written[i]!.push(id);
      if (t + 1 < steps) decoderRows[i]![t + 1] = id;
    });
  }
  return written;
}

/**
 * An encoder–decoder's answer for one source and the attention maps of writing it: the
 * decoder reads its own answer (start token first), as it did the true one in training.
 */
export function encoderDecoderAttention(
  model: tf.LayersModel,
  source: number[],
  inputs: EncoderDecoderInputs,
  vocabulary: readonly string[],
  tokens: { start: number; end: number },
): AttentionMaps {
  const answer = decodeGreedy(model, [source], inputs, tokens)[0]!;
  const steps = model.inputs[inputs.decoderInput]!.shape[1] as number;
  const decoderRow = [tokens.start, ...answer, tokens.end].slice(0, steps);
  const feeds: number[][] = [];
  feeds[inputs.source] = source;
  feeds[inputs.decoderInput] = [...decoderRow, ...new Array<number>(steps - decoderRow.length).fill(0)];
  return { ...attentionMapsForInputs(model, feeds, vocabulary), answer: answer.map((id) => vocabulary[id] ?? '<unk>') };
}

/** The ids an input text becomes for the model, as its dataset tokenized it. */
export function idsForText(text: string, ref: TextDatasetReference, vocabulary: readonly string[]): number[] {
  return encodeText(text, ref, vocabulary);
}

export interface GenerateOptions {
  prompt: string;
  /** Tokens to write. */
  length: number;
  /** Below 1 sharper (0: always the likeliest token), above 1 more surprising. */
  temperature: number;
  seed: number;
}

/**
 * Whether a next-token model predicts at every position ([batch, steps, vocabulary], a GPT
 * trained on every position's next token) rather than once after its window ([batch, vocabulary]).
 */
export function predictsEveryPosition(model: tf.LayersModel): boolean {
  return model.outputs[0]!.shape.length === 3;
}

/**
 * Writes `length` tokens after the prompt with a next-token model, one at a time, feeding
 * each back in. A model that predicts once per window (output: a probability per vocabulary
 * id) reads the last `maxLength` ids, a prompt shorter than the window preceded by line
 * breaks, the way each line of the training text followed the one before. A model that
 * predicts at every position reads the text from its first position, one line break before
 * the prompt (where a line starts in the training text), and the prediction at the last real
 * position is the next token: its attention is causal, so the padding after that position
 * changes nothing before it.
 */
export function generateText(model: tf.LayersModel, ref: TextDatasetReference, vocabulary: readonly string[], options: GenerateOptions): GeneratedText {
  if (ref.task !== 'next-token') throw new Error('only a model trained to predict the next token (a text dataset with task next-token) can write text');
  const index = vocabularyIndex(vocabulary);
  const lineBreak = index.get('\n') ?? 0;
  const ids = tokenize(options.prompt, ref).map((t) => index.get(t) ?? 1);
  const random = createRandom(options.seed);
  const written: number[] = [];
  const dtype = model.inputs[0]!.dtype === 'int32' ? 'int32' : 'float32';
  const everyPosition = predictsEveryPosition(model);
  const predict = (window: number[], position: number) =>
    tf.tidy(() => {
      const output = model.predict(tf.tensor2d([window], [1, ref.maxLength], dtype)) as tf.Tensor;
      return (everyPosition ? output.slice([0, position, 0], [1, 1, -1]) : output).dataSync() as Float32Array;
    });
  for (let step = 0; step < options.length; step++) {
    let probabilities: Float32Array;
    if (everyPosition) {
      const context = [...(index.has('\n') ? [lineBreak] : []), ...ids, ...written].slice(-ref.maxLength);
      if (context.length === 0) throw new Error('give a prompt to continue: this vocabulary has no line break to start from');
      probabilities = predict([...context, ...new Array<number>(ref.maxLength - context.length).fill(0)], context.length - 1);
    } else {
      const context = [...ids, ...written].slice(-ref.maxLength);
      probabilities = predict([...new Array<number>(ref.maxLength - context.length).fill(lineBreak), ...context], ref.maxLength - 1);
    }
    written.push(sample(probabilities, vocabulary.length, options.temperature, random));
  }
  return { prompt: options.prompt, continuation: decodeTokens(written, vocabulary, ref.tokenizer) };
}

/**
 * An id drawn from the probabilities sharpened or flattened by the temperature; never padding,
 * unknown, or an id past the vocabulary (an output layer sized with room to spare has some).
 */
function sample(probabilities: Float32Array, vocabularySize: number, temperature: number, random: () => number): number {
  const usable = Array.from(probabilities, (p, id) => (id < 2 || id >= vocabularySize ? 0 : p));
  if (temperature <= 0) return usable.indexOf(Math.max(...usable));
  const weights = usable.map((p) => Math.pow(p, 1 / temperature));
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let id = 0; id < weights.length; id++) {
    r -= weights[id]!;
    if (r <= 0) return id;
  }
  return weights.length - 1;
}
