import { registerLayerClasses } from '../../shared/layers/custom';
import { applyBatchNormGradientSwitch } from './batch-norm-gradient';
import { onFastPathSwitchesSet } from './fast-path-switches';
import { registerWasmKernels } from './wasm-kernels';

/**
 * The fast path, opt-in: our wasm kernels (the gradients tfjs-backend-wasm lacks and the
 * faster ones, as the switch table in fast-path-switches.ts asks), a faster BatchNormalization
 * gradient and our tfjs layer classes.
 * The training worker calls it once before it selects a backend; so do the benchmarks and
 * the tests that train on wasm. Importing any of it registers nothing. Idempotent.
 */
export async function registerFastPath(): Promise<void> {
  registerLayerClasses();
  // Registers tfjs's wasm backend and its kernels, which ours replace or join; the backend
  // itself starts only when selectBackend asks for it.
  await import('@tensorflow/tfjs-backend-wasm');
  registerWasmKernels();
  applyBatchNormGradientSwitch();
  onFastPathSwitchesSet(applyBatchNormGradientSwitch);
}
