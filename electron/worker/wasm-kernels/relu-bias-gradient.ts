import * as tf from '@tensorflow/tfjs';
import { RELU_BIAS_GRADIENT_KERNEL } from '../../../shared/layers/custom/conv2d-bias-activation';
import { fastPathSwitches } from '../fast-path-switches';
import type { KernelArgs, WasmHeapBackend } from './heap';
import { addTo, backendMemory, i32Const, decrementAndLoopWhileNonZero, f32Const, functionOnMemory, get, I32, moduleBytes, type MemoryType, op, set, simdOp, V128 } from './wasm-assembler';

/**
 * The backward pass of a Conv2D's ReLU and bias in one pass over the feature map: g = dy where
 * y > 0, else 0, and the bias gradient Σ g over every position. The stock ops took a Step, a
 * Multiply and a Sum, three passes and two fresh maps. Rows of four-channel groups go
 * through a WebAssembly SIMD function (outC/4 accumulators in registers, per image, added
 * up in float64 here); other channel counts, or no SIMD, run the same loop in JS.
 *
 * reluBiasRows(dy, y, g, acc, rows): for rows × (4·groups) floats, g = y > 0 ? dy : +0 and
 * acc[c] (groups four-float sums, read at the start and written back) += g.
 */
function reluBiasRowsModule(groups: number): (memory: MemoryType) => Uint8Array {
  return (memory) => {
    const [dy, y, g, acc, rows] = [0, 1, 2, 3, 4];
    const row = 5;
    const zero = 6;
    const sum = (k: number) => 7 + k;
    const masked = 7 + groups;
    const code = [
      ...f32Const(0), ...simdOp.f32x4Splat, ...set(zero),
      ...Array.from({ length: groups }, (_, k) => [...get(acc), ...simdOp.loadAt(16 * k), ...set(sum(k))]).flat(),
      ...get(rows), ...set(row),
      op.loop, op.emptyBlockType,
      ...Array.from({ length: groups }, (_, k) => [
        ...get(dy), ...simdOp.loadAt(16 * k),
        ...get(y), ...simdOp.loadAt(16 * k), ...get(zero), ...simdOp.f32x4Gt,
        ...simdOp.and, ...set(masked),
        ...get(g), ...get(masked), ...simdOp.storeAt(16 * k),
        ...get(sum(k)), ...get(masked), ...simdOp.f32x4Add, ...set(sum(k)),
      ]).flat(),
      ...addTo(dy, i32Const(16 * groups)),
      ...addTo(y, i32Const(16 * groups)),
      ...addTo(g, i32Const(16 * groups)),
      ...decrementAndLoopWhileNonZero(row),
      op.end,
      ...Array.from({ length: groups }, (_, k) => [...get(acc), ...get(sum(k)), ...simdOp.storeAt(16 * k)]).flat(),
    ];
    return moduleBytes('reluBiasRows', 5, [{ count: 1, type: I32 }, { count: groups + 2, type: V128 }], code, memory);
  };
}

type ReluBiasRows = (dy: number, y: number, g: number, acc: number, rows: number) => void;

/** Up to 64 channels: more accumulators than that would not stay in registers. */
export const MAX_RELU_BIAS_GROUPS = 16;
const byGroups = Array.from({ length: MAX_RELU_BIAS_GROUPS }, (_, i) => functionOnMemory<ReluBiasRows>('reluBiasRows', reluBiasRowsModule(i + 1)));

export function wasmReluBiasRows(groups: number, memory: Parameters<(typeof byGroups)[number]>[0]): ReluBiasRows | null {
  return groups >= 1 && groups <= MAX_RELU_BIAS_GROUPS ? byGroups[groups - 1]!(memory) : null;
}

/** Rows per wasm call: float32 sums over this many rows, then added up in float64. */
const ROWS_PER_CALL = 1024;

export function reluBiasGradient({ inputs, backend }: KernelArgs): tf.TensorInfo[] {
  const { dy, y } = inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
  const heap = backend as WasmHeapBackend & { disposeData(dataId: object): void };
  const channels = y.shape[y.shape.length - 1]!;
  const g = heap.makeOutput(y.shape, 'float32');
  const bias = heap.makeOutput([channels], 'float32');
  const rows = channels === 0 ? 0 : y.shape.reduce((a, b) => a * b, 1) / channels;
  const totals = new Float64Array(channels);
  const simdRows = channels % 4 === 0 && fastPathSwitches.wasmReluBias ? wasmReluBiasRows(channels / 4, backendMemory(backend)) : null;
  if (simdRows && rows > 0) {
    const partial = heap.makeOutput([channels], 'float32');
    const sums = heap.typedArrayFromHeap(partial) as Float32Array;
    const [dyAt, yAt, gAt] = [dy, y, g].map((t) => heap.typedArrayFromHeap(t).byteOffset) as [number, number, number];
    const rowBytes = channels * 4;
    for (let first = 0; first < rows; first += ROWS_PER_CALL) {
      sums.fill(0);
      simdRows(dyAt + first * rowBytes, yAt + first * rowBytes, gAt + first * rowBytes, sums.byteOffset, Math.min(ROWS_PER_CALL, rows - first));
      for (let c = 0; c < channels; c++) totals[c]! += sums[c]!;
    }
    heap.disposeData(partial.dataId);
  } else {
    const [dyValues, yValues, gValues] = [dy, y, g].map((t) => heap.typedArrayFromHeap(t) as Float32Array) as [Float32Array, Float32Array, Float32Array];
    for (let i = 0, c = 0; i < yValues.length; i++, c = c + 1 === channels ? 0 : c + 1) {
      const value = yValues[i]! > 0 ? dyValues[i]! : 0;
      gValues[i] = value;
      totals[c]! += value;
    }
  }
  (heap.typedArrayFromHeap(bias) as Float32Array).set(totals);
  return [g, bias];
}

export const reluBiasGradientConfig: tf.KernelConfig = {
  kernelName: RELU_BIAS_GRADIENT_KERNEL,
  backendName: 'wasm',
  kernelFunc: reluBiasGradient as unknown as tf.KernelFunc,
};
