import { decrementAndLoopWhileNonZero, f32Const, functionOnMemory, get, I32, moduleBytes, type MemoryType, op, set, simdOp, V128 } from './wasm-assembler';

/**
 * The 2×2, stride-2 MaxPoolGrad — every CNN's pooling layer — as a small WebAssembly SIMD
 * function working on tfjs-backend-wasm's own memory. In JS the argmax of each window
 * costs ~17 ns (3 ms for a [64, 26, 26, 16] map, the largest item of the bench:engine CNN's
 * step after the matrix products); here four channels are compared at once with lane masks,
 * no branches, and each input position is written exactly once (no zero fill first).
 *
 * The module is a few hundred bytes assembled by wasm-assembler.ts: a function of one window
 * row, called from JS per row. Where WebAssembly SIMD or the memory is not available,
 * `simdMaxPoolGradRow()` is null and the JS kernel runs.
 */

/**
 * maxPoolGradRow(x, dy, dx, windows, groups, pixelBytes, rowBytes): for `windows` 2×2
 * windows side by side starting at byte offset x (the same offset in dx) and `groups` four-
 * channel groups per pixel, writes dy (read from byte offset dy on) to the first strictly
 * largest of each window's four inputs in row-major order and 0 to the other three — the
 * cpu backend's choice; a window without any value above −∞ (all −∞ or NaN) gets none.
 */
function maxPoolGradRowModule(memory: MemoryType): Uint8Array {
  // Parameters 0–6, then locals: 7 offset, 8 group counter, 9–12 v0..v3, 13 running max,
  // 14–17 "v_k wins over the earlier ones" masks, 18 the dy lanes, 19 −∞ in every lane.
  const [x, dy, dx, windows, groups, pixelBytes, rowBytes] = [0, 1, 2, 3, 4, 5, 6];
  const [offset, group, v0, v1, v2, v3, best, w0, w1, w2, w3, g, minusInfinity] = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const address = (base: number, ...extra: number[]) => [...get(base), ...get(offset), op.i32Add, ...extra.flatMap((e) => [...get(e), op.i32Add])];
  const load = (into: number, ...extra: number[]) => [...address(x, ...extra), ...simdOp.load, ...set(into)];
  const store = (mask: number[], ...extra: number[]) => [...address(dx, ...extra), ...get(g), ...mask, ...simdOp.and, ...simdOp.store];

  const code: number[] = [
    op.i32Const, 0, ...set(offset),
    ...f32Const(Number.NEGATIVE_INFINITY), ...simdOp.f32x4Splat, ...set(minusInfinity),
    op.loop, op.emptyBlockType, // over the windows of the row
    ...get(groups), ...set(group),
    op.loop, op.emptyBlockType, // over the four-channel groups of one window
    ...load(v0),
    ...load(v1, pixelBytes),
    ...load(v2, rowBytes),
    ...load(v3, rowBytes, pixelBytes),
    ...get(dy), ...simdOp.load, ...set(g),
    ...get(v0), ...get(minusInfinity), ...simdOp.f32x4Gt, ...set(w0),
    ...get(v0), ...get(minusInfinity), ...get(w0), ...simdOp.bitselect, ...set(best),
    ...get(v1), ...get(best), ...simdOp.f32x4Gt, ...set(w1),
    ...get(v1), ...get(best), ...get(w1), ...simdOp.bitselect, ...set(best),
    ...get(v2), ...get(best), ...simdOp.f32x4Gt, ...set(w2),
    ...get(v2), ...get(best), ...get(w2), ...simdOp.bitselect, ...set(best),
    ...get(v3), ...get(best), ...simdOp.f32x4Gt, ...set(w3),
    // v3 wins where w3; v2 where w2 and not w3; v1 where w1 and neither; v0 where w0 and none of the others.
    ...store([...get(w0), ...get(w1), ...get(w2), ...simdOp.or, ...get(w3), ...simdOp.or, ...simdOp.andNot]),
    ...store([...get(w1), ...get(w2), ...get(w3), ...simdOp.or, ...simdOp.andNot], pixelBytes),
    ...store([...get(w2), ...get(w3), ...simdOp.andNot], rowBytes),
    ...store([...get(w3)], rowBytes, pixelBytes),
    ...get(offset), op.i32Const, 16, op.i32Add, ...set(offset),
    ...get(dy), op.i32Const, 16, op.i32Add, ...set(dy),
    ...decrementAndLoopWhileNonZero(group),
    op.end,
    // Past the window's second pixel: the group loop has crossed its first.
    ...get(offset), ...get(pixelBytes), op.i32Add, ...set(offset),
    ...decrementAndLoopWhileNonZero(windows),
    op.end,
  ];
  return moduleBytes('maxPoolGradRow', 7, [{ count: 2, type: I32 }, { count: 11, type: V128 }], code, memory);
}

export type MaxPoolGradRow = (x: number, dy: number, dx: number, windows: number, groups: number, pixelBytes: number, rowBytes: number) => void;

/** The SIMD row function bound to this memory, or null where it cannot run here. */
export const simdMaxPoolGradRow = functionOnMemory<MaxPoolGradRow>('maxPoolGradRow', maxPoolGradRowModule);
