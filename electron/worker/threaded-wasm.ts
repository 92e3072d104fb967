import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { THREADED_WASM_FILES } from './wasm-threads';

/**
 * tfjs-backend-wasm ships a multi-threaded build (XNNPACK on a pthread pool of Web Workers
 * sharing one SharedArrayBuffer heap) but never uses it in Node: its feature test answers
 * "no threads" whenever it runs under Node (tfjs issue 3830), and its loader hands the
 * pthread workers Blob URLs, which Node's worker_threads cannot open. So this loads that
 * build itself, from the package's own files, and registers it as the `wasm` backend in
 * place of the stock single-threaded one. The stock BackendWasm class and every wasm
 * kernel stay as they are; only the Emscripten module under them changes.
 */

const require = createRequire(import.meta.url);
const PACKAGE = '@tensorflow/tfjs-backend-wasm';
/** tfjs registers its wasm backend with this priority (above cpu, below tfjs-node). */
const WASM_PRIORITY = 2;

/** The parts of an Emscripten module of tfjs-backend-wasm this file and BackendWasm touch. */
interface EmscriptenModule {
  HEAPU8: Uint8Array;
  wasmMemory: { readonly buffer: ArrayBufferLike; grow(pages: number): number };
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => unknown;
  PThread: { unusedWorkers: PoolWorker[]; runningWorkers: PoolWorker[]; allocateUnusedWorker(): void; terminateAllThreads(): void };
  tfjs?: Record<string, unknown>;
}
interface PoolWorker {
  ref(): void;
  terminate(): void;
}
type ModuleFactory = (config: Record<string, unknown>) => Promise<EmscriptenModule>;
/** The one WebAssembly call made here (this project's TypeScript libs leave WebAssembly out). */
const { WebAssembly: wasmApi } = globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: object; module: object }> };
};

/** The pthread build's main script and its worker script, where a worker thread can load them. */
interface PthreadScripts {
  main: string;
  worker: string;
}

let scripts: PthreadScripts | undefined;

/**
 * A folder for the scripts that only this user can write to (a script swapped between our
 * writing and a worker loading it would run in the training process): one per user and
 * version, reused by every later process. Where that cannot be had (someone else made it,
 * or others may write to it), a private folder of this process, removed when it exits.
 */
function scriptsFolder(digest: string): string {
  const uid = process.getuid?.();
  const shared = path.join(os.tmpdir(), `nnd-wasm-pthreads-${uid ?? 'user'}-${digest}`);
  mkdirSync(shared, { recursive: true, mode: 0o700 });
  const info = statSync(shared);
  // Windows keeps a temp folder per user and has no POSIX modes to check.
  if (process.platform === 'win32' || (info.uid === uid && (info.mode & 0o022) === 0)) return shared;
  const own = mkdtempSync(path.join(os.tmpdir(), 'nnd-wasm-pthreads-'));
  process.on('exit', () => rmSync(own, { recursive: true, force: true }));
  return own;
}

/**
 * The package keeps the worker script only as a JS string meant for a Blob; Node workers
 * load files. Both scripts are written (outside app.asar) into scriptsFolder, each
 * atomically and only when it differs, so concurrent training processes share them safely.
 */
function materializeScripts(): PthreadScripts {
  if (scripts) return scripts;
  const mainSource = readFileSync(require.resolve(`${PACKAGE}/${THREADED_WASM_FILES.script}`), 'utf8');
  const { wasmWorkerContents } = require(`${PACKAGE}/${THREADED_WASM_FILES.workerScript}`) as { wasmWorkerContents: string };
  // The string was written for a Blob and keeps "\n" escapes that became real newlines
  // inside its string literals; tfjs re-escapes them the same way before making its Blob.
  const workerSource = wasmWorkerContents.replace(/\n/g, '\\n');
  const dir = scriptsFolder(createHash('sha256').update(mainSource).update(workerSource).digest('hex').slice(0, 16));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    if (existsSync(file) && readFileSync(file, 'utf8') === text) return file;
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, text, { mode: 0o600 });
    renameSync(partial, file);
    return file;
  };
  scripts = { main: write('tfjs-backend-wasm-threaded-simd.cjs', mainSource), worker: write('tfjs-backend-wasm-threaded-simd.worker.cjs', workerSource) };
  return scripts;
}

/** Why the multi-threaded build cannot run in this process, or null when it can. */
export async function threadedWasmUnavailable(): Promise<string | null> {
  if (typeof SharedArrayBuffer === 'undefined') return 'SharedArrayBuffer is not available in this process';
  try {
    const threads = await import('node:worker_threads');
    if (typeof threads.Worker !== 'function') return 'worker_threads has no Worker here';
  } catch {
    return 'worker_threads is not available in this process';
  }
  // The package registers the flag (and its stock backend) when imported.
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))) return 'this WebAssembly engine lacks SIMD, which the multi-threaded build needs';
  return null;
}

/**
 * After the heap grows, Module.HEAPU8 is re-made only on the thread that grew it. A pthread
 * (an XNNPACK worker) growing it leaves the main thread's view short, and tfjs's
 * BackendWasm (writes, reads, typedArrayFromHeap, which our JS kernels use) would index
 * past its end. This getter re-takes the view whenever the memory's buffer has changed;
 * an unchanged SharedArrayBuffer is the same object, so the check is one comparison.
 */
