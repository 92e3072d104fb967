import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../..';
import { failureOf, fromKeras, inferWith, kerasRefusal } from '../../test-helpers';
import { tfjsCatalog } from '../../tfjs-catalog';

const KERAS3_DTYPE = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };

describe('convolution shape messages', () => {
  it('Conv2D on a flat input names the layout and suggests the Reshape that fits', () => {
    expect(failureOf('Conv2D', {}, [[null, 784]])).toBe(
      'Conv2D expects a 4-D input [batch, height, width, channels] but gets [batch, 784] — add a Reshape to [28, 28, 1] before it',
    );
    expect(failureOf('Conv2D', {}, [[null, 10]])).toContain('add a Reshape before it that gives each sample [height, width, channels]');
  });

  it('Conv2D on a grey image without a channel axis suggests adding one', () => {
    expect(failureOf('Conv2D', {}, [[null, 28, 28]])).toBe(
      'Conv2D expects a 4-D input [batch, height, width, channels] but gets [batch, 28, 28] — add a Reshape to [28, 28, 1] before it to give it a channel axis',
    );
  });

  it('a kernel larger than the image with valid padding is refused with the way out', () => {
    const message = failureOf('Conv2D', { kernelSize: [5, 5] }, [[null, 3, 3, 8]]);
    expect(message).toBe(
      `Conv2D's kernel of 5×5 does not fit in [batch, 3, 3, 8] with padding "valid" — use padding "same", a smaller kernel, or less downsampling before it`,
    );
    expect(inferWith('Conv2D', { kernelSize: [5, 5], padding: 'same', filters: 4 }, [[null, 3, 3, 8]])).toEqual({
      ok: true,
      shapes: [[null, 3, 3, 4]],
    });
  });

  it('dilation counts in the span the kernel needs', () => {
    expect(failureOf('Conv1D', { kernelSize: 3, dilationRate: 4 }, [[null, 8, 2]])).toContain('(spanning 9 with dilation 4)');
  });

  it('an unknown channel count is refused, since the kernel size depends on it', () => {
    expect(failureOf('Conv2D', {}, [[null, 8, 8, null]])).toBe(
      'Conv2D needs a known number of channels (the last axis) but gets [batch, 8, 8, ?] — give the Input a fixed channel count',
    );
  });

  it('Conv1D on a flat vector or an image says what to do instead', () => {
    expect(failureOf('Conv1D', {}, [[null, 100]])).toBe(
      'Conv1D expects a 3-D input [batch, steps, channels] but gets [batch, 100] — add a Reshape to [100, 1] before it so each feature becomes a time step',
    );
    expect(failureOf('Conv1D', {}, [[null, 8, 8, 3]])).toContain('use the 2-D version of this layer for images');
  });

  it('the other 2-D convolutions check their input the same way', () => {
    for (const type of ['Conv2DTranspose', 'DepthwiseConv2D', 'SeparableConv2D'])
      expect(failureOf(type, {}, [[null, 16]])).toBe(
        `${type} expects a 4-D input [batch, height, width, channels] but gets [batch, 16] — add a Reshape to [4, 4, 1] before it`,
      );
  });

  it('strides and dilation above 1 together are an invalid param, not a shape', () => {
    const resolved = catalog.resolveParams('Conv2D', { strides: [2, 2], dilationRate: [2, 2] });
    expect(resolved).toMatchObject({ success: false, error: 'params: strides and dilationRate cannot both be above 1 — set one of them back to 1' });
  });

  it('counts weights as Keras does', () => {
    const count = (type: string, params: Record<string, unknown>, input: (number | null)[]) => {
      const p = catalog.resolveParams(type, params);
      if (!p.success) throw new Error(p.error);
      return catalog.kind(type)!.countParams([input], p.params, catalog).trainable;
    };
    // Keras model.summary() figures for the same layers.
    expect(count('Conv2D', { filters: 32, kernelSize: [3, 3] }, [null, 32, 32, 3])).toBe(896);
    expect(count('SeparableConv2D', { filters: 64, kernelSize: [3, 3] }, [null, 32, 32, 32])).toBe(2400);
    expect(count('DepthwiseConv2D', { kernelSize: [3, 3], useBias: false }, [null, 112, 112, 32])).toBe(288);
    expect(count('Conv1D', { filters: 32, kernelSize: 3 }, [null, 100, 32])).toBe(3104);
  });
});

