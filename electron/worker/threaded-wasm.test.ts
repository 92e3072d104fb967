import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendLabel, selectBackend } from './backend';
import { registerFastPath } from './fast-path';
import { threadedWasmUnavailable } from './threaded-wasm';
import { WASM_THREADS_ENV, wasmThreadsFromEnv } from './wasm-threads';

const unavailable = await threadedWasmUnavailable();
if (unavailable) console.warn(`multi-threaded wasm tests skipped: ${unavailable}`);

interface WasmModuleView {
  HEAPU8: Uint8Array;
  wasmMemory?: { readonly buffer: ArrayBufferLike; grow(pages: number): number };
  PThread?: { runningWorkers: unknown[] };
}
const wasmModule = () => (tf.backend() as unknown as { wasm: WasmModuleView }).wasm;

beforeAll(() => registerFastPath());
afterAll(() => selectBackend('wasm', { wasmThreads: 0 }));

describe.skipIf(unavailable)('the multi-threaded wasm build', () => {
  it('runs tfjs on 2 threads over a SharedArrayBuffer heap, and gives way to the single-threaded build again', async () => {
    const warnings: string[] = [];
    expect(await selectBackend('wasm', { wasmThreads: 2, onWarning: (m) => warnings.push(m) })).toBe('wasm');
    expect(warnings).toEqual([]);
    expect(backendLabel('wasm')).toBe('wasm (2 threads)');
    expect(wasmModule().HEAPU8.buffer).toBeInstanceOf(SharedArrayBuffer);
    // XNNPACK's pool: the main thread and one pthread.
    expect(wasmModule().PThread!.runningWorkers).toHaveLength(1);
    const product = tf.matMul(tf.ones([64, 300]), tf.ones([300, 40]));
    expect(Array.from(new Set(product.dataSync()))).toEqual([300]);

    expect(await selectBackend('wasm', { wasmThreads: 0 })).toBe('wasm');
    expect(backendLabel('wasm')).toBe('wasm');
    expect(wasmModule().HEAPU8.buffer).not.toBeInstanceOf(SharedArrayBuffer);
  });

  it('reads and writes tensors placed in memory grown behind the main thread’s back (as a pool thread grows it)', async () => {
    await selectBackend('wasm', { wasmThreads: 2 });
    const module = wasmModule();
    const before = module.HEAPU8.length;
    // Larger than the whole heap was, so it must lie (at least partly) in the new memory.
    const size = before / 4 + 65_536;
    module.wasmMemory!.grow(Math.ceil((size * 4 + (1 << 20)) / 65_536));
    const values = Float32Array.from({ length: size }, (_, i) => (i % 1000) - 500);
    const big = tf.tensor2d(values, [size / 16, 16]);
    // Our JS kernels (a heap slice, a sum over the leading axis) and tfjs's reads.
    const tail = tf.slice(big, [size / 16 - 2, 0], [2, 16]);
    expect(Array.from(tail.dataSync())).toEqual(Array.from(values.subarray(size - 32)));
    const columns = tf.sum(big, 0).dataSync();
    for (let c = 0; c < 16; c++) {
      let expected = 0;
      for (let r = c; r < size; r += 16) expected += values[r]!;
      expect(columns[c]).toBeCloseTo(expected, 0);
    }
    tf.dispose([big, tail]);
  });

  /** Trains the residual CNN example in a child process on the build `threads` names. */
  function trainInChild(threads: number): Promise<{ code: number | null; backend: string; loss: number; stderr: string }> {
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const fixture = fileURLToPath(new URL('./threaded-wasm.fixture.ts', import.meta.url));
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', tsx, fixture], { env: { ...process.env, [WASM_THREADS_ENV]: String(threads) }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // A pool thread keeping the process alive would show here: no exit, killed after 60 s.
      const hang = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(hang);
        const result = JSON.parse(stdout.trim().split('\n').pop() || '{}') as { backend: string; loss: number };
        resolve({ code, stderr, ...result });
      });
    });
  }

  it('trains the residual CNN to the single-threaded build’s final loss, then lets the process exit by itself', { timeout: 150_000 }, async () => {
    const threaded = await trainInChild(2);
    const single = await trainInChild(0);
    expect(threaded.code, threaded.stderr).toBe(0);
    expect(single.code, single.stderr).toBe(0);
    expect(threaded.backend).toBe('wasm (2 threads)');
    expect(single.backend).toBe('wasm');
    expect(Math.abs(threaded.loss - single.loss) / Math.abs(single.loss)).toBeLessThanOrEqual(1e-4);
  });

});

describe('NND_WASM_THREADS', () => {
  it('is a whole number of threads, 0 or unset for the single-threaded build', () => {
    expect(wasmThreadsFromEnv({})).toBe(0);
    expect(wasmThreadsFromEnv({ [WASM_THREADS_ENV]: ' ' })).toBe(0);
    expect(wasmThreadsFromEnv({ [WASM_THREADS_ENV]: '2' })).toBe(2);
    expect(() => wasmThreadsFromEnv({ [WASM_THREADS_ENV]: 'two' })).toThrow(/NND_WASM_THREADS=two is not a thread count/);
    expect(() => wasmThreadsFromEnv({ [WASM_THREADS_ENV]: '1.5' })).toThrow(/not a thread count/);
  });
});
