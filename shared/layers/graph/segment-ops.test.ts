import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { gatherRows, segmentMax, segmentSoftmax, segmentSum } from './segment-ops';

const ids = () => tf.tensor1d([2, 0, 2, 1, 2], 'int32');
const rows = () => tf.tensor2d([[1, -1], [2, 5], [3, 0], [4, 4], [-5, 9]]);

describe('segment ops', () => {
  it('segmentSum adds each row into its segment and leaves empty segments at 0', () => {
    expect(segmentSum(rows(), ids(), 4).arraySync()).toEqual([[2, 5], [4, 4], [-1, 8], [0, 0]]);
  });

  it('segmentMax takes the column-wise max per segment, 0 for an empty one', () => {
    expect(segmentMax(rows(), ids(), 4).arraySync()).toEqual([[2, 5], [4, 4], [3, 9], [0, 0]]);
  });

  it('gradients: gather scatters back, segmentSum gathers, segmentMax goes to the winning row', () => {
    const weights = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
    const viaSum = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(segmentSum(x, ids(), 4), weights)))(rows());
    expect(viaSum.arraySync()).toEqual([[5, 6], [1, 2], [5, 6], [3, 4], [5, 6]]);
    const viaMax = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(segmentMax(x, ids(), 4), weights)))(rows());
    // Segment 2 is won by row 2 in column 0 (3 > 1 > -5) and by row 4 in column 1 (9).
    expect(viaMax.arraySync()).toEqual([[0, 0], [1, 2], [5, 0], [3, 4], [0, 6]]);
    const viaGather = tf.grad((x: tf.Tensor) => tf.sum(gatherRows(x, ids())))(tf.zeros([3, 2]));
    expect(viaGather.arraySync()).toEqual([[1, 1], [1, 1], [3, 3]]);
  });

  it('segmentSoftmax sums to 1 over the edges into each node, even for scores far apart', () => {
    const scores = tf.tensor2d([[1000], [0], [1001], [-3], [999]]);
    const weights = segmentSoftmax(scores, ids(), 4).arraySync() as number[][];
    const total = [0, 0, 0];
    ids().arraySync().forEach((s, e) => (total[s]! += weights[e]![0]!));
    total.forEach((t) => expect(t).toBeCloseTo(1, 6));
    const e = Math.exp(1);
    expect(weights[2]![0]).toBeCloseTo(e / (1 + e + 1 / e), 5);
  });
});
