import * as tf from '@tensorflow/tfjs';
import { afterAll, expect } from 'vitest';
import { threadedWasmUnavailable } from './threaded-wasm';
import { wasmThreadsFromEnv } from './wasm-threads';

/**
 * The wasm-threads test project (vitest.config.ts) runs the wasm backend's tests again with
 * NND_WASM_THREADS set. Its point is lost if selectBackend quietly fell back to the
 * single-threaded build, so each file ends by checking the wasm backend it used was the
 * multi-threaded one, with the threads asked for.
 */
afterAll(async () => {
  const wasm = (tf.engine().registry as Record<string, unknown>)['wasm'] as { wasm: { HEAPU8: Uint8Array } } | undefined;
  if (!wasm) return;
  const unavailable = await threadedWasmUnavailable();
  if (unavailable) {
    console.warn(`the multi-threaded wasm build was not tested: ${unavailable}`);
    return;
  }
  expect(wasm.wasm.HEAPU8.buffer).toBeInstanceOf(SharedArrayBuffer);
  const { getThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  expect(getThreadsCount()).toBe(wasmThreadsFromEnv());
});

/** No run-time module of ours (wasm-kernels/wasm-assembler.ts) may have fallen back to its JS loop on this build unnoticed. */
afterAll(async () => {
  const { wasmModuleFailures } = await import('./wasm-kernels/wasm-assembler');
  expect(wasmModuleFailures()).toEqual([]);
});
