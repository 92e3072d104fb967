import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { tfjsCatalog } from '../../tfjs-catalog';
import { dropoutSpec } from './spec';

describe('Dropout', () => {
  it('passes its input through when predicting, as its spec says', () => {
    expect(dropoutSpec.passesInputWhenPredicting).toBe(true);
    const layer = tfjsCatalog.build('Dropout', { rate: 0.5 }, 'drop', [[null, 4]]);
    const x = tf.tensor2d([[1, 2, 3, 4]]);
    const y = layer.apply(x, { training: false }) as tf.Tensor;
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    tf.dispose([x, y]);
  });
});
