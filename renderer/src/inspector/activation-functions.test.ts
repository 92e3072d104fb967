import { describe, expect, it } from 'vitest';
import { ACTIVATION_LAYER_FUNCTIONS } from '../../../shared/layers/kinds/activation/spec';
import { activationFunction, derivative, erf, plotPoints } from './activation-functions';

describe('activation functions', () => {
  it('covers every function the Activation layer offers', () => {
    for (const name of ACTIVATION_LAYER_FUNCTIONS) expect(activationFunction(name), name).not.toBeNull();
  });

  it('computes the textbook values', () => {
    expect(activationFunction('sigmoid')!(0)).toBeCloseTo(0.5, 10);
    expect(activationFunction('relu')!(-2)).toBe(0);
    expect(activationFunction('relu6')!(9)).toBe(6);
    expect(activationFunction('leakyRelu', 0.1)!(-2)).toBeCloseTo(-0.2, 10);
    expect(activationFunction('elu')!(-50)).toBeCloseTo(-1, 6);
    expect(activationFunction('hardSigmoid')!(1)).toBeCloseTo(0.7, 10);
    expect(activationFunction('gelu')!(1)).toBeCloseTo(0.8413447, 6);
    expect(activationFunction('swish')!(1)).toBeCloseTo(0.7310586, 6);
    expect(erf(0.5)).toBeCloseTo(0.5204999, 6);
  });

  it('has the derivatives the course table lists', () => {
    expect(derivative(activationFunction('sigmoid')!, 0)).toBeCloseTo(0.25, 6);
    expect(derivative(activationFunction('tanh')!, 0)).toBeCloseTo(1, 6);
    expect(derivative(activationFunction('relu')!, 2)).toBeCloseTo(1, 6);
    expect(derivative(activationFunction('relu')!, -2)).toBeCloseTo(0, 6);
    expect(derivative(activationFunction('leakyRelu', 0.3)!, -1)).toBeCloseTo(0.3, 6);
  });

  it('samples the range evenly, ends included', () => {
    const points = plotPoints(Math.tanh, -4, 4, 8);
    expect(points.map((p) => p.x)).toEqual([-4, -3, -2, -1, 0, 1, 2, 3, 4]);
  });
});
