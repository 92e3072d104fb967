/**
 * The one WebAssembly binary writer for the small functions our wasm kernels run on
 * tfjs-backend-wasm's own memory (max-pool-grad-simd.ts, gather-columns.ts,
 * few-channel-filter-gradient.ts, relu-bias-gradient.ts, simd-kernels.ts): each module
 * imports that memory as env.memory, declared as the backend's memory is (shared on the
 * multi-threaded build, see memoryImport), and exports functions of i32 (and f32) parameters.
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

export function section(id: number, body: number[]): number[] {
  return [id, ...u32(body.length), ...body];
}

/** A wasm vector: its length, then its items. */
export function vec(items: number[][]): number[] {
  return [...u32(items.length), ...items.flat()];
}

export function text(name: string): number[] {
  const bytes = [...new TextEncoder().encode(name)];
  return [...u32(bytes.length), ...bytes];
}

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const op = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  if: 0x04,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  f32Sqrt: 0x91,
  f32Add: 0x92,
  f32Sub: 0x93,
  f32Div: 0x95,
  f32ConvertI32S: 0xb2,
  /** i32.load and i32.store, align 2^2, offset 0: a float32 copied bit for bit. */
  i32Load: [0x28, 2, 0],
  i32Store: [0x36, 2, 0],
  f32Load: [0x2a, 2, 0],
  f32Store: [0x38, 2, 0],
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
  /** v128.load32_splat: one float32 in all four lanes. */
  load32Splat: [...simd(0x09), 2, 0],
  /** v128.load64_zero at a constant byte offset: two float32 in the low lanes. */
  load64ZeroAt: (offset: number) => [...simd(0x5d), 3, ...u32(offset)],
  zero: [...simd(0x0c), ...new Array<number>(16).fill(0)],
  /** Four copies of a float32, or of an int32. */
  f32x4Const: (value: number) => [...simd(0x0c), ...[0, 1, 2, 3].flatMap(() => [...new Uint8Array(new Float32Array([value]).buffer)])],
  i32x4Const: (value: number) => [...simd(0x0c), ...[0, 1, 2, 3].flatMap(() => [...new Uint8Array(new Int32Array([value]).buffer)])],
  f32x4Splat: simd(0x13),
  f32x4ExtractLane: (lane: number) => [...simd(0x1f), lane],
  f32x4Gt: simd(0x44),
  f32x4Ge: simd(0x46),
  and: simd(0x4e),
  andNot: simd(0x4f),
  or: simd(0x50),
  bitselect: simd(0x52),
  f64x2PromoteLowF32x4: simd(0x5f),
  f32x4Nearest: simd(0x6a),
  i32x4Shl: simd(0xab),
  i32x4Add: simd(0xae),
  f32x4Abs: simd(0xe0),
  f32x4Sub: simd(0xe5),
  f32x4Div: simd(0xe7),
  f32x4Max: simd(0xe9),
  f64x2Add: simd(0xf0),
  f64x2Mul: simd(0xf2),
  f64x2Div: simd(0xf3),
  f64x2Sqrt: simd(0xef),
  f64x2Splat: simd(0x14),
  /** f32x4.demote_f64x2_zero: two doubles rounded to float32 in the low lanes. */
  f32x4DemoteF64x2Zero: simd(0x5e),
  /** v128.store64_lane 0 at a constant byte offset: the low two float32. */
  store64Lane0At: (offset: number) => [...simd(0x5b), 3, ...u32(offset), 0],
  i32x4TruncSatF32x4S: simd(0xf8),
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

/** The part of a WebAssembly.Memory this needs (the project's TypeScript libs do not declare WebAssembly). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** How a module declares the memory it imports: it must match the backend's memory's own type. */
export interface MemoryType {
  shared: boolean;
  /** In 64 KiB pages; a shared memory's import must declare one. */
  maximum: number;
}

/** The most pages a 32-bit memory can have: tfjs's threaded build makes its memory this large at most. */
const MAX_PAGES = 65536;

/**
 * The type of `memory` as an import must declare it. A memory on a SharedArrayBuffer (the
 * multi-threaded build's) only matches a `shared` import with a maximum no smaller than its
 * own; V8 does not expose that maximum (no Memory.type() in Node 20), so where it cannot be
 * read the 32-bit ceiling is declared, which every memory's maximum is within.
 */
