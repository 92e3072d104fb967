import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend';
import { registerFastPath } from '../fast-path';

beforeAll(async () => {
  await registerFastPath();
  expect(await selectBackend('wasm')).toBe('wasm');
});

const liveBuffers = () => (tf.backend() as unknown as { dataIdMap: { numDataIds(): number } }).dataIdMap.numDataIds();

describe('wasm Identity shares its input buffer', () => {
  it('allocates nothing for a clone, and either copy outlives the other with its values', () => {
    for (const disposeFirst of ['original', 'clone'] as const) {
      const before = liveBuffers();
      const x = tf.tensor([1, 2, 3, 4], [2, 2]);
      const y = tf.clone(x);
      expect(liveBuffers()).toBe(before + 1);
      const [gone, kept] = disposeFirst === 'original' ? [x, y] : [y, x];
      gone.dispose();
      expect(Array.from(kept.dataSync())).toEqual([1, 2, 3, 4]);
      kept.dispose();
      expect(liveBuffers()).toBe(before);
    }
  });

  it('gives the same gradients as the cpu backend where the engine saves tensors for backprop (it clones them)', () => {
    const gradients = (backend: string) => {
      tf.setBackend(backend);
      return tf.tidy(() => {
        const x = tf.tensor([0.5, -1, 2, 3, -0.25, 1.5], [2, 3]);
        const w = tf.tensor([1, -2, 0.5, 0.25, 3, -1], [3, 2]);
        const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.tanh(tf.matMul(a, b)))))([x, w]);
        return [...dx!.dataSync(), ...dw!.dataSync()];
      });
    };
    const cpu = gradients('cpu');
    const wasm = gradients('wasm');
    cpu.forEach((v, i) => expect(Math.abs(wasm[i]! - v)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(v))));
  });
});
