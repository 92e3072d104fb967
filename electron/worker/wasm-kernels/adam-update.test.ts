import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../shared/data/dataset';
import { ADAM_UPDATE_KERNEL, FusedAdamOptimizer } from '../../../shared/training/optimizers';
import { selectBackend } from '../backend';
import { registerFastPath } from '../fast-path';
import { setFastPathSwitches } from '../fast-path-switches';
import { wasmAdamPairs } from './adam-update';
import { backendMemory } from './wasm-assembler';

beforeAll(async () => {
  await registerFastPath();
  expect(await selectBackend('wasm')).toBe('wasm');
});

function randomValues(size: number, seed: number, scale: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: size }, () => (random() * 2 - 1) * scale);
}

const SHAPES = [[13, 7], [7], [1]];

/**
 * What `steps` Adam steps with fixed, per-step gradients did on one backend: how far each
 * variable moved (the values themselves would hide an error in the small steps) and the
 * optimizer's moments.
 */
async function adamSteps(backend: string, makeOptimizer: () => tf.Optimizer, steps: number): Promise<{ values: Float32Array[]; kernels: string[] }> {
  tf.setBackend(backend);
  const initial = SHAPES.map((shape, i) => randomValues(shape.reduce((a, b) => a * b, 1), 10 + i, 1));
  const variables = SHAPES.map((shape, i) => tf.variable(tf.tensor(initial[i]!, shape), true, `adam_test_${backend}_${i}_${Math.random()}`));
  const optimizer = makeOptimizer();
  const kernels: string[] = [];
  for (let step = 0; step < steps; step++) {
    const gradients = Object.fromEntries(
      variables.map((v, i) => [v.name, tf.tensor(randomValues(v.size, 100 * step + i, step % 2 ? 1e-3 : 5), v.shape)]),
    );
    const profile = await tf.profile(() => optimizer.applyGradients(gradients));
    kernels.push(...profile.kernelNames);
    tf.dispose(Object.values(gradients));
  }
  const moved = variables.map((v, i) => (v.dataSync() as Float32Array).map((x, j) => x - initial[i]![j]!));
  const moments = (await optimizer.getWeights()).slice(1).map((w) => w.tensor.dataSync() as Float32Array);
  const values = [...moved, ...moments];
  optimizer.dispose();
  tf.dispose(variables);
  tf.setBackend('wasm');
  return { values, kernels };
}

describe('the one-kernel Adam step on wasm', () => {
  it('gives the cpu backend’s stock tfjs Adam values after several steps, gradients large and tiny', async () => {
    const stock = await adamSteps('cpu', () => tf.train.adam(0.01), 6);
    const fused = await adamSteps('wasm', () => new FusedAdamOptimizer(0.01), 6);
    expect(fused.kernels).toContain(ADAM_UPDATE_KERNEL);
    expect(stock.kernels).not.toContain(ADAM_UPDATE_KERNEL);
    expect(fused.values).toHaveLength(3 * SHAPES.length);
    stock.values.forEach((expected, k) => {
      const scale = Math.max(...expected.map(Math.abs));
      expected.forEach((v, i) => expect(Math.abs(fused.values[k]![i]! - v)).toBeLessThanOrEqual(1e-4 * scale));
    });
  });

  it('falls back to tfjs’s own step where the backend lacks the kernel, with the same state to save', async () => {
    const stock = await adamSteps('cpu', () => tf.train.adam(0.01), 3);
    const fallback = await adamSteps('cpu', () => new FusedAdamOptimizer(0.01), 3);
    expect(fallback.values).toEqual(stock.values);
    tf.setBackend('wasm');
    const optimizer = new FusedAdamOptimizer(0.01);
    const v = tf.variable(tf.ones([3]), true, 'adam_state_check');
    optimizer.applyGradients([{ name: v.name, tensor: tf.ones([3]) }]);
    const weights = await optimizer.getWeights();
    expect(weights.map((w) => w.name)).toEqual(['iter', 'adam_state_check/m', 'adam_state_check/v']);
    optimizer.dispose();
    v.dispose();
  });

  it('leaves no tensors behind beyond its moments', () => {
    const optimizer = new FusedAdamOptimizer(0.01);
    const v = tf.variable(tf.ones([4, 4]), true, 'adam_leak_check');
    const g = tf.ones([4, 4]);
    optimizer.applyGradients([{ name: v.name, tensor: g }]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) optimizer.applyGradients([{ name: v.name, tensor: g }]);
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    tf.dispose([v, g]);
  });

  it('takes the same bits in its wasm f64x2 pass as in its JS loop, odd sizes included', async () => {
    expect(wasmAdamPairs(backendMemory(tf.backend()))).not.toBeNull();
    const run = async (wasm: boolean) => {
      setFastPathSwitches({ wasmAdamPass: wasm });
      try {
        return await adamSteps('wasm', () => new FusedAdamOptimizer(0.01), 5);
      } finally {
        setFastPathSwitches({ wasmAdamPass: true });
      }
    };
    const [js, wasm] = [await run(false), await run(true)];
    // SHAPES has 91, 7 and 1 elements: pairs with an odd element left over, and none at all.
    expect(wasm.values.map((a) => [...a])).toEqual(js.values.map((a) => [...a]));
    expect(wasm.values.some((a) => a.some((x) => x !== 0))).toBe(true);
  });
});
