import { addTo, decrementAndLoopWhileNonZero, functionOnMemory, get, I32, moduleBytes, type MemoryType, op, set } from './wasm-assembler';

/**
 * The copy loop of the Conv2D filter gradient's im2col (conv-matmul.ts) as a WebAssembly
 * function on tfjs-backend-wasm's memory: per filter tap, a strided gather of every input
 * channel into its own row of colsᵀ. In JS each element cost a bounds-checked load and store
 * (~3 ms for the bench:engine CNN's two layers per step); here it is a plain load and store.
 *
 * gatherColumns(src, dst, rows, count, channels, srcStep, srcRowBytes, channelBytes, dstRowBytes):
 * for r < rows, c < channels, j < count (all byte offsets, every count ≥ 1):
 *   dst[r·dstRowBytes + c·channelBytes + 4j] = src[r·srcRowBytes + 4c + j·srcStep]
 * copied as 32-bit words, bit for bit.
 */
function gatherColumnsModule(memory: MemoryType): Uint8Array {
  const [src, dst, rows, count, channels, srcStep, srcRowBytes, channelBytes, dstRowBytes] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [channel, element, from, to, channelFrom, channelTo] = [9, 10, 11, 12, 13, 14];
  const code = [
    op.loop, op.emptyBlockType, // over the rows
    ...get(src), ...set(channelFrom),
    ...get(dst), ...set(channelTo),
    ...get(channels), ...set(channel),
    op.loop, op.emptyBlockType, // over the channels
    ...get(channelFrom), ...set(from),
    ...get(channelTo), ...set(to),
    ...get(count), ...set(element),
    op.loop, op.emptyBlockType, // over the elements of one channel's run
    ...get(to), ...get(from), ...op.i32Load, ...op.i32Store,
    ...addTo(from, get(srcStep)),
    ...addTo(to, [op.i32Const, 4]),
    ...decrementAndLoopWhileNonZero(element),
    op.end,
    ...addTo(channelFrom, [op.i32Const, 4]),
    ...addTo(channelTo, get(channelBytes)),
    ...decrementAndLoopWhileNonZero(channel),
    op.end,
    ...addTo(src, get(srcRowBytes)),
    ...addTo(dst, get(dstRowBytes)),
    ...decrementAndLoopWhileNonZero(rows),
    op.end,
  ];
  return moduleBytes('gatherColumns', 9, [{ count: 6, type: I32 }], code, memory);
}

export type GatherColumns = (
  src: number,
  dst: number,
  rows: number,
  count: number,
  channels: number,
  srcStep: number,
  srcRowBytes: number,
  channelBytes: number,
  dstRowBytes: number,
) => void;

export const wasmGatherColumns = functionOnMemory<GatherColumns>('gatherColumns', gatherColumnsModule);
