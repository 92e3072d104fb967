import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createRandom } from '../../../shared/data/dataset';
import { Conv2DWithTrainableDilation } from '../../../shared/layers/kinds/convolution/conv2d';
import { CONV2D_BIAS_ACTIVATION_KERNEL, RELU_BIAS_GRADIENT_KERNEL } from '../../../shared/layers/custom/conv2d-bias-activation';
import { selectBackend } from '../backend';
import { registerFastPath } from '../fast-path';
import { setFastPathSwitches } from '../fast-path-switches';
import { wasmReluBiasRows } from './relu-bias-gradient';
import { backendMemory } from './wasm-assembler';

/**
 * Our Conv2D layer on wasm, where convolution, bias and activation are one kernel, against
 * the stock tfjs path on the cpu backend (which lacks that kernel): output and the
 * gradients of the input, kernel and bias, from the same weights.
 */
beforeAll(async () => {
  await registerFastPath();
  expect(await selectBackend('wasm')).toBe('wasm');
  setFastPathSwitches({ fastConvKernels: true });
});
afterAll(() => tf.setBackend('wasm'));

function randomValues(size: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: size }, () => random() * 2 - 1);
}

interface Case {
  x: [number, number, number, number];
  filters: number;
  kernelSize: number;
  strides: number;
  padding: 'valid' | 'same';
  activation: 'relu' | 'linear';
}

/** [output, dx, dKernel, dBias] of a weighted sum of the layer's output, and the kernels that ran. */
async function outputAndGradients(backend: string, c: Case, weights: Float32Array[]): Promise<{ values: Float32Array[]; kernels: string[] }> {
  tf.setBackend(backend);
  const layer = new Conv2DWithTrainableDilation({ filters: c.filters, kernelSize: c.kernelSize, strides: c.strides, padding: c.padding, activation: c.activation });
  layer.build(c.x);
  layer.setWeights(layer.getWeights().map((w, i) => tf.tensor(weights[i]!, w.shape)));
  const x = tf.tensor4d(randomValues(c.x.reduce((a, b) => a * b, 1), 3), c.x);
  const outShape = layer.computeOutputShape(c.x) as number[];
  const weighting = tf.tensor(randomValues(outShape.reduce((a, b) => a * b, 1), 4), outShape);
  let values: Float32Array[] = [];
  const info = await tf.profile(() =>
    tf.tidy(() => {
      const loss = (input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, weighting));
      const y = layer.apply(x) as tf.Tensor;
      const dx = tf.grad(loss)(x);
      const { grads } = tf.variableGrads(() => loss(x) as tf.Scalar);
      const [kernel, bias] = layer.trainableWeights.map((w) => grads[w.name]!);
      values = [y, dx, kernel!, bias!].map((t) => t.dataSync() as Float32Array);
    }),
  );
  tf.dispose([x, weighting]);
  layer.weights.forEach((w) => w.dispose());
  return { values, kernels: info.kernels.map((k) => k.name) };
}

function relativeError(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  }
  expect(scale).toBeGreaterThan(0);
  return diff / scale;
}

const cases: Case[] = [
  { x: [4, 12, 12, 1], filters: 6, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
  { x: [3, 9, 8, 5], filters: 7, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' },
  { x: [2, 11, 9, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'linear' },
  { x: [2, 10, 10, 4], filters: 8, kernelSize: 2, strides: 2, padding: 'valid', activation: 'relu' },
  // 16 channels over 3,136 positions: the ReLU-and-bias gradient's SIMD rows, in several calls.
  { x: [4, 30, 30, 1], filters: 16, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
];

describe('Conv2D with convolution, bias and activation in one wasm kernel', () => {
  it('has the SIMD ReLU-and-bias gradient here (else the cases below would test only its JS loop)', () => {
    expect(wasmReluBiasRows(4, backendMemory(tf.backend()))).not.toBeNull();
    expect(tf.getKernel(RELU_BIAS_GRADIENT_KERNEL, 'wasm')).toBeDefined();
  });
  for (const simd of [true, false])
    for (const c of cases)
      it(`x ${c.x}, ${c.filters} filters ${c.kernelSize}×${c.kernelSize}, stride ${c.strides}, ${c.padding}, ${c.activation}: output and gradients as cpu (ReLU-and-bias gradient ${simd ? 'SIMD where the channels allow' : 'in JS'})`, async () => {
        setFastPathSwitches({ wasmReluBias: simd });
        onTestFinished(() => void setFastPathSwitches({ wasmReluBias: true }));
        const kernelSize = c.kernelSize * c.kernelSize * c.x[3] * c.filters;
        const weights = [randomValues(kernelSize, 1), randomValues(c.filters, 2).map((v) => v * 0.3)];
        const cpu = await outputAndGradients('cpu', c, weights);
        const wasm = await outputAndGradients('wasm', c, weights);
        // The comparison is between the two paths, not the stock path twice.
        expect(wasm.kernels).toContain(CONV2D_BIAS_ACTIVATION_KERNEL);
        expect(cpu.kernels).not.toContain(CONV2D_BIAS_ACTIVATION_KERNEL);
        if (c.activation === 'relu') expect(wasm.kernels).toContain(RELU_BIAS_GRADIENT_KERNEL);
        cpu.values.forEach((expected, i) => expect(relativeError(wasm.values[i]!, expected)).toBeLessThanOrEqual(1e-4));
      });

  it('computes no input gradient when only the weights are trained (a first layer)', async () => {
    const layer = new Conv2DWithTrainableDilation({ filters: 4, kernelSize: 3, activation: 'relu' });
    const x = tf.tensor4d(randomValues(2 * 8 * 8, 5), [2, 8, 8, 1]);
    layer.build(x.shape);
    const info = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(x) as tf.Tensor) as tf.Scalar);
      tf.dispose([value, ...Object.values(grads)]);
    });
    const names = info.kernels.map((k) => k.name);
    expect(names).toContain('Conv2DBackpropFilter');
    expect(names).not.toContain('Conv2DBackpropInput');
    tf.dispose(x);
    layer.weights.forEach((w) => w.dispose());
  });

  it('takes the stock path when the fast kernels are off', async () => {
    setFastPathSwitches({ fastConvKernels: false });
    try {
      const layer = new Conv2DWithTrainableDilation({ filters: 2, kernelSize: 3, activation: 'relu' });
      const x = tf.zeros([1, 5, 5, 1]);
      const info = await tf.profile(() => tf.dispose(layer.apply(x) as tf.Tensor));
      expect(info.kernels.map((k) => k.name)).not.toContain(CONV2D_BIAS_ACTIVATION_KERNEL);
      tf.dispose(x);
      layer.weights.forEach((w) => w.dispose());
    } finally {
      setFastPathSwitches({ fastConvKernels: true });
    }
  });
});
