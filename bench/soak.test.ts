import { describe, expect, it } from 'vitest';
import { soakRunner } from './soak';

// A small share of `npm run soak`, which also runs 100 runs through worker processes and
// watches the host's memory (figures in bench/README.md).
describe('many short runs in a row', () => {
  it('leave no tfjs tensors behind in the worker, and hold their count steady across epochs', async () => {
    const soak = await soakRunner(6);
    expect(soak.tensorsAfterRun).toEqual(soak.tensorsAfterRun.map(() => soak.tensorsAfterRun[0]));
    for (const epochs of soak.tensorsPerEpoch) {
      expect(epochs.length).toBe(3);
      expect(new Set(epochs).size).toBe(1);
    }
  });
});
