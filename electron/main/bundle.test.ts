import { execFileSync, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { addNode, connect } from '../../shared/graph/actions';
import { emptyDocument } from '../../shared/graph/document';
import { DatasetReferenceSchema } from '../../shared/data/reference';
import { TrainingConfigSchema } from '../../shared/graph/training-config';
import type { TrainingEvent } from '../../shared/training/protocol';
import { startTraining, type TrainingEngine, type WorkerProcess } from '../host/training-session';
import { pythonForTests } from '../pytorch/testing';
import { threadedWasmUnavailable } from '../worker/threaded-wasm';
import { WASM_THREADS_ENV } from '../worker/wasm-threads';
import { workerEntries } from './bundle-layout';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const outDir = path.join(repoRoot, 'out', 'desktop');
const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> };

/** Bare package names a bundle imports at run time (`@tensorflow/tfjs`, `zod`, …). */
function importedPackages(bundle: string): string[] {
  const text = readFileSync(path.join(outDir, bundle), 'utf8');
  const specifiers = [...text.matchAll(/(?:from |import\(|require\()"([^"./][^"]*)"/g)].map((m) => m[1]!);
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const names = specifiers.filter((s) => !builtins.has(s)).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!));
  return [...new Set(names)].sort();
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'build-desktop.mjs'), '--no-renderer'], { cwd: repoRoot, stdio: 'pipe' });
}, 120_000);

describe('the desktop bundles (npm run build:desktop)', () => {
  it('are where package.json "main" and the main process expect them', () => {
    expect(packageJson.main).toBe('out/desktop/main.mjs');
  });

  it('import only what ships: electron itself and the app’s production dependencies', () => {
    for (const bundle of ['main.mjs', 'worker.mjs', 'pytorch-worker.mjs']) {
      const missing = importedPackages(bundle).filter((name) => name !== 'electron' && !(name in packageJson.dependencies));
      expect(missing, bundle).toEqual([]);
    }
    // A sandboxed preload can require electron and nothing else.
    expect(importedPackages('preload.cjs')).toEqual(['electron']);
    expect(importedPackages('gpu-worker-preload.cjs')).toEqual(['electron']);
  });

  /** The bundled worker of each engine, as the desktop app's launcher picks it (here a fork rather than a utilityProcess). */
  const bundledWorker = (engine: TrainingEngine, env: NodeJS.ProcessEnv = process.env): WorkerProcess => {
    const child = fork(workerEntries(outDir)[engine], [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env });
    return {
      pid: child.pid,
      send: (message) => void (child.connected && child.send(message)),
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.on('close', listener),
      onError: (listener) => void child.on('error', listener),
      onStderr: (listener) => void child.stderr?.setEncoding('utf8').on('data', listener),
      kill: (signal) => void child.kill(signal),
    };
  };

  /** A softmax perceptron on XOR: one epoch is enough to see the protocol work. */
  function trainXor(engine: TrainingEngine, env?: NodeJS.ProcessEnv) {
    let doc = emptyDocument('xor');
    doc = addNode(doc, { type: 'Input', params: { shape: [2] } });
    doc = addNode(doc, { type: 'Dense', params: { units: 2, activation: 'softmax' } });
    doc = connect(doc, { source: doc.nodes[0]!.id, target: doc.nodes[1]!.id });
    const events: TrainingEvent[] = [];
    const handle = startTraining(
      {
        document: doc,
        dataset: DatasetReferenceSchema.parse({ kind: 'generated', name: 'xor', samples: 64 }),
        training: TrainingConfigSchema.parse({ epochs: 1, batchSize: 16, loss: 'categoricalCrossentropy', metrics: ['accuracy'], engine }),
      },
      (e) => events.push(e),
      (e) => bundledWorker(e, env),
    );
    return { done: handle.done, events };
  }

  it('the bundled worker trains a network, driven through the same launcher interface the desktop app uses', { timeout: 120_000 }, async () => {
    const { done, events } = trainXor('tfjs');
    expect(await done).toMatchObject({ type: 'done', reason: 'completed', epochs: 1 });
    expect(events.map((e) => e.type)).toContain('epoch');
  });

  it('the bundled worker trains on the multi-threaded wasm build when NND_WASM_THREADS asks for it (its files resolved from the bundle)', { timeout: 120_000 }, async ({ skip }) => {
    const unavailable = await threadedWasmUnavailable();
    if (unavailable) return skip(unavailable);
    const { done, events } = trainXor('tfjs', { ...process.env, [WASM_THREADS_ENV]: '2' });
    expect(await done).toMatchObject({ type: 'done', reason: 'completed', epochs: 1, backend: 'wasm (2 threads)' });
    expect(events.filter((e) => e.type === 'log' && e.level === 'warn')).toEqual([]);
  });

  it('the bundled PyTorch engine worker trains the same network with a local Python + torch', { timeout: 180_000 }, async ({ skip }) => {
    const { python, skipReason } = await pythonForTests();
    if (!python) return skip(skipReason ?? 'no Python with torch');
    const { done, events } = trainXor('pytorch');
    expect(await done).toMatchObject({ type: 'done', reason: 'completed', epochs: 1, backend: expect.stringMatching(/^pytorch/) });
    expect(events.map((e) => e.type)).toContain('epoch');
  });
});