describe('causal Conv1D', () => {
  it('keeps the length and lets no output step see a later input step', () => {
    expect(inferWith('Conv1D', { filters: 2, kernelSize: 3, dilationRate: 2, padding: 'causal' }, [[null, 10, 1]])).toEqual({
      ok: true,
      shapes: [[null, 10, 2]],
    });
    const resolved = catalog.resolveParams('Conv1D', { filters: 2, kernelSize: 3, dilationRate: 2, padding: 'causal' });
    if (!resolved.success) throw new Error(resolved.error);
    const layer = tfjsCatalog.build('Conv1D', resolved.params, 'causal', [[null, 10, 1]]);
    const steps = Array.from({ length: 10 }, (_, t) => [Math.sin(t)]);
    const changedFromStep6 = steps.map((v, t) => (t >= 6 ? [v[0]! + 5] : v));
    const run = (x: number[][]) => (layer.apply(tf.tensor3d([x])) as tf.Tensor).arraySync() as number[][][];
    const [before, after] = [run(steps)[0]!, run(changedFromStep6)[0]!];
    expect(after.slice(0, 6)).toEqual(before.slice(0, 6));
    expect(after[6]).not.toEqual(before[6]);
  });
});

describe('convolutions from Keras configs', () => {
  it('reads a Keras 3 Conv2D with a DTypePolicy dtype and object initializers', () => {
    const { type, params } = fromKeras('Conv2D', {
      name: 'conv2d',
      trainable: true,
      dtype: KERAS3_DTYPE,
      filters: 32,
      kernel_size: [3, 3],
      strides: [1, 1],
      padding: 'same',
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      groups: 1,
      activation: 'relu',
      use_bias: true,
      kernel_initializer: { module: 'keras.initializers', class_name: 'GlorotUniform', config: { seed: null }, registered_name: null },
      bias_initializer: { module: 'keras.initializers', class_name: 'Zeros', config: {}, registered_name: null },
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    });
    expect(type).toBe('Conv2D');
    expect(params).toEqual({
      filters: 32,
      kernelSize: [3, 3],
      strides: [1, 1],
      padding: 'same',
      dilationRate: [1, 1],
      activation: 'relu',
      useBias: true,
      kernelInitializer: 'glorotUniform',
    });
  });

  it('reads a Keras 2.1 Conv2D whose He-normal initializer is written as VarianceScaling', () => {
    const { params } = fromKeras('Conv2D', {
      name: 'conv2d_1',
      trainable: true,
      filters: 16,
      kernel_size: [3, 3],
      strides: [1, 1],
      padding: 'same',
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      activation: 'linear',
      use_bias: false,
      kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 2.0, mode: 'fan_in', distribution: 'normal', seed: null } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: { class_name: 'L1L2', config: { l1: 0.0, l2: 0.0005 } },
    });
    expect(params).toMatchObject({ filters: 16, useBias: false, activation: 'linear', kernelInitializer: 'heNormal' });
  });

  it('reads a legacy Keras 2.0 Conv1D with one-element lists and no data_format', () => {
    const { type, params } = fromKeras('Conv1D', {
      kernel_constraint: null,
      kernel_initializer: { class_name: 'VarianceScaling', config: { distribution: 'uniform', scale: 1.0, seed: null, mode: 'fan_avg' } },
      name: 'conv1d_1',
      activation: 'relu',
      trainable: true,
      padding: 'same',
      strides: [1],
      dilation_rate: [1],
      filters: 32,
      use_bias: true,
      kernel_size: [3],
    });
    expect(type).toBe('Conv1D');
    expect(params).toEqual({
      filters: 32,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      dilationRate: 1,
      activation: 'relu',
      useBias: true,
      kernelInitializer: 'glorotUniform',
    });
  });

  it('reads a tfjs-saved DepthwiseConv2D (MobileNet)', () => {
    const { params } = fromKeras('DepthwiseConv2D', {
      kernel_size: [3, 3],
      strides: [2, 2],
      padding: 'valid',
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      activation: 'linear',
      use_bias: false,
      name: 'block_1_depthwise',
      trainable: true,
      depth_multiplier: 1,
      depthwise_initializer: { class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'uniform', seed: null } },
    });
    expect(params).toEqual({
      kernelSize: [3, 3],
      strides: [2, 2],
      padding: 'valid',
      dilationRate: [1, 1],
      depthMultiplier: 1,
      activation: 'linear',
      useBias: false,
      depthwiseInitializer: 'glorotUniform',
    });
  });

  it('reads a causal Conv1D (WaveNet, TCN)', () => {
    expect(fromKeras('Conv1D', { name: 'tcn', filters: 8, kernel_size: [3], strides: [1], padding: 'causal', dilation_rate: [4] }).params).toMatchObject({
      padding: 'causal',
      dilationRate: 4,
    });
  });

  it('reads a dilated DepthwiseConv2D (DeepLab)', () => {
    expect(fromKeras('DepthwiseConv2D', { name: 'aspp', kernel_size: [3, 3], padding: 'same', dilation_rate: [6, 6], use_bias: false }).params).toMatchObject({
      dilationRate: [6, 6],
      padding: 'same',
    });
  });

  it('reads Conv2DTranspose and SeparableConv2D', () => {
    expect(
      fromKeras('Conv2DTranspose', { name: 'up', filters: 8, kernel_size: [4, 4], strides: [2, 2], padding: 'same', output_padding: null, dilation_rate: [1, 1], activation: 'relu' }).params,
    ).toMatchObject({ filters: 8, kernelSize: [4, 4], strides: [2, 2], padding: 'same', activation: 'relu' });
    expect(
      fromKeras('SeparableConv2D', { name: 'sep', filters: 64, kernel_size: 3, strides: 1, padding: 'valid', depth_multiplier: 2, dilation_rate: 2, use_bias: false }).params,
    ).toMatchObject({ filters: 64, kernelSize: [3, 3], strides: [1, 1], depthMultiplier: 2, dilationRate: [2, 2], useBias: false });
  });

  it('refuses what it cannot represent, naming the layer and the option', () => {
    expect(kerasRefusal('Conv2D', { name: 'c', filters: 8, kernel_size: [3, 3], data_format: 'channels_first' })).toBe(
      'Conv2D "c" uses data_format "channels_first"; NN Designer works channels-last (NHWC) only — re-save the model with data_format="channels_last"',
    );
    expect(kerasRefusal('Conv2D', { name: 'g', filters: 8, kernel_size: [3, 3], groups: 4 })).toContain('Conv2D "g" sets groups = 4');
    expect(kerasRefusal('Convolution2D', { name: 'old', nb_filter: 32, nb_row: 3, nb_col: 3, border_mode: 'same' })).toBe(
      'Convolution2D "old" is written in the Keras 1 format (nb_filter, border_mode); load it in Keras 2 or later and save it again',
    );
    expect(kerasRefusal('Conv2DTranspose', { name: 't', filters: 8, kernel_size: [3, 3], output_padding: [1, 1] })).toContain('output_padding');
    expect(kerasRefusal('Conv2D', { name: 'a', filters: 8, kernel_size: [3, 3], activation: 'exponential' })).toContain('Conv2D "a": activation "exponential" is not supported');
  });
});