function keepHeapViewCurrent(module: EmscriptenModule): void {
  const memory = module.wasmMemory;
  let view = module.HEAPU8;
  Object.defineProperty(module, 'HEAPU8', {
    configurable: true,
    get: () => (view.buffer === memory.buffer ? view : (view = new Uint8Array(memory.buffer))),
    set: (next: Uint8Array) => void (view = next),
  });
}

/**
 * Emscripten unrefs an idle pool worker but refs it again while it runs a pthread, and
 * XNNPACK's pool threads run for the life of the module: a process that ends by running out
 * of work (a test, a script, the CLI in-process) would then never exit. The pool must
 * never keep the process alive, so `ref` does nothing on its workers, present and future.
 */
function neverKeepAlive(module: EmscriptenModule): void {
  const pool = module.PThread;
  const disarm = (worker: PoolWorker) => void (worker.ref = () => undefined);
  pool.unusedWorkers.forEach(disarm);
  pool.runningWorkers.forEach(disarm);
  const allocate = pool.allocateUnusedWorker.bind(pool);
  pool.allocateUnusedWorker = () => {
    allocate();
    disarm(pool.unusedWorkers[pool.unusedWorkers.length - 1]!);
  };
}

/** Starts the Emscripten module of the multi-threaded build: its memory, its 8 pool workers. */
function loadModule(threads: number): Promise<EmscriptenModule> {
  const { main, worker } = materializeScripts();
  const factory = require(main) as ModuleFactory;
  // The same binary tfjs itself would load (dist/ is where the desktop app unpacks the wasm files).
  const binary = readFileSync(require.resolve(`${PACKAGE}/${THREADED_WASM_FILES.binary}`));
  return new Promise<EmscriptenModule>((resolve, reject) => {
    factory({
      locateFile: (file: string, prefix: string) => (file.endsWith('.worker.js') ? worker : prefix + file),
      instantiateWasm(imports: { env: Record<string, unknown> }, receive: (instance: object, module: object) => void) {
        // tfjs's C++ side sizes the pool at min(asked, logical cores / 2), reading the cores
        // from os.cpus(): it assumes hyper-threads, and so gives a 2-core machine 1 thread.
        // Reporting twice the threads asked for makes it take exactly the count asked for.
        const env = { ...imports.env, emscripten_num_logical_cores: () => 2 * threads };
        // Emscripten would wait for receive() forever: a failed instantiation fails the backend.
        wasmApi.instantiate(binary, { ...imports, env }).then(({ instance, module }) => receive(instance, module), reject);
        return {};
      },
    }).then(resolve, reject);
  });
}

/** Threads the last multi-threaded backend made got from tfjs (it may cap the count asked for). */
let threadsGranted = 0;

async function instantiate(threads: number): Promise<BackendWasm> {
  // Imported when used, like backend.ts does: importing registers the stock wasm backend.
  const { BackendWasm, getThreadsCount, setThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  const module = await loadModule(threads);
  keepHeapViewCurrent(module);
  neverKeepAlive(module);
  // As tfjs's own init does, under the names BackendWasm calls.
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  setThreadsCount(threads);
  const backend = new BackendWasm(module as never);
  threadsGranted = getThreadsCount();
  // Emscripten starts 8 workers up front. XNNPACK's pool now holds the threads − 1 it keeps
  // for good; each idle one left is a V8 isolate (~15 MB) that nothing will use. A pthread
  // asked for later gets a fresh worker.
  for (const idle of module.PThread.unusedWorkers.splice(0)) idle.terminate();
  const dispose = backend.dispose.bind(backend);
  backend.dispose = () => {
    dispose();
    module.PThread.terminateAllThreads();
  };
  return backend;
}

type BackendFactory = () => tf.KernelBackend | Promise<tf.KernelBackend>;
let stockFactory: BackendFactory | undefined;
/** Threads of the registered multi-threaded `wasm` factory; 0 while the stock one is registered. */
let registeredThreads = 0;

function replaceWasmFactory(factory: BackendFactory): void {
  // Also disposes an initialized wasm backend, so the next setBackend('wasm') builds anew.
  if (tf.findBackendFactory('wasm')) tf.removeBackend('wasm');
  tf.registerBackend('wasm', factory, WASM_PRIORITY);
}

/**
 * Registers the multi-threaded build with `threads` threads as the `wasm` backend (the
 * next `tf.setBackend('wasm')` starts it), or with 0 puts the stock single-threaded build
 * back. The stock factory is registered by importing @tensorflow/tfjs-backend-wasm.
 */
export async function registerWasmBuild(threads: number): Promise<void> {
  if (threads === registeredThreads) return;
  const { setThreadsCount } = await import('@tensorflow/tfjs-backend-wasm');
  stockFactory ??= tf.findBackendFactory('wasm') ?? undefined;
  const stock = stockFactory;
  if (!stock) throw new Error('the stock wasm backend is not registered');
  replaceWasmFactory(
    threads > 0
      ? () => instantiate(threads)
      : () => {
          // Back to tfjs's default for a build that has no threads to count.
          setThreadsCount(-1);
          return stock();
        },
  );
  registeredThreads = threads;
}

/** Threads the active `wasm` backend computes with: 0 for the single-threaded build (or another backend). */
export function wasmThreadsInUse(): number {
  return registeredThreads > 0 && tf.engine().backendName === 'wasm' ? threadsGranted : 0;
}
