import * as tf from '@tensorflow/tfjs';
import { registerWasmBuild, threadedWasmUnavailable, wasmThreadsInUse } from './threaded-wasm';
import { wasmThreadsFromEnv } from './wasm-threads';

export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendOptions {
  /** Threads of tfjs's multi-threaded wasm build; 0 is the single-threaded build. Default: NND_WASM_THREADS. */
  wasmThreads?: number;
  /** Told when the multi-threaded build was asked for and cannot run here (training goes on single-threaded). */
  onWarning?: (message: string) => void;
}

// A variable keeps TypeScript and bundlers from requiring a package that is usually absent.
const TFJS_NODE = '@tensorflow/tfjs-node';

async function activate(name: BackendName): Promise<boolean> {
  if (!tf.findBackendFactory(name)) return false;
  return await tf.setBackend(name);
}

async function tryBackend(name: BackendName, wasmThreads: number, onWarning: (message: string) => void): Promise<boolean> {
  try {
    if (name === 'tensorflow') {
      await import(TFJS_NODE);
    } else if (name === 'wasm') {
      // Importing registers wasm with a higher priority than cpu before its binary is
      // loaded, so it is only ever activated through the awaited setBackend below.
      await import('@tensorflow/tfjs-backend-wasm');
      const unavailable = wasmThreads > 0 ? await threadedWasmUnavailable() : null;
      await registerWasmBuild(unavailable ? 0 : wasmThreads);
      if (unavailable) onWarning(`the multi-threaded wasm build cannot run here (${unavailable}); training single-threaded`);
      if (wasmThreads > 0 && !unavailable) {
        if (await activate('wasm')) {
          const granted = wasmThreadsInUse();
          if (granted !== wasmThreads) onWarning(`the multi-threaded wasm build runs ${granted} thread${granted === 1 ? '' : 's'}, not the ${wasmThreads} asked for`);
          return true;
        }
        onWarning('the multi-threaded wasm build did not start; training single-threaded');
        await registerWasmBuild(0);
      }
    }
    return await activate(name);
  } catch {
    return false;
  }
}

/**
 * Activates the fastest tfjs backend that loads here — tfjs-node where it is installed,
 * else wasm, else cpu — and returns its name. Wasm trains convolutions and embeddings only
 * with the gradient kernels it lacks: registerFastPath() (fast-path.ts) adds them first.
 * With `only`, that backend or an Error saying it is unavailable.
 */
export async function selectBackend(only?: BackendName, options: BackendOptions = {}): Promise<BackendName> {
  const wasmThreads = options.wasmThreads ?? wasmThreadsFromEnv();
  const onWarning = options.onWarning ?? ((message: string) => console.warn(message));
  for (const name of only ? [only] : BACKENDS) if (await tryBackend(name, wasmThreads, onWarning)) return name;
  if (only) throw new Error(`the ${only} backend is not available here — choose another backend, or leave the choice to the app`);
  throw new Error('no TensorFlow.js backend could be started');
}

/** The active backend as events and logs name it: `wasm (2 threads)` for the multi-threaded build. */
export function backendLabel(name: BackendName): string {
  const threads = name === 'wasm' ? wasmThreadsInUse() : 0;
  return threads > 0 ? `wasm (${threads} thread${threads === 1 ? '' : 's'})` : name;
}
