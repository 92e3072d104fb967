import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FastGRU, FastLSTM, FastSimpleRNN, ResetAfterGRU } from '../../shared/layers/custom';
import { selectBackend } from './backend';
import { registerFastPath } from './fast-path';

/**
 * The fused recurrent layers are tested against tfjs's step loop on the cpu backend
 * (shared/layers/custom/fast-recurrent.test.ts); the app trains them on wasm, with our
 * wasm kernels. Same layer, same weights and inputs on both backends: outputs and the
 * gradients with respect to the input and every weight must agree.
 */
beforeAll(async () => {
  await registerFastPath();
  expect(await selectBackend('wasm')).toBe('wasm');
});

type Layer = tf.layers.Layer;
const [BATCH, STEPS, FEATURES, UNITS] = [3, 6, 4, 5];
const args = { units: UNITS, recurrentActivation: 'sigmoid' as const, returnSequences: true, returnState: true };
const KINDS: [string, () => Layer][] = [
  ['LSTM', () => new FastLSTM(args)],
  ['GRU', () => new FastGRU(args)],
  ['SimpleRNN', () => new FastSimpleRNN({ units: UNITS, returnSequences: true, returnState: true })],
  ['ResetAfterGRU', () => new ResetAfterGRU({ ...args, goBackwards: true })],
];

function outputsAndGradients(make: () => Layer, backend: string): Float32Array[] {
  tf.setBackend(backend);
  return tf.tidy(() => {
    const layer = make();
    layer.apply(tf.input({ shape: [STEPS, FEATURES] }));
    layer.setWeights(layer.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.5, 'float32', 10 + i)));
    const x = tf.variable(tf.randomNormal([BATCH, STEPS, FEATURES], 0, 1, 'float32', 3));
    const mask = tf.tensor2d([[1, 1, 1, 1, 0, 0], [1, 0, 1, 1, 1, 0], [1, 1, 1, 1, 1, 1]], [BATCH, STEPS], 'bool');
    const weights = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    let outputs: tf.Tensor[] = [];
    const { grads } = tf.variableGrads(() => {
      outputs = (layer.apply(x, { mask, training: true }) as tf.Tensor[]).map((t) => tf.keep(t));
      return tf.addN(outputs.map((t, i) => tf.sum(tf.mul(t, tf.randomNormal(t.shape, 0, 1, 'float32', 20 + i))))) as tf.Scalar;
    }, [x, ...weights]);
    const result = [...outputs, ...[x, ...weights].map((v) => grads[v.name]!)].map((t) => t.dataSync() as Float32Array);
    x.dispose();
    return result;
  });
}

describe('the fused recurrent layers on wasm agree with the cpu backend', () => {
  for (const [name, make] of KINDS)
    it(`${name}: outputs, states and gradients (relative error ≤ 1e-4)`, () => {
      const cpu = outputsAndGradients(make, 'cpu');
      const wasm = outputsAndGradients(make, 'wasm');
      tf.setBackend('wasm');
      expect(wasm.length).toBe(cpu.length);
      cpu.forEach((expected, i) => {
        const scale = Math.max(1e-6, ...Array.from(expected, Math.abs));
        const error = expected.reduce((m, v, j) => Math.max(m, Math.abs(v - wasm[i]![j]!)), 0) / scale;
        expect(error, `tensor ${i}`).toBeLessThanOrEqual(1e-4);
      });
    });
});
