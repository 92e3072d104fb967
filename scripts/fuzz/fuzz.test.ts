import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../electron/worker/backend';
import { registerFastPath } from '../../electron/worker/fast-path';
import { fuzzFiles } from './fuzz-files';
import { caseText, fuzzGraphs, graphCaseArb } from './graph-fuzz';
import fc from 'fast-check';

// A small seeded share of `npm run fuzz` (the full size runs from the script): the same
// properties, few enough cases to take seconds. Fixed seeds keep a failure reproducible.
describe('fuzzing, seeded share', () => {
  beforeAll(async () => {
    // As `npm run fuzz` and the training worker do: our layer classes and wasm kernels first.
    await registerFastPath();
    await selectBackend('wasm');
  });

  it('random project documents: loaded, validated, saved, undone, compiled and trained without a crash', async () => {
    const stats = await fuzzGraphs({ count: 150, seed: 20261206 });
    expect(stats.crashes.map((c) => `${c.property}: ${c.message.split('\n')[0]}`)).toEqual([]);
    // The generator must reach every stage, or the properties prove little.
    expect(stats.refusedFiles).toBeGreaterThan(0);
    expect(stats.invalid).toBeGreaterThan(0);
    expect(stats.trained).toBeGreaterThan(0);
  });

  it('mutated files of every format: a result or a located error, in time, without a large allocation', async () => {
    const stats = await fuzzFiles({ count: 60, seed: 20261206, limitMs: 2000, memoryBoundMb: 256 });
    expect(stats.crashes.map((c) => `${c.format} (${c.mutation}): ${c.message?.split('\n')[0]}`)).toEqual([]);
    expect(stats.hangs).toEqual([]);
    expect(stats.bloated.map((c) => `${c.format} (${c.mutation}): ${Math.round(c.rssGrowthMb)} MB`)).toEqual([]);
    expect(stats.read).toBeGreaterThan(0);
    expect(stats.refused).toBeGreaterThan(0);
  });

  it('generates the same documents from the same seed', () => {
    const a = fc.sample(graphCaseArb, { seed: 7, numRuns: 5 }).map(caseText);
    const b = fc.sample(graphCaseArb, { seed: 7, numRuns: 5 }).map(caseText);
    expect(a).toEqual(b);
  });
});
