import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FastLSTM, MultiHeadAttention } from '.';
import { ownMask } from './own-mask';

describe('masks that are not the sequence’s own', () => {
  it('keeps a mask of the sequence’s [batch, steps] (also with a leading axis) and drops any other', () => {
    const x = tf.zeros([2, 4, 3]);
    expect(ownMask(x, tf.ones([2, 4]))).toBeDefined();
    expect(ownMask(x, tf.ones([1, 2, 4]))).toBeDefined();
    expect(ownMask(x, tf.ones([2, 8]))).toBeUndefined();
    expect(ownMask(x, null)).toBeUndefined();
  });

  // Found by the fuzzer: Embedding(maskZero) → pooling → recurrent layer failed with
  // "Size(4) must match the product of shape 2,1" — tfjs passed the embedding's mask on past the pooling.
  it.each([
    ['LSTM', () => new FastLSTM({ units: 3, returnSequences: true })],
    ['LSTM with a recurrent activation the fused op lacks (tfjs’s loop)', () => new FastLSTM({ units: 3, returnSequences: true, recurrentActivation: 'softsign' })],
    ['MultiHeadAttention', () => new MultiHeadAttention({ numHeads: 2, keyDim: 2 })],
  ])('%s after a pooling that shortened a masked sequence predicts and trains', async (_name, makeLayer) => {
    const ids = tf.input({ shape: [4], dtype: 'int32' });
    const embedded = tf.layers.embedding({ inputDim: 5, outputDim: 4, maskZero: true }).apply(ids) as tf.SymbolicTensor;
    const pooled = tf.layers.averagePooling1d({ poolSize: 2 }).apply(embedded) as tf.SymbolicTensor;
    const output = tf.layers.flatten().apply(makeLayer().apply(pooled) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const model = tf.model({ inputs: ids, outputs: output });
    const xs = tf.tensor2d([[1, 2, 0, 0], [3, 0, 0, 0]], [2, 4], 'int32');
    const predicted = model.predict(xs) as tf.Tensor;
    expect(predicted.shape[0]).toBe(2);
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    await model.fit(xs, tf.zerosLike(predicted), { epochs: 1, verbose: 0 });
    tf.dispose([xs, predicted]);
    model.dispose();
  });
});
