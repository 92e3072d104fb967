import { addTo, decrementAndLoopWhileNonZero, functionOnMemory, get, I32, moduleBytes, type MemoryType, op, set, simdOp } from './wasm-assembler';

/**
 * The scatter-add of a stride-1 Conv2D input gradient computed as dx = col2im(dy·Wᵀ)
 * (conv-matmul.ts), as a WebAssembly SIMD function on tfjs-backend-wasm's memory. For one
 * filter tap of one image, the `count` output positions of each of `rows` output rows add
 * their `groups`·4 channels of that tap's column block to the input pixels they read:
 *
 * col2imAddRows(src, dst, rows, count, srcStep, dstStep, srcRowBytes, dstRowBytes):
 * for r < rows, j < count, lane < 4·groups (byte offsets, every count ≥ 1):
 *   dst[r·dstRowBytes + j·dstStep + 4·lane] += src[r·srcRowBytes + j·srcStep + 4·lane]
 * One module per group count, its group loop unrolled.
 */
function col2imAddModule(groups: number): (memory: MemoryType) => Uint8Array {
  const [src, dst, rows, count, srcStep, dstStep, srcRowBytes, dstRowBytes] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [element, from, to] = [8, 9, 10];
  return (memory) => {
    const addGroups = Array.from({ length: groups }, (_, g) => [
      ...get(to),
      ...get(to), ...simdOp.loadAt(g * 16),
      ...get(from), ...simdOp.loadAt(g * 16),
      ...simdOp.f32x4Add,
      ...simdOp.storeAt(g * 16),
    ]).flat();
    const code = [
      op.loop, op.emptyBlockType, // over the rows
      ...get(src), ...set(from),
      ...get(dst), ...set(to),
      ...get(count), ...set(element),
      op.loop, op.emptyBlockType, // over the output positions of one row
      ...addGroups,
      ...addTo(from, get(srcStep)),
      ...addTo(to, get(dstStep)),
      ...decrementAndLoopWhileNonZero(element),
      op.end,
      ...addTo(src, get(srcRowBytes)),
      ...addTo(dst, get(dstRowBytes)),
      ...decrementAndLoopWhileNonZero(rows),
      op.end,
    ];
    return moduleBytes('col2imAddRows', 8, [{ count: 3, type: I32 }], code, memory);
  };
}

export type Col2imAddRows = (src: number, dst: number, rows: number, count: number, srcStep: number, dstStep: number, srcRowBytes: number, dstRowBytes: number) => void;

/** Up to this many four-channel groups (64 input channels) have a module; wider inputs keep the convolution. */
export const MAX_COL2IM_GROUPS = 16;

const byGroups = Array.from({ length: MAX_COL2IM_GROUPS }, (_, i) => functionOnMemory<Col2imAddRows>('col2imAddRows', col2imAddModule(i + 1)));

/** The row function for `groups` four-channel groups bound to this memory, or null where it cannot run. */
export function wasmCol2imAddRows(groups: number, memory: Parameters<(typeof byGroups)[number]>[0]): Col2imAddRows | null {
  const make = byGroups[groups - 1];
  return make ? make(memory) : null;
}
