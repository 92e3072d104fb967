import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend';
import { registerFastPath } from '../fast-path';
import { wasmThreadsFromEnv } from '../wasm-threads';
// Every file that assembles a module, so each registers its loader in functionModules.
import './max-pool-grad-simd';
import './gather-columns';
import './adam-update';
import { MAX_COL2IM_GROUPS, wasmCol2imAddRows } from './col2im-add';
import { MAX_FEW_CHANNEL_GROUPS, wasmFilterGradientPass } from './few-channel-filter-gradient';
import { MAX_RELU_BIAS_GROUPS, wasmReluBiasRows } from './relu-bias-gradient';
import { simdFor } from './simd-kernels';
import { backendMemory, functionModules, memoryTypeOf, wasmModuleFailures } from './wasm-assembler';

beforeAll(async () => {
  await registerFastPath();
  expect(await selectBackend('wasm')).toBe('wasm');
});

/**
 * Each kernel falls back to a JS loop where its module does not instantiate, and the
 * agreement tests pass either way: only this shows a fallback. Run by both test projects,
 * so on the single-threaded build (plain memory) and the multi-threaded one (shared).
 */
describe('our run-time WebAssembly modules on the wasm backend in use', () => {
  it("find the backend's memory, shared exactly on the multi-threaded build", () => {
    const memory = backendMemory(tf.backend());
    expect(memory).toBeDefined();
    expect(memoryTypeOf(memory!).shared).toBe(wasmThreadsFromEnv() > 0);
  });

  it('all instantiate on it, every variant of each', () => {
    const backend = tf.backend();
    const memory = backendMemory(backend);
    expect(new Set(functionModules.map((m) => m.name))).toEqual(new Set(['maxPoolGradRow', 'gatherColumns', 'filterGradientPass', 'reluBiasRows', 'col2imAddRows', 'adamPairs']));
    for (const module of functionModules) expect(module.load(memory), module.name).not.toBeNull();
    for (let groups = 1; groups <= MAX_FEW_CHANNEL_GROUPS; groups++) expect(wasmFilterGradientPass(groups, memory)).not.toBeNull();
    for (let groups = 1; groups <= MAX_RELU_BIAS_GROUPS; groups++) expect(wasmReluBiasRows(groups, memory)).not.toBeNull();
    for (let groups = 1; groups <= MAX_COL2IM_GROUPS; groups++) expect(wasmCol2imAddRows(groups, memory)).not.toBeNull();
    expect(simdFor(backend)).not.toBeNull();
    expect(wasmModuleFailures()).toEqual([]);
  });
});
