/**
 * The 2×2, stride-2 MaxPoolGrad — every CNN's pooling layer — as a small WebAssembly SIMD
 * function working on tfjs-backend-wasm's own memory. In JS the argmax of each window
 * costs ~17 ns (3 ms for a [64, 26, 26, 16] map, the largest item of the bench:engine CNN's
 * step after the matrix products); here four channels are compared at once with lane masks,
 * no branches, and each input position is written exactly once (no zero fill first).
 *
 * The module is a few hundred bytes assembled below rather than a build step: a function of
 * one window row, called from JS per row. Where WebAssembly SIMD or the memory is not
 * available (a shared-memory build), `simdMaxPoolGradRow()` is null and the JS kernel runs.
 */

/** Unsigned LEB128, as every wasm index and size is written. */
function u32(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

function section(id: number, body: number[]): number[] {
  return [id, ...u32(body.length), ...body];
}

function text(name: string): number[] {
  const bytes = [...new TextEncoder().encode(name)];
  return [...u32(bytes.length), ...bytes];
}

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: 0x02,
  loop: 0x03,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32Add: 0x6a,
  i32Sub: 0x6b,
} as const;
const simd = (code: number) => [0xfd, ...u32(code)];
const v128Load = (offset = 0) => [...simd(0x00), 0, ...u32(offset)];
const v128Store = (offset = 0) => [...simd(0x0b), 0, ...u32(offset)];
const f32x4Gt = simd(0x44);
const v128And = simd(0x4e);
const v128AndNot = simd(0x4f);
const v128Or = simd(0x50);
const v128Bitselect = simd(0x52);
const f32x4Splat = simd(0x13);
const f32Const = (value: number) => [0x43, ...new Uint8Array(new Float32Array([value]).buffer)];

/**
 * maxPoolGradRow(x, dy, dx, windows, groups, pixelBytes, rowBytes): for `windows` 2×2
 * windows side by side starting at byte offset x (the same offset in dx) and `groups` four-
 * channel groups per pixel, writes dy (read from byte offset dy on) to the first strictly
 * largest of each window's four inputs in row-major order and 0 to the other three — the
 * cpu backend's choice; a window without any value above −∞ (all −∞ or NaN) gets none.
 */
function moduleBytes(): Uint8Array {
  // Parameters 0–6, then locals: 7 offset, 8 group counter, 9–12 v0..v3, 13 running max,
  // 14–17 "v_k wins over the earlier ones" masks, 18 the dy lanes, 19 −∞ in every lane.
  const [x, dy, dx, windows, groups, pixelBytes, rowBytes] = [0, 1, 2, 3, 4, 5, 6];
  const [offset, group, v0, v1, v2, v3, best, w0, w1, w2, w3, g, minusInfinity] = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  const get = (i: number) => [op.localGet, i];
  const set = (i: number) => [op.localSet, i];
  const address = (base: number, ...extra: number[]) => [...get(base), ...get(offset), op.i32Add, ...extra.flatMap((e) => [...get(e), op.i32Add])];
  const load = (into: number, ...extra: number[]) => [...address(x, ...extra), ...v128Load(), ...set(into)];
  const store = (mask: number[], ...extra: number[]) => [...address(dx, ...extra), ...get(g), ...mask, ...v128And, ...v128Store()];
  const decrementAndLoopWhileNonZero = (counter: number) => [...get(counter), op.i32Const, 1, op.i32Sub, op.localTee, counter, op.brIf, 0];

  const code: number[] = [
    op.i32Const, 0, ...set(offset),
    ...f32Const(Number.NEGATIVE_INFINITY), ...f32x4Splat, ...set(minusInfinity),
    op.loop, 0x40, // over the windows of the row
    ...get(groups), ...set(group),
    op.loop, 0x40, // over the four-channel groups of one window
    ...load(v0),
    ...load(v1, pixelBytes),
    ...load(v2, rowBytes),
    ...load(v3, rowBytes, pixelBytes),
    ...get(dy), ...v128Load(), ...set(g),
    ...get(v0), ...get(minusInfinity), ...f32x4Gt, ...set(w0),
    ...get(v0), ...get(minusInfinity), ...get(w0), ...v128Bitselect, ...set(best),
    ...get(v1), ...get(best), ...f32x4Gt, ...set(w1),
    ...get(v1), ...get(best), ...get(w1), ...v128Bitselect, ...set(best),
    ...get(v2), ...get(best), ...f32x4Gt, ...set(w2),
    ...get(v2), ...get(best), ...get(w2), ...v128Bitselect, ...set(best),
    ...get(v3), ...get(best), ...f32x4Gt, ...set(w3),
    // v3 wins where w3; v2 where w2 and not w3; v1 where w1 and neither; v0 where w0 and none of the others.
    ...store([...get(w0), ...get(w1), ...get(w2), ...v128Or, ...get(w3), ...v128Or, ...v128AndNot]),
    ...store([...get(w1), ...get(w2), ...get(w3), ...v128Or, ...v128AndNot], pixelBytes),
    ...store([...get(w2), ...get(w3), ...v128AndNot], rowBytes),
    ...store([...get(w3)], rowBytes, pixelBytes),
    ...get(offset), op.i32Const, 16, op.i32Add, ...set(offset),
    ...get(dy), op.i32Const, 16, op.i32Add, ...set(dy),
    ...decrementAndLoopWhileNonZero(group),
    op.end,
    // Past the window's second pixel: the group loop has crossed its first.
    ...get(offset), ...get(pixelBytes), op.i32Add, ...set(offset),
    ...decrementAndLoopWhileNonZero(windows),
    op.end,
    op.end,
  ];
  const locals = [...u32(2), ...u32(2), I32, ...u32(11), V128];
  const functionBody = [...locals, ...code];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 7, I32, I32, I32, I32, I32, I32, I32, 0]),
    ...section(2, [1, ...text('env'), ...text('memory'), 0x02, 0x00, 0x00]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...text('maxPoolGradRow'), 0x00, 0]),
    ...section(10, [1, ...u32(functionBody.length), ...functionBody]),
  ];
  return new Uint8Array(bytes);
}

export type MaxPoolGradRow = (x: number, dy: number, dx: number, windows: number, groups: number, pixelBytes: number, rowBytes: number) => void;

/** The part of a WebAssembly.Memory this needs (the project's TypeScript libs do not declare WebAssembly). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}

const instances = new WeakMap<WasmMemory, MaxPoolGradRow | null>();

function instantiate(memory: WasmMemory): MaxPoolGradRow | null {
  const api = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (!api) return null;
  try {
    const instance = new api.Instance(new api.Module(moduleBytes()), { env: { memory } });
    return instance.exports.maxPoolGradRow as MaxPoolGradRow;
  } catch {
    // No SIMD in this engine: the JS kernel runs.
    return null;
  }
}

/** The SIMD row function bound to this memory, or null where it cannot run here. */
export function simdMaxPoolGradRow(memory: WasmMemory | undefined): MaxPoolGradRow | null {
  if (!memory || (typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer)) return null;
  if (!instances.has(memory)) instances.set(memory, instantiate(memory));
  return instances.get(memory)!;
}
