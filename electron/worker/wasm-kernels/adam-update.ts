import type * as tf from '@tensorflow/tfjs';
import { ADAM_UPDATE_KERNEL } from '../../../shared/training/optimizers';
import { fastPathSwitches } from '../fast-path-switches';
import type { KernelArgs, WasmHeapBackend } from './heap';
import { assembleModule, backendMemory, decrementAndLoopWhileNonZero, F64, functionBody, functionOnMemory, get, I32, i32Const, type MemoryType, op, set, signature, simdOp, V128 } from './wasm-assembler';

/**
 * adamPairs(w, g, m, v, wOut, mOut, vOut, pairs, beta1, beta2, share1, share2, scale1, scale2,
 * epsilon, step): adamPass's loop two elements at a time in f64x2, each operation as adamPass
 * does it in the same order (wasm has no fused multiply-add, sqrt and division are correctly
 * rounded, float32 stores round to nearest as a Float32Array's do): the same bits, without the
 * per-element cost of JS's bounds-checked typed-array reads (~10 ns an element).
 */
function adamPairsModule(memory: MemoryType): Uint8Array {
  const [w, g, m, v, wOut, mOut, vOut, pairs] = [0, 1, 2, 3, 4, 5, 6, 7];
  const constants = [8, 9, 10, 11, 12, 13, 14, 15]; // f64: beta1, beta2, share1, share2, scale1, scale2, epsilon, step
  const [beta1, beta2, share1, share2, scale1, scale2, epsilon, step] = [16, 17, 18, 19, 20, 21, 22, 23]; // their f64x2 splats
  const [gv, mi, vi] = [24, 25, 26];
  const locals = [{ count: 11, type: V128 }];
  const pair = (pointer: number) => [...get(pointer), ...simdOp.load64ZeroAt(0), ...simdOp.f64x2PromoteLowF32x4];
  const code: number[] = [];
  constants.forEach((c, i) => code.push(...get(c), ...simdOp.f64x2Splat, ...set(beta1 + i)));
  code.push(op.loop, op.emptyBlockType);
  code.push(...pair(g), ...set(gv));
  code.push(...pair(m), ...get(beta1), ...simdOp.f64x2Mul, ...get(gv), ...get(share1), ...simdOp.f64x2Mul, ...simdOp.f64x2Add, ...set(mi));
  code.push(...pair(v), ...get(beta2), ...simdOp.f64x2Mul, ...get(gv), ...get(gv), ...simdOp.f64x2Mul, ...get(share2), ...simdOp.f64x2Mul, ...simdOp.f64x2Add, ...set(vi));
  code.push(...get(mOut), ...get(mi), ...simdOp.f32x4DemoteF64x2Zero, ...simdOp.store64Lane0At(0));
  code.push(...get(vOut), ...get(vi), ...simdOp.f32x4DemoteF64x2Zero, ...simdOp.store64Lane0At(0));
  code.push(
    ...get(wOut),
    ...get(mi), ...get(scale1), ...simdOp.f64x2Mul,
    ...get(vi), ...get(scale2), ...simdOp.f64x2Mul, ...simdOp.f64x2Sqrt, ...get(epsilon), ...simdOp.f64x2Add, ...simdOp.f64x2Div,
    ...get(step), ...simdOp.f64x2Mul, ...pair(w), ...simdOp.f64x2Add,
    ...simdOp.f32x4DemoteF64x2Zero, ...simdOp.store64Lane0At(0),
  );
  for (const pointer of [w, g, m, v, wOut, mOut, vOut]) code.push(...get(pointer), ...i32Const(8), op.i32Add, ...set(pointer));
  code.push(...decrementAndLoopWhileNonZero(pairs), op.end);
  return assembleModule(
    { types: [signature([...new Array<number>(8).fill(I32), ...new Array<number>(8).fill(F64)])], functions: [0], bodies: [functionBody(locals, code)], exports: ['adamPairs'] },
    memory,
  );
}

