import { defineConfig } from 'vitest/config';

/**
 * The import conformance corpus: real Keras / TensorFlow.js model files in
 * ../shared/fixtures/keras-models (outside this repository, so not part of `npm test`).
 * Some models have millions of weights to initialise on a shared two-core machine.
 */
export default defineConfig({
  test: {
    include: ['e2e/conformance/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 900_000,
    hookTimeout: 60_000,
  },
});