export function memoryTypeOf(memory: WasmMemory): MemoryType {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const reflected = (memory as { type?: () => { maximum?: number } }).type?.().maximum;
  return { shared, maximum: reflected ?? MAX_PAGES };
}

/** The import section: env.memory with limits flag 0x03 (shared, with a maximum) or 0x00 (plain, minimum 0). */
function memoryImport(memory: MemoryType): number[] {
  const limits = memory.shared ? [0x03, 0, ...u32(memory.maximum)] : [0x00, 0];
  return section(2, vec([[...text('env'), ...text('memory'), 0x02, ...limits]]));
}

/** A function's type: its parameter types, and no results. */
export const signature = (params: number[]) => [0x60, ...vec(params.map((p) => [p])), 0];

/** A function body: its locals (count, type) and code, with the closing `end`, length first. */
export function functionBody(locals: { count: number; type: number }[], code: number[]): number[] {
  const body = [...vec(locals.map((l) => [...u32(l.count), l.type])), ...code, op.end];
  return [...u32(body.length), ...body];
}

export interface ModuleParts {
  /** Function types (see signature). */
  types: number[][];
  /** Each function's index into types, in function order. */
  functions: number[];
  /** Function bodies (see functionBody), in function order. */
  bodies: number[][];
  /** Exported names, by function index. */
  exports: string[];
}

/** A module importing env.memory of type `memory` and exporting its functions. */
export function assembleModule(parts: ModuleParts, memory: MemoryType): Uint8Array {
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(parts.types)),
    ...memoryImport(memory),
    ...section(3, vec(parts.functions.map((type) => u32(type)))),
    ...section(7, vec(parts.exports.map((name, index) => [...text(name), 0x00, ...u32(index)]))),
    ...section(10, vec(parts.bodies)),
  ]);
}

/** A module of one exported function `name` with `params` i32 parameters and these locals. */
export function moduleBytes(name: string, params: number, locals: { count: number; type: number }[], code: number[], memory: MemoryType): Uint8Array {
  return assembleModule({ types: [signature(new Array<number>(params).fill(I32))], functions: [0], bodies: [functionBody(locals, code)], exports: [name] }, memory);
}

interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
export const webAssembly = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;

/**
 * tfjs-backend-wasm's memory: the single-threaded build exports it (asm.memory); the
 * multi-threaded one creates it in JS, imports it, and keeps it as Module.wasmMemory.
 */
export function backendMemory(backend: unknown): WasmMemory | undefined {
  const wasm = (backend as { wasm?: { asm?: { memory?: WasmMemory }; wasmMemory?: WasmMemory } }).wasm;
  const memory = wasm?.asm?.memory ?? wasm?.wasmMemory;
  return webAssembly && memory instanceof webAssembly.Memory ? memory : undefined;
}

/** Each module this process failed to instantiate on a backend's memory, and why (for the tests: a silent fallback must show). */
const failures = new Set<string>();
export function wasmModuleFailures(): string[] {
  return [...failures];
}

/** The exports of the module `bytes` writes for this memory's type, instantiated on it; null (and recorded) where that fails. */
export function instantiateOnMemory(label: string, bytes: (memory: MemoryType) => Uint8Array, memory: WasmMemory | undefined): Record<string, unknown> | null {
  if (!webAssembly) return null;
  if (!memory) {
    failures.add(`${label}: the backend's memory was not found`);
    return null;
  }
  try {
    return new webAssembly.Instance(new webAssembly.Module(bytes(memoryTypeOf(memory))), { env: { memory } }).exports;
  } catch (error) {
    // An engine without SIMD, or a memory whose type the import does not match.
    failures.add(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/** Every function module made by functionOnMemory, by its exported name (tests instantiate them all). */
export const functionModules: { name: string; load: (memory: WasmMemory | undefined) => unknown }[] = [];

/** A cache of one module's function per memory: null where this engine cannot instantiate it. */
export function functionOnMemory<F>(name: string, bytes: (memory: MemoryType) => Uint8Array): (memory: WasmMemory | undefined) => F | null {
  const instances = new WeakMap<WasmMemory, F | null>();
  const load = (memory: WasmMemory | undefined): F | null => {
    if (!memory) return instantiateOnMemory(name, bytes, memory) as null;
    if (!instances.has(memory)) instances.set(memory, (instantiateOnMemory(name, bytes, memory)?.[name] as F | undefined) ?? null);
    return instances.get(memory)!;
  };
  functionModules.push({ name, load });
  return load;
}
