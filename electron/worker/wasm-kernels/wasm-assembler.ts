/**
 * Just enough of a WebAssembly binary writer for the few small functions our wasm kernels
 * run on tfjs-backend-wasm's own memory (max-pool-grad-simd.ts, gather-columns.ts): each
 * module imports that memory as env.memory and exports one function of i32 parameters.
 * Assembled at run time rather than built, so there is no toolchain to install; each
 * module's caller falls back to its JS kernel where the module cannot be instantiated.
 */

/** Unsigned LEB128, as every wasm index and size is written. */
export function u32(value: number): number[] {
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

export const I32 = 0x7f;
export const V128 = 0x7b;
export const op = {
  loop: 0x03,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  /** i32.load and i32.store, align 2^2, offset 0: a float32 copied bit for bit. */
  i32Load: [0x28, 2, 0],
  i32Store: [0x36, 2, 0],
  f32Load: [0x2a, 2, 0],
  emptyBlockType: 0x40,
} as const;
const simd = (code: number) => [0xfd, ...u32(code)];
export const simdOp = {
  load: [...simd(0x00), 0, 0],
  store: [...simd(0x0b), 0, 0],
  /** v128.load / v128.store at a constant byte offset from the address on the stack. */
  loadAt: (offset: number) => [...simd(0x00), 0, ...u32(offset)],
  storeAt: (offset: number) => [...simd(0x0b), 0, ...u32(offset)],
  f32x4Add: simd(0xe4),
  f32x4Mul: simd(0xe6),
  f32x4Splat: simd(0x13),
  f32x4Gt: simd(0x44),
  and: simd(0x4e),
  andNot: simd(0x4f),
  or: simd(0x50),
  bitselect: simd(0x52),
} as const;
export const f32Const = (value: number) => [0x43, ...new Uint8Array(new Float32Array([value]).buffer)];

/** i32.const: its immediate is signed LEB128. */
export function i32Const(value: number): number[] {
  const bytes: number[] = [op.i32Const];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) return [...bytes, byte];
    bytes.push(byte | 0x80);
  }
}

export const get = (local: number) => [op.localGet, ...u32(local)];
export const set = (local: number) => [op.localSet, ...u32(local)];
export const addTo = (local: number, amount: number[]) => [...get(local), ...amount, op.i32Add, ...set(local)];
/** Ends a `loop` body: decrements the counter and runs the loop again while it is not 0. */
export const decrementAndLoopWhileNonZero = (counter: number) => [...get(counter), op.i32Const, 1, op.i32Sub, op.localTee, ...u32(counter), op.brIf, 0];

/** A module of one exported function `name` with `params` i32 parameters and these locals. */
export function moduleBytes(name: string, params: number, locals: { count: number; type: number }[], code: number[]): Uint8Array {
  const functionBody = [...u32(locals.length), ...locals.flatMap((l) => [...u32(l.count), l.type]), ...code, op.end];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, ...u32(params), ...new Array<number>(params).fill(I32), 0]),
    ...section(2, [1, ...text('env'), ...text('memory'), 0x02, 0x00, 0x00]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...text(name), 0x00, 0]),
    ...section(10, [1, ...u32(functionBody.length), ...functionBody]),
  ]);
}

/** The part of a WebAssembly.Memory this needs (the project's TypeScript libs do not declare WebAssembly). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
}

/** tfjs-backend-wasm's memory, where its backend exposes it. */
export function backendMemory(backend: unknown): WasmMemory | undefined {
  return (backend as { wasm?: { asm?: { memory?: WasmMemory } } }).wasm?.asm?.memory;
}

/**
 * A cache of one module's function per memory: null where this engine cannot compile it (no
 * SIMD) or the memory is shared (a threaded build, whose import would need declaring so).
 */
export function functionOnMemory<F>(name: string, bytes: () => Uint8Array): (memory: WasmMemory | undefined) => F | null {
  const instances = new WeakMap<WasmMemory, F | null>();
  const instantiate = (memory: WasmMemory): F | null => {
    const api = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
    if (!api) return null;
    try {
      return new api.Instance(new api.Module(bytes()), { env: { memory } }).exports[name] as F;
    } catch {
      return null;
    }
  };
  return (memory) => {
    if (!memory || (typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer)) return null;
    if (!instances.has(memory)) instances.set(memory, instantiate(memory));
    return instances.get(memory)!;
  };
}
