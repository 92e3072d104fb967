import * as tf from '@tensorflow/tfjs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { addNode } from '../../shared/graph/actions';
import { emptyDocument } from '../../shared/graph/document';
import { catalog } from '../../shared/layers';
import { insertTransformerBlock } from '../../shared/blocks/transformer';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { runTorchScript, shouldRunTorchTests } from './run-torch';

/**
 * Our MultiHeadAttention and Transformer encoder block against PyTorch's, a reference no one
 * here wrote: same weights, same inputs, outputs equal to 1e-4. torch runs in a separate
 * process (attention_reference.py beside this file).
 */
const SCRIPT = fileURLToPath(new URL('./attention_reference.py', import.meta.url));
const TOLERANCE = 1e-4;

type Nested = number | Nested[];

/** Every weight of a layer by its own name (`query/kernel`), with values drawn at random. */
function randomizeAndRead(layer: tf.layers.Layer, seed: number): Record<string, Nested> {
  const weights = layer.weights.map((w, i) => tf.randomNormal(w.shape as number[], 0, 0.4, 'float32', seed + i));
  layer.setWeights(weights);
  return Object.fromEntries(layer.weights.map((w, i) => [w.originalName.slice(layer.name.length + 1), weights[i]!.arraySync() as Nested]));
}

function maxAbsDiff(a: Nested, b: Nested): number {
  if (typeof a === 'number' || typeof b === 'number') return Math.abs((a as number) - (b as number));
  expect(a.length).toBe(b.length);
  return a.reduce<number>((m, x, i) => Math.max(m, maxAbsDiff(x, b[i]!)), 0);
}

interface AttentionCase {
  kind: 'attention';
  name: string;
  dModel: number;
  numHeads: number;
  causal: boolean;
  weights: Record<string, Nested>;
  query: Nested;
  value: Nested;
}

function attentionCase(name: string, causal: boolean, querySteps: number, valueSteps: number, seed: number) {
  const dModel = 12;
  const numHeads = 3;
  const kind = catalog.kind('MultiHeadAttention')!;
  const params = catalog.resolveParams('MultiHeadAttention', { numHeads, keyDim: dModel / numHeads, causal, returnAttentionScores: true });
  if (!params.success) throw new Error(params.error);
  const layer = tfjsCatalog.build(kind.type, params.params, 'mha', []);
  const query = tf.randomNormal([2, querySteps, dModel], 0, 1, 'float32', seed);
  const value = querySteps === valueSteps && seed % 2 === 0 ? query : tf.randomNormal([2, valueSteps, dModel], 0, 1, 'float32', seed + 1);
  layer.apply([query, value]);
  const weights = randomizeAndRead(layer, seed + 10);
  const [output, attention] = layer.apply([query, value]) as tf.Tensor[];
  const input: AttentionCase = { kind: 'attention', name, dModel, numHeads, causal, weights, query: query.arraySync() as Nested, value: value.arraySync() as Nested };
  return { input, ours: { output: output!.arraySync() as Nested, weights: attention!.arraySync() as Nested } };
}

function encoderCase(name: string, normFirst: boolean, seed: number) {
  const dModel = 16;
  const numHeads = 4;
  const ffDim = 24;
  const epsilon = 1e-5;
  let doc = addNode(emptyDocument('encoder'), { type: 'Input', params: { shape: [7, dModel] }, id: 'tokens', name: 'tokens' });
  const block = insertTransformerBlock(doc, { kind: 'encoder', dModel, numHeads, ffDim, normFirst, epsilon }, { position: { x: 300, y: 0 }, from: 'tokens' });
  doc = block.doc;
  const { model, layers } = compileGraph(doc, tfjsCatalog);
  const ofType = (type: string) => block.nodeIds.filter((id) => doc.nodes.find((n) => n.id === id)!.type === type).map((id) => layers.get(id)!);
  const [attention] = ofType('MultiHeadAttention');
  const [norm1, norm2] = ofType('LayerNormalization');
  const [linear1, linear2] = ofType('Dense');
  const weights: Record<string, unknown> = { attention: randomizeAndRead(attention!, seed) };
  for (const [key, layer] of Object.entries({ norm1, norm2, linear1, linear2 }))
    for (const [weight, values] of Object.entries(randomizeAndRead(layer!, seed + key.length * 31 + 100))) weights[`${key}/${weight}`] = values;
  const x = tf.randomNormal([3, 7, dModel], 0, 1, 'float32', seed + 500);
  const output = (model.predict(x) as tf.Tensor).arraySync() as Nested;
  return { input: { kind: 'encoder', name, dModel, numHeads, ffDim, epsilon, normFirst, weights, x: x.arraySync() as Nested }, ours: { output } };
}

describe.runIf(shouldRunTorchTests())('attention matches PyTorch to 1e-4', () => {
  it('MultiHeadAttention equals torch.nn.MultiheadAttention, outputs and per-head weights, with and without a causal mask', () => {
    const cases = [
      attentionCase('self-attention', false, 6, 6, 2),
      attentionCase('causal self-attention', true, 6, 6, 4),
      attentionCase('cross-attention over a longer memory', false, 5, 9, 7),
    ];
    const torch = runTorchScript<{ output: Nested; weights: Nested }[]>(SCRIPT, cases.map((c) => c.input));
    cases.forEach((c, i) => {
      expect(maxAbsDiff(c.ours.output, torch[i]!.output), c.input.name).toBeLessThanOrEqual(TOLERANCE);
      expect(maxAbsDiff(c.ours.weights, torch[i]!.weights), c.input.name).toBeLessThanOrEqual(TOLERANCE);
    });
    // The causal weights above the diagonal are exactly zero, so the future is really hidden.
    const causal = cases[1]!.ours.weights as number[][][][];
    expect(causal[0]![0]![0]!.slice(1).every((w) => w === 0)).toBe(true);
  });

  it('a Transformer encoder block of our nodes equals torch.nn.TransformerEncoderLayer (GELU), post-norm and pre-norm', () => {
    const cases = [encoderCase('post-norm', false, 20), encoderCase('pre-norm', true, 40)];
    const torch = runTorchScript<{ output: Nested }[]>(SCRIPT, cases.map((c) => c.input));
    cases.forEach((c, i) => expect(maxAbsDiff(c.ours.output, torch[i]!.output), c.input.name).toBeLessThanOrEqual(TOLERANCE));
    // Different norm placements compute different functions: the comparison can tell them apart.
    expect(maxAbsDiff(cases[0]!.ours.output, torch[1]!.output)).toBeGreaterThan(0.01);
  });
});
