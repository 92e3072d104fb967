import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend';
import { registerFastPath } from '../fast-path';
import { createRandom } from '../../../shared/data/dataset';

/**
 * Each JS kernel we add to wasm is compared with the cpu backend's kernel on random data,
 * by running the same gradient computation once per backend.
 */
beforeAll(async () => {
  await registerFastPath();
  expect(await selectBackend('wasm')).toBe('wasm');
});

function randomTensor(shape: number[], seed: number): tf.Tensor {
  const random = createRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => random() * 2 - 1), shape);
}

/** Runs `compute` on both backends with the same random inputs and returns the max abs difference. */
function compareWithCpu(shapes: number[][], compute: (...inputs: tf.Tensor[]) => tf.Tensor, kernel: string): number {
  const results: Float32Array[] = [];
  for (const backend of ['cpu', 'wasm']) {
    tf.setBackend(backend);
    const inputs = shapes.map((s, i) => randomTensor(s, 100 + i));
    const out = tf.tidy(() => compute(...inputs));
    results.push(out.dataSync() as Float32Array);
    tf.dispose([out, ...inputs]);
  }
  tf.setBackend('wasm');
  expect(results[0]!.length).toBe(results[1]!.length);
  expect(tf.getKernel(kernel, 'wasm')).toBeDefined();
  let max = 0;
  for (let i = 0; i < results[0]!.length; i++) max = Math.max(max, Math.abs(results[0]![i]! - results[1]![i]!));
  return max;
}

describe('wasm gradient kernels agree with the cpu backend', () => {
  const cases: { name: string; kernel: string; shapes: number[][]; compute: (...t: tf.Tensor[]) => tf.Tensor }[] = [
    {
      name: 'Conv2DBackpropFilter, stride 1, same padding',
      kernel: 'Conv2DBackpropFilter',
      shapes: [[2, 7, 6, 3], [3, 3, 3, 4], [2, 7, 6, 4]],
      compute: (x, w, dy) => tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same'), dy!)))(w!),
    },
    {
      name: 'Conv2DBackpropFilter, stride 2, valid padding, rectangular kernel',
      kernel: 'Conv2DBackpropFilter',
      shapes: [[3, 9, 8, 2], [3, 2, 2, 5], [3, 4, 4, 5]],
      compute: (x, w, dy) => tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 'valid'), dy!)))(w!),
    },
    {
      name: 'Conv2DBackpropFilter, stride [2, 1], same padding',
      kernel: 'Conv2DBackpropFilter',
      shapes: [[1, 8, 5, 3], [5, 3, 3, 2], [1, 4, 5, 2]],
      compute: (x, w, dy) => tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, [2, 1], 'same'), dy!)))(w!),
    },
    {
      name: 'DepthwiseConv2dNativeBackpropFilter, multiplier 2, stride 2, same padding',
      kernel: 'DepthwiseConv2dNativeBackpropFilter',
      shapes: [[2, 7, 7, 3], [3, 3, 3, 2], [2, 4, 4, 6]],
      compute: (x, w, dy) =>
        tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, 2, 'same'), dy!)))(w!),
    },
    {
      name: 'DepthwiseConv2dNativeBackpropInput, multiplier 1, stride 1, valid padding',
      kernel: 'DepthwiseConv2dNativeBackpropInput',
      shapes: [[2, 6, 5, 4], [3, 2, 4, 1], [2, 4, 4, 4]],
      compute: (x, w, dy) =>
        tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(input as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid'), dy!)))(x!),
    },
    {
      name: 'DepthwiseConv2dNativeBackpropInput, multiplier 3, stride 2, same padding',
      kernel: 'DepthwiseConv2dNativeBackpropInput',
      shapes: [[1, 9, 8, 2], [3, 3, 2, 3], [1, 5, 4, 6]],
      compute: (x, w, dy) =>
        tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(input as tf.Tensor4D, w as tf.Tensor4D, 2, 'same'), dy!)))(x!),
    },
    {
      name: 'UnsortedSegmentSum through the gradient of gather (an embedding lookup)',
      kernel: 'UnsortedSegmentSum',
      shapes: [[10, 4], [6, 3, 4]],
      compute: (table, dy) => {
        const ids = tf.tensor2d([[1, 3, 3], [0, 9, 1], [2, 2, 2], [5, 6, 7], [8, 8, 0], [4, 4, 1]], [6, 3], 'int32');
        return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), dy!)))(table!);
      },
    },
  ];

  for (const c of cases)
    it(c.name, () => {
      expect(compareWithCpu(c.shapes, c.compute, c.kernel)).toBeLessThanOrEqual(1e-4);
    });

  it('UnsortedSegmentSum drops ids outside the segments, as TensorFlow does', () => {
    const x = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8]]);
    const ids = tf.tensor1d([1, -1, 1, 5], 'int32');
    expect(tf.unsortedSegmentSum(x, ids, 3).arraySync()).toEqual([[0, 0], [6, 8], [0, 0]]);
  });
});

/**
 * Neither the cpu backend's depthwise gradient kernels nor tfjs's gradient functions handle
 * dilation, so our kernels are run directly and checked against the definition:
 * L = Σ dy ⊙ conv(x, w) is linear in w (and in x), so ∂L/∂w[k] = Σ dy ⊙ conv(x, e_k) with
 * e_k the one-hot filter — forward convolutions only, which do support dilation.
 */
describe('wasm depthwise gradients with dilation', () => {
  it('match sums of forward convolutions', () => {
    const x = randomTensor([1, 7, 7, 2], 1) as tf.Tensor4D;
    const w = randomTensor([2, 2, 2, 1], 2) as tf.Tensor4D;
    const dy = randomTensor([1, 5, 5, 2], 3);
    const loss = (input: tf.Tensor4D, filter: tf.Tensor4D) =>
      tf.sum(tf.mul(tf.depthwiseConv2d(input, filter, 1, 'valid', 'NHWC', 2), dy)).dataSync()[0]!;
    const attrs = { strides: [1, 1], dilations: [2, 2], pad: 'valid' };
    const dw = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape }) as tf.Tensor;
    const dx = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: w }, { ...attrs, inputShape: x.shape }) as tf.Tensor;
    const unit = (k: number, shape: number[]) => tf.oneHot(k, shape.reduce((a, b) => a * b, 1)).reshape(shape).cast('float32') as tf.Tensor4D;
    const expectedDw = Array.from({ length: w.size }, (_, k) => loss(x, unit(k, w.shape)));
    const expectedDx = Array.from({ length: x.size }, (_, k) => loss(unit(k, x.shape), w));
    const maxDiff = (a: ArrayLike<number>, b: number[]) => Math.max(...b.map((v, i) => Math.abs(v - a[i]!)));
    expect(maxDiff(dw.dataSync(), expectedDw)).toBeLessThanOrEqual(1e-4);
    expect(maxDiff(dx.dataSync(), expectedDx)).toBeLessThanOrEqual(1e-4);
    expect(Math.max(...expectedDw.map(Math.abs))).toBeGreaterThan(0.1);
  });
});
