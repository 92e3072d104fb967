import { defineConfig } from 'vitest/config';

/**
 * End-to-end tests: Debian Chromium (playwright-core) against `nnd serve`. One file at a
 * time — each starts a server and a browser, and the machine has two cores to share.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 150_000,
  },
});