type AdamPairs = (w: number, g: number, m: number, v: number, wOut: number, mOut: number, vOut: number, pairs: number, ...constants: number[]) => void;
export const wasmAdamPairs = functionOnMemory<AdamPairs>('adamPairs', adamPairsModule);

/**
 * One Adam step for one variable in a single pass over the wasm heap. tfjs's Adam spends
 * about fifteen kernels per variable on it (each a full pass with a fresh output, and the
 * scalar multiplies take wasm's slow broadcasting path): eight times the cost of SGD on an
 * MLP. The same formula, in double precision until each result is stored as float32: it
 * agrees with the stock optimizer to float32 rounding.
 * Inputs: value, gradient, firstMoment, secondMoment, and accBeta1 / accBeta2 (β^t, scalars).
 * Outputs: the new value, first moment and second moment.
 */
export function adamUpdate({ inputs, backend, attrs = {} }: KernelArgs): tf.TensorInfo[] {
  const { value, gradient, firstMoment, secondMoment, accBeta1, accBeta2 } = inputs as Record<string, tf.TensorInfo>;
  const heap = backend as WasmHeapBackend;
  // Outputs first: allocating can grow the wasm memory and detach earlier views.
  const outputs = [value!, firstMoment!, secondMoment!].map((t) => heap.makeOutput(t.shape, 'float32'));
  const [w, g, m, v, acc1, acc2] = [value, gradient, firstMoment, secondMoment, accBeta1, accBeta2].map(
    (t) => heap.typedArrayFromHeap(t!) as Float32Array,
  );
  const [wOut, mOut, vOut] = outputs.map((t) => heap.typedArrayFromHeap(t) as Float32Array);
  const beta1 = attrs.beta1 as number;
  const beta2 = attrs.beta2 as number;
  const [epsilon, step, correction1, correction2] = [attrs.epsilon as number, -(attrs.learningRate as number), 1 - acc1![0]!, 1 - acc2![0]!];
  const pairs = fastPathSwitches.wasmAdamPass ? wasmAdamPairs(backendMemory(heap)) : null;
  let done = 0;
  if (pairs && w!.length >= 2) {
    done = w!.length - (w!.length % 2);
    const at = [w, g, m, v, wOut, mOut, vOut].map((a) => a!.byteOffset);
    pairs(at[0]!, at[1]!, at[2]!, at[3]!, at[4]!, at[5]!, at[6]!, done / 2, beta1, beta2, 1 - beta1, 1 - beta2, 1 / correction1, 1 / correction2, epsilon, step);
  }
  // The odd element left (or all of them without the wasm module).
  if (done < w!.length) {
    const rest = [w, g, m, v, wOut, mOut, vOut].map((a) => a!.subarray(done));
    adamPass(rest[0]!, rest[1]!, rest[2]!, rest[3]!, rest[4]!, rest[5]!, rest[6]!, beta1, beta2, epsilon, step, correction1, correction2);
  }
  return outputs;
}

/** The loop on its own, so V8 compiles it once for Float32Array arguments. */
function adamPass(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  wOut: Float32Array,
  mOut: Float32Array,
  vOut: Float32Array,
  beta1: number,
  beta2: number,
  epsilon: number,
  step: number,
  correction1: number,
  correction2: number,
): void {
  const gradientShare1 = 1 - beta1;
  const gradientShare2 = 1 - beta2;
  // Reciprocals once per step: a division per element fewer, in the loop's critical path.
  const scale1 = 1 / correction1;
  const scale2 = 1 / correction2;
  const n = w.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const mi = m[i]! * beta1 + gi * gradientShare1;
    const vi = v[i]! * beta2 + gi * gi * gradientShare2;
    mOut[i] = mi;
    vOut[i] = vi;
    wOut[i] = ((mi * scale1) / (Math.sqrt(vi * scale2) + epsilon)) * step + w[i]!;
  }
}

export const adamUpdateConfig: tf.KernelConfig = {
  kernelName: ADAM_UPDATE_KERNEL,
  backendName: 'wasm',
  kernelFunc: adamUpdate as unknown as tf.KernelFunc,
};
