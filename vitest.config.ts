import { defineConfig } from 'vitest/config';

/**
 * Tests of code that runs on tfjs-backend-wasm, run a second time on its multi-threaded
 * build (NND_WASM_THREADS=2, electron/worker/threaded-wasm.ts): our JS kernels read and
 * write the wasm heap, which that build shares between threads.
 */
const WASM_BACKEND_TESTS = [
  'electron/worker/wasm-kernels/**/*.test.ts',
  'electron/worker/backend.test.ts',
  'electron/worker/fast-path-agreement.test.ts',
  'electron/worker/fused-recurrent-wasm.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // tfjs keeps global state (backend, registered classes); one file per worker process keeps tests independent.
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'wasm-threads',
          include: WASM_BACKEND_TESTS,
          env: { NND_WASM_THREADS: '2' },
          setupFiles: ['electron/worker/wasm-threads.setup.ts'],
        },
      },
    ],
  },
});
