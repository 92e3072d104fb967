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

/** Each attention layer's weights for one sequence of token ids. */
export function attentionMapsFor(model: tf.LayersModel, ids: number[], vocabulary: readonly string[]): AttentionMaps {
  const layers = attentionLayers(model);
  if (layers.length === 0) throw new Error('the model has no multi-head attention layer, so it has no attention maps to show');
  const maps = tf.tidy(() => {
    const input = tf.tensor2d([ids], [1, ids.length], model.inputs[0]!.dtype === 'int32' ? 'int32' : 'float32');
    const keyMask = masksPadding(model) ? tf.notEqual(input, 0) : undefined;
    return layers.map((layer) => {
      const feeds = tf.model({ inputs: model.inputs, outputs: layer.input as tf.SymbolicTensor | tf.SymbolicTensor[] });
      const layerInputs = feeds.predict(input) as tf.Tensor | tf.Tensor[];
      const keys = (Array.isArray(layerInputs) ? (layerInputs[2] ?? layerInputs[1]!) : layerInputs).shape[1];
      const weights = layer.attentionWeights(layerInputs, keys === ids.length ? keyMask : undefined);
      return { layer: layer.name, causal: layer.causal, heads: (weights.arraySync() as number[][][][])[0]! };
    });
  });
  return { tokens: ids.map((id) => vocabulary[id] ?? '<unk>'), layers: maps };
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
 * Writes `length` tokens after the prompt with a next-token model (input: the last
 * `maxLength` ids; output: a probability per vocabulary id), one at a time, feeding each
 * back in. A prompt shorter than the window is preceded by line breaks, the way each line
 * of the training text followed the one before.
 */
export function generateText(model: tf.LayersModel, ref: TextDatasetReference, vocabulary: readonly string[], options: GenerateOptions): GeneratedText {
  if (ref.task !== 'next-token') throw new Error('only a model trained to predict the next token (a text dataset with task next-token) can write text');
  const index = vocabularyIndex(vocabulary);
  const lineBreak = index.get('\n') ?? 0;
  const ids = tokenize(options.prompt, ref).map((t) => index.get(t) ?? 1);
  const random = createRandom(options.seed);
  const written: number[] = [];
  const dtype = model.inputs[0]!.dtype === 'int32' ? 'int32' : 'float32';
  for (let step = 0; step < options.length; step++) {
    const context = [...ids, ...written].slice(-ref.maxLength);
    const window = [...new Array<number>(ref.maxLength - context.length).fill(lineBreak), ...context];
    const probabilities = tf.tidy(() => (model.predict(tf.tensor2d([window], [1, ref.maxLength], dtype)) as tf.Tensor).dataSync() as Float32Array);
    written.push(sample(probabilities, options.temperature, random));
  }
  return { prompt: options.prompt, continuation: decodeTokens(written, vocabulary, ref.tokenizer) };
}

/** An id drawn from the probabilities sharpened or flattened by the temperature; never padding or unknown. */
function sample(probabilities: Float32Array, temperature: number, random: () => number): number {
  const usable = Array.from(probabilities, (p, id) => (id < 2 ? 0 : p));
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
