/**
 * The parts of the wasm fast path that a benchmark or an agreement test turns off to compare
 * with the stock route in one process. The app never sets them: the defaults are the fast
 * path. The kernels read the table at each call; the switches that decide which kernels are
 * registered at all are re-applied by the registration (fast-path.ts) whenever one is set.
 */
export interface FastPathSwitches {
  /** The WebAssembly SIMD kernels (batched and weight-gradient products, bias-gradient sums; GELU and LayerNorm fall back to JS loops): simd-kernels.ts. */
  simdKernels: boolean;
  /** Identity and same-type Cast share their input's buffer instead of copying it: share-identity.ts. */
  sharingIdentity: boolean;
  /** The convolution, pooling, bias-sum and row-gather replacements and the fused Conv2D + bias + ReLU: fast-conv-kernels.ts. */
  fastConvKernels: boolean;
  /** GELU and its derivative as one kernel (shared/layers/custom/gelu.ts) instead of tfjs's formula. */
  fusedGelu: boolean;
  /** Layer normalization as one kernel each way (shared/layers/custom/layer-normalization.ts) instead of broadcasting ops. */
  fusedLayerNorm: boolean;
  /** Adam's update as a wasm pass, else a JS loop: adam-update.ts. */
  wasmAdamPass: boolean;
  /** The im2col gather as a wasm function, else a JS copy loop: conv-matmul.ts. */
  wasmColumnGather: boolean;
  /** ReLU's and the bias's gradients as a wasm pass, else a JS loop: relu-bias-gradient.ts. */
  wasmReluBias: boolean;
  /** The im2col/col2im matrices of the convolution gradients in cached chunks on the SIMD product, else whole on one XNNPACK product: conv-matmul.ts. */
  chunkedConvProducts: boolean;
  /** BatchNormalization's input gradient with 1/√(variance + ε) broadcast rather than tiled to the input's shape: batch-norm-gradient.ts. */
  broadcastBatchNormGradient: boolean;
  /** The stride-1 convolution input gradient: chosen by the measured rule, or forced to one route ('col2im' only where it applies): conv-matmul.ts. */
  inputGradientPath: 'measured' | 'convolution' | 'col2im';
}

export type InputGradientPath = FastPathSwitches['inputGradientPath'];

export const FAST_PATH_DEFAULTS: Readonly<FastPathSwitches> = Object.freeze({
  simdKernels: true,
  sharingIdentity: true,
  fastConvKernels: true,
  fusedGelu: true,
  fusedLayerNorm: true,
  wasmAdamPass: true,
  wasmColumnGather: true,
  wasmReluBias: true,
  chunkedConvProducts: true,
  broadcastBatchNormGradient: true,
  inputGradientPath: 'measured',
});

/** The Transformer's fast path of issue #10 on or off as one, for the A/B benchmarks. */
export function transformerFastPath(on: boolean): Partial<FastPathSwitches> {
  return { simdKernels: on, sharingIdentity: on, fusedGelu: on, fusedLayerNorm: on };
}

const table: FastPathSwitches = { ...FAST_PATH_DEFAULTS };

/** The switches as they stand; the kernels read them at each call. */
export const fastPathSwitches: Readonly<FastPathSwitches> = table;

const appliers = new Set<() => void>();

/** Sets the switches named (the others keep their values) and applies them at once; returns all the values before. */
export function setFastPathSwitches(changes: Partial<FastPathSwitches>): FastPathSwitches {
  const before = { ...table };
  Object.assign(table, changes);
  for (const apply of appliers) apply();
  return before;
}

/** Every switch back to its default. */
export function resetFastPathSwitches(): void {
  setFastPathSwitches(FAST_PATH_DEFAULTS);
}

/** For the registration: `apply` re-registers kernels whenever a switch is set. */
export function onFastPathSwitchesSet(apply: () => void): void {
  appliers.add(apply);
}
