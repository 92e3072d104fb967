import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Conv1DWithCausalPadding } from './causal-conv1d';
import { Conv2DWithTrainableDilation } from './conv2d';
import { DepthwiseConv2DWithDilation } from './depthwise-conv2d';
import { SeparableConv2DSavingDepthMultiplier } from './separable-conv2d';

/**
 * Our dilated convolutions must compute what tfjs's own dilated ops compute (those are
 * right going forward) and, unlike them, must train.
 */
const cases: { label: string; ours: () => tf.layers.Layer; tfjs: () => tf.layers.Layer; input: number[] }[] = [
  {
    label: 'Conv2D valid, dilation 2',
    ours: () => new Conv2DWithTrainableDilation({ filters: 3, kernelSize: 3, dilationRate: 2 }),
    tfjs: () => tf.layers.conv2d({ filters: 3, kernelSize: 3, dilationRate: 2 }),
    input: [11, 9, 2],
  },
  {
    label: 'Conv2D same, dilation [2, 3], odd sizes',
    ours: () => new Conv2DWithTrainableDilation({ filters: 2, kernelSize: [3, 2], dilationRate: [2, 3], padding: 'same', activation: 'relu' }),
    tfjs: () => tf.layers.conv2d({ filters: 2, kernelSize: [3, 2], dilationRate: [2, 3], padding: 'same', activation: 'relu' }),
    input: [7, 10, 3],
  },
  {
    label: 'Conv1D valid, dilation 3',
    ours: () => new Conv1DWithCausalPadding({ filters: 2, kernelSize: 3, dilationRate: 3 }),
    tfjs: () => tf.layers.conv1d({ filters: 2, kernelSize: 3, dilationRate: 3 }),
    input: [13, 2],
  },
  {
    label: 'Conv1D same, dilation 2, no bias',
    ours: () => new Conv1DWithCausalPadding({ filters: 4, kernelSize: 2, dilationRate: 2, padding: 'same', useBias: false }),
    tfjs: () => tf.layers.conv1d({ filters: 4, kernelSize: 2, dilationRate: 2, padding: 'same', useBias: false }),
    input: [9, 3],
  },
  {
    label: 'SeparableConv2D same, dilation 2, depth multiplier 2',
    ours: () => new SeparableConv2DSavingDepthMultiplier({ filters: 3, kernelSize: 3, dilationRate: 2, padding: 'same', depthMultiplier: 2 }),
    tfjs: () => tf.layers.separableConv2d({ filters: 3, kernelSize: 3, dilationRate: 2, padding: 'same', depthMultiplier: 2 }),
    input: [8, 9, 2],
  },
];

describe('dilated convolutions', () => {
  for (const c of cases) {
    it(`${c.label}: same output as tfjs's dilated op`, () => {
      const x = tf.randomNormal([2, ...c.input], 0, 1, 'float32', 5);
      const ours = c.ours();
      const reference = c.tfjs();
      const expected = reference.apply(x) as tf.Tensor;
      ours.apply(x); // builds the weights
      ours.setWeights(reference.getWeights());
      const actual = ours.apply(x) as tf.Tensor;
      expect(actual.shape).toEqual(expected.shape);
      const diff = tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]!;
      expect(diff).toBeLessThan(1e-5);
    });

    it(`${c.label}: trains, where tfjs's own cannot`, async () => {
      const build = (conv: tf.layers.Layer) => {
        const input = tf.input({ shape: c.input });
        const features = tf.layers.flatten().apply(conv.apply(input)) as tf.SymbolicTensor;
        const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 1 }).apply(features) as tf.SymbolicTensor });
        model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
        return model;
      };
      const x = tf.randomNormal([4, ...c.input], 0, 1, 'float32', 6);
      const y = tf.ones([4, 1]);
      await expect(build(c.tfjs()).fit(x, y, { epochs: 1, verbose: 0 })).rejects.toThrow(/dilation/);
      const history = await build(c.ours()).fit(x, y, { epochs: 3, verbose: 0 });
      const losses = history.history.loss as number[];
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(losses[2]!).toBeLessThan(losses[0]!);
    });
  }

  for (const padding of ['valid', 'same'] as const) {
    it(`DepthwiseConv2D ${padding}, dilation [2, 3]: honours the dilation tfjs's own layer ignores, and trains`, async () => {
      const layer = new DepthwiseConv2DWithDilation({ kernelSize: 3, dilationRate: [2, 3], padding, depthMultiplier: 2 });
      const x = tf.randomNormal([2, 9, 10, 2], 0, 1, 'float32', 8) as tf.Tensor4D;
      const actual = layer.apply(x) as tf.Tensor;
      const [kernel, bias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor1D];
      const expected = tf.add(tf.depthwiseConv2d(x, kernel, 1, padding, 'NHWC', [2, 3]), bias);
      expect(actual.shape).toEqual(expected.shape);
      expect(tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]!).toBeLessThan(1e-5);

      const input = tf.input({ shape: [9, 10, 2] });
      const conv = new DepthwiseConv2DWithDilation({ kernelSize: 3, dilationRate: [2, 3], padding });
      const features = tf.layers.flatten().apply(conv.apply(input)) as tf.SymbolicTensor;
      const model = tf.model({ inputs: input, outputs: tf.layers.dense({ units: 1 }).apply(features) as tf.SymbolicTensor });
      model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
      const history = await model.fit(x, tf.ones([2, 1]), { epochs: 3, verbose: 0 });
      const losses = history.history.loss as number[];
      expect(losses[2]!).toBeLessThan(losses[0]!);
    });
  }
});
