import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../..';
import { failureOf, fromKeras, inferWith, kerasRefusal } from '../../test-helpers';
import { tfjsCatalog } from '../../tfjs-catalog';

const KERAS3_DTYPE = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };

/** Runs the kind's tfjs layer on a few values, the way a compiled model would. */
function apply(params: Record<string, unknown>, values: number[]): number[] {
  const resolved = catalog.resolveParams('Activation', params);
  if (!resolved.success) throw new Error(resolved.error);
  const layer = tfjsCatalog.build('Activation', resolved.params, 'act', [[null, values.length]]);
  return tf.tidy(() => Array.from((layer.apply(tf.tensor2d([values])) as tf.Tensor).dataSync()));
}

describe('Activation', () => {
  it('keeps the shape, whatever the rank', () => {
    expect(inferWith('Activation', { activation: 'softmax' }, [[null, 5, 10]])).toEqual({ ok: true, shapes: [[null, 5, 10]] });
    expect(failureOf('Activation', {}, [[null, 2], [null, 2]])).toBe('Activation takes exactly one input but has 2');
  });

  it('computes leakyRelu with its slope and ELU with a chosen alpha', () => {
    const close = (actual: number[], expected: number[]) => actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    close(apply({ activation: 'leakyRelu' }, [-2, 3]), [-0.6, 3]);
    close(apply({ activation: 'leakyRelu', alpha: 0.1 }, [-2, 3]), [-0.2, 3]);
    close(apply({ activation: 'elu', alpha: 0.5 }, [-1, 0, 2, 100]), [0.5 * (Math.exp(-1) - 1), 0, 2, 100]);
    close(apply({ activation: 'relu6' }, [-1, 3, 9]), [0, 3, 6]);
    close(apply({ activation: 'gelu' }, [1]), [0.8413447]);
  });

  it('rejects an unknown function as an invalid param', () => {
    expect(catalog.resolveParams('Activation', { activation: 'sparkle' }).success).toBe(false);
  });
});

describe('activations from Keras configs', () => {
  it('reads the Activation layer of Keras 2 and Keras 3', () => {
    expect(fromKeras('Activation', { name: 'activation_1', trainable: true, activation: 'relu' }).params).toEqual({ activation: 'relu' });
    expect(fromKeras('Activation', { name: 'activation', trainable: true, dtype: KERAS3_DTYPE, activation: 'softmax' }).params).toEqual({
      activation: 'softmax',
    });
    expect(fromKeras('Activation', { name: 'a', activation: 'hard_sigmoid' }).params).toEqual({ activation: 'hardSigmoid' });
    expect(fromKeras('Activation', { name: 'a', activation: 'silu' }).params).toEqual({ activation: 'swish' });
    expect(fromKeras('Activation', { name: 'a', activation: 'leaky_relu' }).params).toEqual({ activation: 'leakyRelu', alpha: 0.2 });
  });

  it('reads ReLU as relu, relu6 (MobileNet) or leakyRelu', () => {
    expect(fromKeras('ReLU', { max_value: 6, name: 'Conv1_relu', trainable: true }).params).toEqual({ activation: 'relu6' });
    expect(fromKeras('ReLU', { name: 'r', max_value: null, negative_slope: 0.0, threshold: 0.0 }).params).toEqual({ activation: 'relu' });
    expect(fromKeras('ReLU', { name: 'r', max_value: null, negative_slope: 0.1, threshold: 0.0 }).params).toEqual({
      activation: 'leakyRelu',
      alpha: 0.1,
    });
  });

  it('reads LeakyReLU (alpha in Keras 2, negative_slope in Keras 3) and ELU', () => {
    expect(fromKeras('LeakyReLU', { name: 'l', trainable: true, dtype: 'float32', alpha: 0.2 }).params).toEqual({ activation: 'leakyRelu', alpha: 0.2 });
    expect(fromKeras('LeakyReLU', { name: 'l', dtype: KERAS3_DTYPE, negative_slope: 0.3 }).params).toEqual({ activation: 'leakyRelu', alpha: 0.3 });
    expect(fromKeras('ELU', { name: 'e', alpha: 1.0 }).params).toEqual({ activation: 'elu' });
    expect(fromKeras('ELU', { name: 'e', alpha: 0.5 }).params).toEqual({ activation: 'elu', alpha: 0.5 });
    expect(fromKeras('Softmax', { name: 's', axis: -1 }).params).toEqual({ activation: 'softmax' });
  });

  it('refuses what it cannot represent, naming the layer', () => {
    expect(kerasRefusal('ReLU', { name: 'r', max_value: 1.0 })).toContain('ReLU "r" has max_value 1');
    expect(kerasRefusal('ReLU', { name: 'r', threshold: 0.5 })).toBe('ReLU "r" has threshold 0.5; NN Designer supports ReLU only with threshold 0');
    expect(kerasRefusal('Softmax', { name: 's', axis: 1 })).toBe(
      'Softmax "s" normalizes over axis 1; NN Designer supports softmax over the last axis (-1) only',
    );
    expect(kerasRefusal('PReLU', { name: 'p', alpha_initializer: { class_name: 'Zeros', config: {} } })).toBe(
      'PReLU "p" learns its negative slope, which NN Designer does not support yet — use LeakyReLU with a fixed slope instead',
    );
    expect(kerasRefusal('Activation', { name: 'a', activation: 'exponential' })).toContain('activation "exponential" is not supported');
  });
});

describe('Dropout', () => {
  it('keeps the shape and has no weights', () => {
    expect(inferWith('Dropout', { rate: 0.3 }, [[null, null, 8]])).toEqual({ ok: true, shapes: [[null, null, 8]] });
  });

  it('refuses a rate of 1, which would drop everything', () => {
    expect(catalog.resolveParams('Dropout', { rate: 1 }).success).toBe(false);
  });

  it('reads Keras 2 and Keras 3 configs and refuses noise_shape', () => {
    expect(fromKeras('Dropout', { name: 'dropout_1', trainable: true, dtype: 'float32', rate: 0.3, noise_shape: null, seed: null }).params).toEqual({ rate: 0.3 });
    expect(fromKeras('Dropout', { name: 'dropout', trainable: true, dtype: KERAS3_DTYPE, rate: 0.2, seed: null, noise_shape: null }).params).toEqual({ rate: 0.2 });
    expect(kerasRefusal('Dropout', { name: 'd', rate: 0.5, noise_shape: [null, 1, 8] })).toContain('Dropout "d" sets noise_shape');
  });
});
