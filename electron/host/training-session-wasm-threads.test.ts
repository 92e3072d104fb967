import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../shared/graph/document';
import type { ReadyEvent, TrainingEvent } from '../../shared/training/protocol';
import { resolveDatasetPath } from '../node/load-dataset';
import { threadedWasmUnavailable } from '../worker/threaded-wasm';
import { WASM_THREADS_ENV } from '../worker/wasm-threads';
import { startTraining } from './training-session';

const unavailable = await threadedWasmUnavailable();

describe.skipIf(unavailable)('a training session on the multi-threaded wasm build', () => {
  it('reaches the worker the host forks through NND_WASM_THREADS, which names the build in its events', { timeout: 120_000 }, async () => {
    const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
    const document = parseDocument(JSON.parse(readFileSync(`${examples}residual-cnn.nnd.json`, 'utf8')));
    const previous = process.env[WASM_THREADS_ENV];
    process.env[WASM_THREADS_ENV] = '2';
    const events: TrainingEvent[] = [];
    try {
      const handle = startTraining({ document, dataset: resolveDatasetPath(document.dataset!, examples), training: { ...document.training, epochs: 3 } }, (e) => events.push(e));
      const done = await handle.done;
      expect(done.backend).toBe('wasm (2 threads)');
      expect(done.epochs).toBe(3);
    } finally {
      if (previous === undefined) delete process.env[WASM_THREADS_ENV];
      else process.env[WASM_THREADS_ENV] = previous;
    }
    expect(events.find((e): e is ReadyEvent => e.type === 'ready')?.backend).toBe('wasm (2 threads)');
    expect(events.filter((e) => e.type === 'log' && e.level === 'warn')).toEqual([]);
  });
});
