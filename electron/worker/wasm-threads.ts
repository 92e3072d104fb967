import { z } from 'zod';
import { TrainingUserError } from '../../shared/training/errors';

/**
 * Opt-in (issue #10): `NND_WASM_THREADS=<n>` trains on tfjs's multi-threaded wasm build
 * with n threads; unset or 0 keeps the single-threaded build. Read by the training worker,
 * so it reaches it from the CLI, browser mode and the desktop app alike (each passes its
 * environment on to the worker). Apart from backend.ts so that a host (bench:engine) can
 * name it without loading tfjs.
 */
export const WASM_THREADS_ENV = 'NND_WASM_THREADS';
const WasmThreadsSchema = z.coerce.number().int().min(0).max(64);

/** The thread count `NND_WASM_THREADS` asks for; 0 when unset or empty. */
export function wasmThreadsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[WASM_THREADS_ENV]?.trim();
  if (!raw) return 0;
  const parsed = WasmThreadsSchema.safeParse(raw);
  if (!parsed.success) throw new TrainingUserError(`${WASM_THREADS_ENV}=${raw} is not a thread count: give a whole number from 0 (the single-threaded build) to 64`);
  return parsed.data;
}

/**
 * The files of @tensorflow/tfjs-backend-wasm the multi-threaded build loads at run time
 * (threaded-wasm.ts): the Emscripten script, its pthread worker script (kept by the
 * package as a JS string) and the binary. The desktop app must ship all three; the
 * packaging test checks electron-builder does.
 */
export const THREADED_WASM_FILES = {
  script: 'wasm-out/tfjs-backend-wasm-threaded-simd.js',
  workerScript: 'wasm-out/tfjs-backend-wasm-threaded-simd.worker.js',
  binary: 'dist/tfjs-backend-wasm-threaded-simd.wasm',
} as const;
