import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { mapDatasetPaths } from '../../shared/data/reference';
import { textVocabulary, type TextDatasetReference } from '../../shared/data/text';
import type { GraphDocument } from '../../shared/graph/document';
import { TrainingConfigSchema } from '../../shared/graph/training-config';
import { withSeededRandom } from '../../shared/layers/seed';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { attentionMapsFor, generateText, idsForText } from '../../shared/training/sequence-inspection';
import { trainModel } from '../../shared/training/train';
import { selectBackend } from './backend';
import { registerFastPath } from './fast-path';
import { loadDatasetFromReference } from '../node/datasets';
import { readProject } from '../node/project-files';

/**
 * The sequence templates train to their stated quality on this machine's wasm backend, with
 * the project's own data and settings (shortened where the description's full run takes
 * minutes). The bars sit below what a run reaches, so they hold from seed to seed, and far
 * above chance, so a broken layer cannot pass.
 */
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));

beforeAll(async () => {
  tf.enableProdMode();
  await registerFastPath();
  expect(await selectBackend('wasm')).toBe('wasm');
});

async function trained(file: string, overrides: Record<string, unknown> = {}, datasetOverrides: Record<string, unknown> = {}) {
  const doc: GraphDocument = await readProject(path.join(EXAMPLES, file));
  const ref = mapDatasetPaths({ ...doc.dataset!, ...datasetOverrides } as typeof doc.dataset & object, (p) => path.resolve(EXAMPLES, p));
  const config = TrainingConfigSchema.parse({ ...doc.training, ...overrides });
  const model = withSeededRandom(config.seed, () => compileGraph(doc, tfjsCatalog).model);
  const outputUnits = model.outputs[0]!.shape[1] ?? null;
  const data = await loadDatasetFromReference(ref, { validationSplit: config.validationSplit, seed: config.seed, target: { units: outputUnits, loss: config.loss } });
  const started = Date.now();
  const outcome = await trainModel(model, data, config, { backend: 'wasm' });
  return { model, ref, outcome, seconds: (Date.now() - started) / 1000 };
}

describe('sequence templates reach their quality bars', () => {
  it('lstm-spam: at least 83 % validation accuracy on spam vs ham subject lines (3 epochs)', async () => {
    const { outcome, seconds } = await trained('lstm-spam.nnd.json', { epochs: 3 });
    console.log(`lstm-spam: ${JSON.stringify(outcome.metrics)} in ${seconds.toFixed(0)} s`);
    expect(outcome.metrics.val_acc).toBeGreaterThanOrEqual(0.83);
  }, 300_000);

  it('transformer-spam: at least 83 % validation accuracy, and its attention maps are distributions over the words', async () => {
    const { model, ref, outcome, seconds } = await trained('transformer-spam.nnd.json', { epochs: 3 });
    console.log(`transformer-spam: ${JSON.stringify(outcome.metrics)} in ${seconds.toFixed(0)} s`);
    expect(outcome.metrics.val_acc).toBeGreaterThanOrEqual(0.83);

    const textRef = ref as TextDatasetReference;
    const vocabulary = textVocabulary(await readFile(textRef.path, 'utf8'), textRef, textRef.path);
    const maps = attentionMapsFor(model, idsForText('FREE money for you now', textRef, vocabulary), vocabulary);
    expect(maps.tokens.slice(0, 6)).toEqual(['free', 'money', 'for', 'you', 'now', '']);
    expect(maps.layers).toHaveLength(1);
    const heads = maps.layers[0]!.heads;
    expect(heads).toHaveLength(4);
    for (const head of heads)
      for (const row of head) {
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
        // Padding is masked: no weight on the empty positions after the five words.
        expect(row.slice(5).every((w) => w < 1e-6)).toBe(true);
      }
  }, 300_000);

  it('lstm-weather: validation MSE at most 0.2 (standardized max temperature, i.e. a typical error under 3.2 °C)', async () => {
    const { outcome, seconds } = await trained('lstm-weather.nnd.json', { epochs: 8 });
    console.log(`lstm-weather: ${JSON.stringify(outcome.metrics)} in ${seconds.toFixed(0)} s`);
    expect(outcome.metrics.val_loss).toBeLessThanOrEqual(0.2);
  }, 300_000);

  it('char-decoder: predicts the next character far above chance and writes text from a prompt', async () => {
    // One epoch over every 8th window rather than the template's two over every 12th.
    const { model, ref, outcome, seconds } = await trained('char-decoder.nnd.json', { epochs: 1 }, { stride: 8 });
    console.log(`char-decoder: ${JSON.stringify(outcome.metrics)} in ${seconds.toFixed(0)} s`);
    // 66 characters: always guessing the commonest (a space) is right about 15 % of the time.
    expect(outcome.metrics.val_acc).toBeGreaterThanOrEqual(0.2);

    const textRef = ref as TextDatasetReference;
    const vocabulary = textVocabulary(await readFile(textRef.path, 'utf8'), textRef, textRef.path);
    const options = { prompt: 'Re: ', length: 40, temperature: 0.7, seed: 3 };
    const written = generateText(model, textRef, vocabulary, options);
    console.log(`char-decoder writes: ${JSON.stringify(written.prompt + written.continuation)}`);
    expect([...written.continuation]).toHaveLength(40);
    expect([...written.continuation].every((c) => vocabulary.includes(c))).toBe(true);
    // Not one character repeated: it learned more than the commonest character.
    expect(new Set(written.continuation).size).toBeGreaterThan(5);
    expect(generateText(model, textRef, vocabulary, options)).toEqual(written);
  }, 300_000);
});
