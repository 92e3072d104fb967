import { addTo, i32Const, decrementAndLoopWhileNonZero, functionOnMemory, get, I32, moduleBytes, type MemoryType, op, set, simdOp, V128 } from './wasm-assembler';

/**
 * The filter gradient of a convolution over an input with few channels — an image CNN's first
 * layer (1 channel for grey, 3 for RGB) — straight from x and dy, without im2col or a matrix
 * product. There dW is [taps·inC, outC] with a tiny first dimension and a reduction over
 * every output position of the batch (43,264 for the bench:engine CNN's first layer), a
 * shape XNNPACK's product handles badly: ~2.7 ms for 12.5 MFLOP, after an im2col pass.
 * Here one WebAssembly SIMD pass per three taps keeps 3 × outC/4 accumulators in registers
 * and reads each dy row once per pass.
 *
 * filterGradientPass(x, dy, acc, rows, cols, pixelBytes, rowSkipBytes, tap0, tap1, tap2), per
 * image: for every output position (rows × cols, stride 1, no padding) at input pixel p and
 * its dy row (outC floats, contiguous), acc[t·outC + c] += x[p + tap_t] · dy[c] for t < 3, with
 * tap_t byte offsets from the pixel and acc (3·outC floats) read at the start and written back.
 */
function filterGradientModule(groups: number): (memory: MemoryType) => Uint8Array {
  return (memory) => {
    const [x, dy, acc, rows, cols, pixelBytes, rowSkipBytes] = [0, 1, 2, 3, 4, 5, 6];
    const taps = [7, 8, 9];
    const [row, col] = [10, 11];
    const firstVector = 12;
    const accumulator = (t: number, g: number) => firstVector + t * groups + g;
    const gradient = (g: number) => firstVector + 3 * groups + g;
    const input = (t: number) => firstVector + 4 * groups + t;
    const each = (f: (t: number, g: number) => number[]) => [0, 1, 2].flatMap((t) => Array.from({ length: groups }, (_, g) => f(t, g)).flat());
    const code = [
      ...each((t, g) => [...get(acc), ...simdOp.loadAt(16 * (t * groups + g)), ...set(accumulator(t, g))]),
      ...get(rows), ...set(row),
      op.loop, op.emptyBlockType, // over the output rows of the image
      ...get(cols), ...set(col),
      op.loop, op.emptyBlockType, // over the positions of one row
      ...[0, 1, 2].flatMap((t) => [...get(x), ...get(taps[t]!), op.i32Add, ...op.f32Load, ...simdOp.f32x4Splat, ...set(input(t))]),
      ...Array.from({ length: groups }, (_, g) => [...get(dy), ...simdOp.loadAt(16 * g), ...set(gradient(g))]).flat(),
      ...each((t, g) => [...get(accumulator(t, g)), ...get(input(t)), ...get(gradient(g)), ...simdOp.f32x4Mul, ...simdOp.f32x4Add, ...set(accumulator(t, g))]),
      ...addTo(x, get(pixelBytes)),
      ...addTo(dy, i32Const(16 * groups)),
      ...decrementAndLoopWhileNonZero(col),
      op.end,
      ...addTo(x, get(rowSkipBytes)),
      ...decrementAndLoopWhileNonZero(row),
      op.end,
      ...each((t, g) => [...get(acc), ...get(accumulator(t, g)), ...simdOp.storeAt(16 * (t * groups + g))]),
    ];
    return moduleBytes('filterGradientPass', 10, [{ count: 2, type: I32 }, { count: 4 * groups + 3, type: V128 }], code, memory);
  };
}

export type FilterGradientPass = (
  x: number,
  dy: number,
  acc: number,
  rows: number,
  cols: number,
  pixelBytes: number,
  rowSkipBytes: number,
  tap0: number,
  tap1: number,
  tap2: number,
) => void;

/** Output channels in groups of four, up to 16 (more accumulators than registers beyond). */
export const MAX_FEW_CHANNEL_GROUPS = 4;

const byGroups = Array.from({ length: MAX_FEW_CHANNEL_GROUPS }, (_, i) => functionOnMemory<FilterGradientPass>('filterGradientPass', filterGradientModule(i + 1)));

export function wasmFilterGradientPass(groups: number, memory: Parameters<(typeof byGroups)[number]>[0]): FilterGradientPass | null {
  return groups >= 1 && groups <= MAX_FEW_CHANNEL_GROUPS ? byGroups[groups - 1]!(memory) : null;
}
