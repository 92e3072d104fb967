import * as tf from '@tensorflow/tfjs';
import { fastPathSwitches, onFastPathSwitchesSet, type FastPathSwitches } from '../fast-path-switches';
import { adamUpdateConfig } from './adam-update';
import { transposeFreeBatchMatMulReplacing } from './batch-matmul';
import { conv2DBackpropFilter, depthwiseConv2dNativeBackpropFilter, depthwiseConv2dNativeBackpropInput } from './conv-backprop';
import { FAST_CONV_ADDITIONS, FAST_CONV_REPLACEMENTS } from './fast-conv-kernels';
import { geluConfig } from './gelu';
import { layerNormConfigs } from './layer-norm';
import { SHARING_REPLACEMENTS } from './share-identity';
import { HEAP_SLICING_REPLACEMENTS } from './slice';
import { unsortedSegmentSum } from './unsorted-segment-sum';

/**
 * Gradient kernels tfjs-backend-wasm 4.22 lacks (measured against the cpu backend's list);
 * without them a Conv2D, DepthwiseConv2D, SeparableConv2D or Embedding layer cannot train on
 * wasm. Plain JS loops over the wasm heap: slower than native wasm, far faster than
 * falling back to cpu for the whole model.
 */
export const WASM_GRADIENT_KERNELS: tf.KernelConfig[] = [
  { kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc: conv2DBackpropFilter as unknown as tf.KernelFunc },
  {
    kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
    backendName: 'wasm',
    kernelFunc: depthwiseConv2dNativeBackpropFilter as unknown as tf.KernelFunc,
  },
  {
    kernelName: tf.DepthwiseConv2dNativeBackpropInput,
    backendName: 'wasm',
    kernelFunc: depthwiseConv2dNativeBackpropInput as unknown as tf.KernelFunc,
  },
  { kernelName: tf.UnsortedSegmentSum, backendName: 'wasm', kernelFunc: unsortedSegmentSum as unknown as tf.KernelFunc },
  // Not a missing kernel but a faster optimizer step: see adam-update.ts.
  adamUpdateConfig,
];

type Replacement = { kernelName: string; make: (replaced: tf.KernelConfig) => tf.KernelConfig };
/** The switches that decide which kernels are registered (the others are read by the kernels as they run). */
type KernelSwitch = keyof Pick<FastPathSwitches, 'fastConvKernels' | 'sharingIdentity' | 'fusedGelu' | 'fusedLayerNorm'>;

/** Wasm kernels replaced by ours while `when` is on (always, without one); off, the replaced kernel is back. */
const REPLACEMENTS: (Replacement & { when?: KernelSwitch })[] = [
  // Not a missing gradient but a slow one: see batch-matmul.ts.
  { kernelName: tf.BatchMatMul, make: transposeFreeBatchMatMulReplacing },
  // Also slow ones: see slice.ts.
  ...HEAP_SLICING_REPLACEMENTS,
  // Faster conv/pool gradients, bias-gradient sums and row gathers: see fast-conv-kernels.ts.
  ...FAST_CONV_REPLACEMENTS.map((r) => ({ ...r, when: 'fastConvKernels' as const })),
  // A needless copy of every tensor saved for a gradient: see share-identity.ts.
  ...SHARING_REPLACEMENTS.map((r) => ({ ...r, when: 'sharingIdentity' as const })),
];

/** Kernels wasm lacks, registered while `when` is on; the layers that use them check that they are there. */
const ADDITIONS: { config: tf.KernelConfig; when: KernelSwitch }[] = [
  ...FAST_CONV_ADDITIONS.map((config) => ({ config, when: 'fastConvKernels' as const })),
  // GELU and its derivative in one SIMD pass: see shared/layers/custom/gelu.ts.
  { config: geluConfig, when: 'fusedGelu' },
  // Layer normalization in one pass each way: see shared/layers/custom/layer-normalization.ts.
  ...layerNormConfigs.map((config) => ({ config, when: 'fusedLayerNorm' as const })),
];

/**
 * Each replaced kernel as registered when first replaced, and its replacement, made once (so
 * registering again puts back the very same config). The replaced configs keep their
 * setupFunc (it binds the wasm export they call), so a replacement carries it too: whichever
 * is registered when the backend starts sets it up.
 */
const replacements = new Map<string, { replaced: tf.KernelConfig; replacement: tf.KernelConfig }>();

/** Registers what the switches ask for: each replacement or the kernel it replaces, each addition or nothing. */
function applyKernelSwitches(): void {
  for (const { kernelName, make, when } of REPLACEMENTS) {
    if (!replacements.has(kernelName)) {
      const current = tf.getKernel(kernelName, 'wasm');
      if (!current) continue;
      replacements.set(kernelName, { replaced: current, replacement: make(current) });
    }
    const { replaced, replacement } = replacements.get(kernelName)!;
    const wanted = when === undefined || fastPathSwitches[when] ? replacement : replaced;
    if (tf.getKernel(kernelName, 'wasm') === wanted) continue;
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel(wanted);
  }
  for (const { config, when } of ADDITIONS) {
    const present = tf.getKernel(config.kernelName, 'wasm');
    if (present === config && fastPathSwitches[when]) continue;
    if (present) tf.unregisterKernel(config.kernelName, 'wasm');
    if (fastPathSwitches[when]) tf.registerKernel(config);
  }
}

/**
 * Our wasm kernels, as the switch table (fast-path-switches.ts) asks, and again whenever a
 * switch is set. The stock wasm kernels must be registered already (importing
 * @tensorflow/tfjs-backend-wasm does that); kernels a newer tfjs-backend-wasm provides
 * itself are left alone. Idempotent.
 */
export function registerWasmKernels(): void {
  for (const config of WASM_GRADIENT_KERNELS) if (!tf.getKernel(config.kernelName, 'wasm')) tf.registerKernel(config);
  applyKernelSwitches();
  onFastPathSwitchesSet(applyKernelSwitches);
}
