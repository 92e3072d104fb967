import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { MultiHeadAttention } from './multi-head-attention';

function layer(args: Partial<ConstructorParameters<typeof MultiHeadAttention>[0]> = {}): MultiHeadAttention {
  const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 3, ...args });
  mha.apply([tf.zeros([1, 4, 6]), tf.zeros([1, 4, 6])]);
  mha.setWeights(mha.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', i + 1)));
  return mha;
}

describe('MultiHeadAttention', () => {
  const x = tf.randomNormal([2, 4, 6], 0, 1, 'float32', 9);

  it('computes self-attention on one tensor exactly as on [x, x]', () => {
    const mha = layer();
    const single = mha.apply(x) as tf.Tensor;
    const pair = mha.call([x, x], {}) as tf.Tensor;
    expect(single.shape).toEqual([2, 4, 6]);
    expect(tf.max(tf.abs(tf.sub(single, pair))).dataSync()[0]).toBeLessThan(1e-6);
  });

  it('gives masked keys no weight and the future no weight under a causal mask', () => {
    const mha = layer({ causal: true });
    const keyMask = tf.tensor2d([[1, 1, 1, 0], [1, 1, 1, 1]], [2, 4], 'bool');
    const weights = mha.attentionWeights(x, keyMask).arraySync() as number[][][][];
    for (const [b, sample] of weights.entries())
      for (const head of sample)
        head.forEach((row, q) => {
          expect(row.reduce((a, w) => a + w, 0)).toBeCloseTo(1, 5);
          row.forEach((w, k) => {
            if (k > q || (b === 0 && k === 3)) expect(w).toBe(0);
          });
        });
  });

  it('outputs its weights [batch, heads, queries, keys] when asked, and a projection of its own size', () => {
    const mha = new MultiHeadAttention({ numHeads: 3, keyDim: 2, valueDim: 5, outputDim: 7, returnAttentionScores: true });
    const [out, weights] = mha.apply([x, tf.randomNormal([2, 9, 6])]) as tf.Tensor[];
    expect(out!.shape).toEqual([2, 4, 7]);
    expect(weights!.shape).toEqual([2, 3, 4, 9]);
    expect(mha.weights.map((w) => [w.originalName.split('/').slice(1).join('/'), w.shape])).toEqual([
      ['query/kernel', [6, 3, 2]],
      ['key/kernel', [6, 3, 2]],
      ['value/kernel', [6, 3, 5]],
      ['query/bias', [3, 2]],
      ['key/bias', [3, 2]],
      ['value/bias', [3, 5]],
      ['attention_output/kernel', [3, 5, 7]],
      ['attention_output/bias', [7]],
    ]);
  });
});
