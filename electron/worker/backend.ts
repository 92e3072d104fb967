import * as tf from '@tensorflow/tfjs';
import { registerWasmGradientKernels } from './wasm-kernels';

export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

// A variable keeps TypeScript and bundlers from requiring a package that is usually absent.
const TFJS_NODE = '@tensorflow/tfjs-node';

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow') {
      await import(TFJS_NODE);
    } else if (name === 'wasm') {
      // Importing registers wasm with a higher priority than cpu before its binary is
      // loaded, so it is only ever activated through the awaited setBackend below.
      await import('@tensorflow/tfjs-backend-wasm');
      registerWasmGradientKernels();
    }
    if (!tf.findBackendFactory(name)) return false;
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/**
 * Activates the fastest tfjs backend that loads here — tfjs-node where it is installed,
 * else wasm (with the gradient kernels it lacks), else cpu — and returns its name.
 * With `only`, that backend or an Error saying it is unavailable.
 */
export async function selectBackend(only?: BackendName): Promise<BackendName> {
  for (const name of only ? [only] : BACKENDS) if (await tryBackend(name)) return name;
  if (only) throw new Error(`the ${only} backend is not available here — choose another backend, or leave the choice to the app`);
  throw new Error('no TensorFlow.js backend could be started');
}
