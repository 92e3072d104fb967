/**
 * Small WebAssembly SIMD kernels that work in tfjs-backend-wasm's own memory (imported, so
 * no copies): a matrix product, GELU with its derivative, and layer normalization forward
 * and backward (gelu.ts, layer-norm.ts). The matrix product is for what the backend's
 * BatchMatMul does slowly:
 * - batched ones (attention's [batch·heads, 32, 32]·[batch·heads, 32, 16]): the backend
 *   hands XNNPACK only unbatched products and multiplies batched ones in a scalar loop
 *   (~1 GFLOP/s);
 * - weight gradients xᵀ·dy ([2048, 64]ᵀ·[2048, 256]): the backend's fast path cannot read
 *   a transposed operand, and materializing the transpose with its Transpose kernel costs
 *   as much as the product.
 * C[i, j] = Σ_p A(i, p)·B[p, j], where B's rows are contiguous (4 columns per SIMD lane
 * group) and A is read one element at a time through two strides, so Aᵀ costs nothing.
 * The sum over p runs in order, as a plain loop's does.
 *
 * There is no assembler in the toolchain, so the module is written here as bytes: a block
 * function per register tile (4 or 1 rows × 8 or 4 columns), each accumulating its tile over
 * p in SIMD registers and storing it once; JS walks the tiles. Needs WebAssembly SIMD (Node
 * ≥ 16.4, Electron's Chromium); without it simdFor returns null and callers take plain paths.
 */

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}
interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
export const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** Unsigned LEB128. */
function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...u32(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...u32(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...u32(bytes.length), ...bytes];
}

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  localGet: (i: number) => [0x20, ...u32(i)],
  localSet: (i: number) => [0x21, ...u32(i)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Eqz: [0x45],
  i32Const: (n: number) => [0x41, ...u32(n)], // only small non-negative constants are used
  loop: [0x03, 0x40],
  end: [0x0b],
  brIf: (depth: number) => [0x0d, ...u32(depth)],
  // SIMD: 0xfd prefix, then the opcode. memarg = alignment exponent (4 bytes: data is only float-aligned), offset.
  v128Load: (offset: number) => [0xfd, ...u32(0x00), 2, ...u32(offset)],
  v128Store: (offset: number) => [0xfd, ...u32(0x0b), 2, ...u32(offset)],
  v128Load32Splat: [0xfd, ...u32(0x09), 2, 0],
  v128Zero: [0xfd, ...u32(0x0c), ...new Array<number>(16).fill(0)],
  f32x4Add: [0xfd, ...u32(0xe4)],
  f32x4Sub: [0xfd, ...u32(0xe5)],
  f32x4Mul: [0xfd, ...u32(0xe6)],
  f32x4Div: [0xfd, ...u32(0xe7)],
  f32x4Max: [0xfd, ...u32(0xe9)],
  f32x4Abs: [0xfd, ...u32(0xe0)],
  f32x4Nearest: [0xfd, ...u32(0x6a)],
  f32x4Ge: [0xfd, ...u32(0x46)],
  v128Bitselect: [0xfd, ...u32(0x52)],
  i32x4TruncSatF32x4S: [0xfd, ...u32(0xf8)],
  i32x4Add: [0xfd, ...u32(0xae)],
  i32x4Shl: [0xfd, ...u32(0xab)],
  i32Mul: [0x6c],
  i32LtU: [0x49],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Div: [0x95],
  f32Sqrt: [0x91],
  f32ConvertI32S: [0xb2],
  f32Load: (offset: number) => [0x2a, 2, ...u32(offset)],
  f32Store: (offset: number) => [0x38, 2, ...u32(offset)],
  f32Const: (value: number) => [0x43, ...new Uint8Array(new Float32Array([value]).buffer)],
  f32x4Splat: [0xfd, ...u32(0x13)],
  f32x4ExtractLane: (lane: number) => [0xfd, ...u32(0x1f), lane],
  v128Load64Zero: (offset: number) => [0xfd, ...u32(0x5d), 3, ...u32(offset)],
  f64x2PromoteLowF32x4: [0xfd, ...u32(0x5f)],
  f64x2Add: [0xfd, ...u32(0xf0)],
  /** Four copies of a float32. */
  f32x4Const: (value: number) => [0xfd, ...u32(0x0c), ...Array.from({ length: 4 }, () => [...new Uint8Array(new Float32Array([value]).buffer)]).flat()],
  i32x4Const: (value: number) => [0xfd, ...u32(0x0c), ...Array.from({ length: 4 }, () => [...new Uint8Array(new Int32Array([value]).buffer)]).flat()],
};

/** Abramowitz & Stegun 7.1.26: erfc(z) ≈ t·(a1 + t·(a2 + …))·e^(−z²), t = 1/(1 + p·z), z ≥ 0 — as tfjs's cpu Erf. */
export const ERF = { p: 0.3275911, a1: 0.254829592, a2: -0.284496736, a3: 1.421413741, a4: -1.453152027, a5: 1.061405429 } as const;
/** Cephes expf: e^r ≈ 1 + r + r²·(c0 + r·(c1 + …)) on |r| ≤ ln2/2, after q = n·ln2 + r. */
const EXP = {
  ln2Hi: 0.693359375,
  ln2Lo: -2.12194440e-4,
  log2e: Math.LOG2E,
  poly: [5.0000001201e-1, 1.6666665459e-1, 4.1665795894e-2, 8.3334519073e-3, 1.3981999507e-3, 1.9875691500e-4],
  /** Below this e^q is under float32's smallest normal, and the GELU terms it scales are 0. */
  lowest: -87.3,
} as const;

/**
 * gelu(x, y, d, count): for `count` groups of 4 floats at byte address x, y = x·Φ(x) and
 * d = dy/dx = Φ(x) + x·φ(x), with one exponential e^(−x²/2) serving both Φ (through erfc) and φ.
 */
function geluFunction(): number[] {
  const [x, y, d, count] = [0, 1, 2, 3];
  const [v, z, t, e, tail, cdf, n] = [4, 5, 6, 7, 8, 9, 10];
  const locals = vec([[...u32(7), V128]]);
  const c = op.f32x4Const;
  const code: number[] = [...op.loop];
  code.push(...op.localGet(x), ...op.v128Load(0), ...op.localSet(v));
  // z = |x|/√2, t = 1/(1 + p·z)
  code.push(...op.localGet(v), ...op.f32x4Abs, ...c(Math.SQRT1_2), ...op.f32x4Mul, ...op.localSet(z));
  code.push(...c(1), ...c(1), ...op.localGet(z), ...c(ERF.p), ...op.f32x4Mul, ...op.f32x4Add, ...op.f32x4Div, ...op.localSet(t));
  // e = exp(q), q = max(−z², lowest): n = nearest(q·log2e), r = q − n·ln2 (in two parts)
  code.push(...op.localGet(z), ...op.localGet(z), ...op.f32x4Mul, ...c(-1), ...op.f32x4Mul, ...c(EXP.lowest), ...op.f32x4Max, ...op.localSet(e));
  code.push(...op.localGet(e), ...c(EXP.log2e), ...op.f32x4Mul, ...op.f32x4Nearest, ...op.localSet(n));
  code.push(...op.localGet(e), ...op.localGet(n), ...c(EXP.ln2Hi), ...op.f32x4Mul, ...op.f32x4Sub);
  code.push(...op.localGet(n), ...c(EXP.ln2Lo), ...op.f32x4Mul, ...op.f32x4Sub, ...op.localSet(e)); // e holds r now
  // p(r) = ((((c5·r + c4)·r + c3)·r + c2)·r + c1)·r + c0, then 1 + r + r²·p(r)
  code.push(...c(EXP.poly[5]));
  for (let i = 4; i >= 0; i--) code.push(...op.localGet(e), ...op.f32x4Mul, ...c(EXP.poly[i]!), ...op.f32x4Add);
  code.push(...op.localGet(e), ...op.localGet(e), ...op.f32x4Mul, ...op.f32x4Mul, ...op.localGet(e), ...op.f32x4Add, ...c(1), ...op.f32x4Add);
  // × 2^n: (n + 127) << 23 is 2^n's float32 bit pattern
  code.push(...op.localGet(n), ...op.i32x4TruncSatF32x4S, ...op.i32x4Const(127), ...op.i32x4Add, ...op.i32Const(23), ...op.i32x4Shl, ...op.f32x4Mul, ...op.localSet(e));
  // tail = erfc(z) = t·(a1 + t·(a2 + t·(a3 + t·(a4 + t·a5))))·e
  code.push(...c(ERF.a5), ...op.localGet(t), ...op.f32x4Mul, ...c(ERF.a4), ...op.f32x4Add);
  for (const a of [ERF.a3, ERF.a2, ERF.a1]) code.push(...op.localGet(t), ...op.f32x4Mul, ...c(a), ...op.f32x4Add);
  code.push(...op.localGet(t), ...op.f32x4Mul, ...op.localGet(e), ...op.f32x4Mul, ...c(0.5), ...op.f32x4Mul, ...op.localSet(tail));
  // Φ(x) = 1 − tail/2 for x ≥ 0, tail/2 below
  code.push(...c(1), ...op.localGet(tail), ...op.f32x4Sub, ...op.localGet(tail), ...op.localGet(v), ...c(0), ...op.f32x4Ge, ...op.v128Bitselect, ...op.localSet(cdf));
  code.push(...op.localGet(y), ...op.localGet(v), ...op.localGet(cdf), ...op.f32x4Mul, ...op.v128Store(0));
  code.push(...op.localGet(d), ...op.localGet(cdf), ...op.localGet(v), ...op.localGet(e), ...op.f32x4Mul, ...c(1 / Math.sqrt(2 * Math.PI)), ...op.f32x4Mul, ...op.f32x4Add, ...op.v128Store(0));
  for (const pointer of [x, y, d]) code.push(...op.localGet(pointer), ...op.i32Const(16), ...op.i32Add, ...op.localSet(pointer));
  code.push(...op.localGet(count), ...op.i32Const(1), ...op.i32Sub, ...op.localSet(count));
  code.push(...op.localGet(count), ...op.i32Eqz, ...op.i32Eqz, ...op.brIf(0), ...op.end);
  const body = [...locals, ...code, ...op.end];
  return [...u32(body.length), ...body];
}

/**
 * tile(a, sAi, sAp, b, sBp, c, sCi, k), all in bytes: C[rows × 4·vectors] at c (row stride
 * sCi) = Σ_{p<k} A(i, p)·B[p, ·], A(i, p) at a + i·sAi + p·sAp, B row p at b + p·sBp. k ≥ 1.
 */
function tileFunction(rows: number, vectors: number, accumulate: boolean): number[] {
  const [a, sAi, sAp, b, sBp, c, sCi, k] = [0, 1, 2, 3, 4, 5, 6, 7];
  let next = 8;
  const rowPointer = Array.from({ length: rows }, () => next++); // i32: A(r, p) for the current p
  const acc = Array.from({ length: rows * vectors }, () => next++); // v128
  const bv = Array.from({ length: vectors }, () => next++); // v128
  const splat = next++; // v128
  const locals = vec([
    [...u32(rows), I32],
    [...u32(rows * vectors + vectors + 1), V128],
  ]);
  const code: number[] = [];
  for (let r = 0; r < rows; r++) {
    code.push(...op.localGet(a));
    for (let s = 0; s < r; s++) code.push(...op.localGet(sAi), ...op.i32Add);
    code.push(...op.localSet(rowPointer[r]!));
  }
  if (!accumulate) for (const x of acc) code.push(...op.v128Zero, ...op.localSet(x));
  // Continuing a sum over an earlier block of p: start from what C holds (c is restored before the stores).
  else
    for (let r = 0; r < rows; r++)
      for (let v = 0; v < vectors; v++) {
        code.push(...op.localGet(c));
        for (let s = 0; s < r; s++) code.push(...op.localGet(sCi), ...op.i32Add);
        code.push(...op.v128Load(16 * v), ...op.localSet(acc[r * vectors + v]!));
      }
  code.push(...op.loop);
  for (let v = 0; v < vectors; v++) code.push(...op.localGet(b), ...op.v128Load(16 * v), ...op.localSet(bv[v]!));
  for (let r = 0; r < rows; r++) {
    code.push(...op.localGet(rowPointer[r]!), ...op.v128Load32Splat, ...op.localSet(splat));
    for (let v = 0; v < vectors; v++) {
      const x = acc[r * vectors + v]!;
      code.push(...op.localGet(x), ...op.localGet(splat), ...op.localGet(bv[v]!), ...op.f32x4Mul, ...op.f32x4Add, ...op.localSet(x));
    }
    code.push(...op.localGet(rowPointer[r]!), ...op.localGet(sAp), ...op.i32Add, ...op.localSet(rowPointer[r]!));
  }
  code.push(...op.localGet(b), ...op.localGet(sBp), ...op.i32Add, ...op.localSet(b));
  code.push(...op.localGet(k), ...op.i32Const(1), ...op.i32Sub, ...op.localSet(k));
  code.push(...op.localGet(k), ...op.i32Eqz, ...op.i32Eqz, ...op.brIf(0), ...op.end);
  for (let r = 0; r < rows; r++)
    for (let v = 0; v < vectors; v++) {
      code.push(...op.localGet(c), ...op.localGet(acc[r * vectors + v]!), ...op.v128Store(16 * v));
      if (v === vectors - 1 && r < rows - 1) code.push(...op.localGet(c), ...op.localGet(sCi), ...op.i32Add, ...op.localSet(c));
    }
  const body = [...locals, ...code, ...op.end];
  return [...u32(body.length), ...body];
}

/** The tiles, in export order: rows × vectors. */
export const TILES = [
  [4, 2],
  [4, 1],
  [1, 2],
  [1, 1],
] as const;

const F32 = 0x7d;

/** Sum of a v128's four lanes (on the stack) as an f32, left to right. */
function horizontalSum(vector: number): number[] {
  return [
    ...op.localGet(vector), ...op.f32x4ExtractLane(0), ...op.localGet(vector), ...op.f32x4ExtractLane(1), ...op.f32Add,
    ...op.localGet(vector), ...op.f32x4ExtractLane(2), ...op.f32Add, ...op.localGet(vector), ...op.f32x4ExtractLane(3), ...op.f32Add,
  ];
}

/** `body` once per 16-byte group of a row: offset local `o` runs 0, 16, … < rowBytes (≥ 16). */
function overRow(o: number, rowBytes: number, body: number[]): number[] {
  return [
    ...op.i32Const(0), ...op.localSet(o), ...op.loop, ...body,
    ...op.localGet(o), ...op.i32Const(16), ...op.i32Add, ...op.localSet(o),
    ...op.localGet(o), ...op.localGet(rowBytes), ...op.i32LtU, ...op.brIf(0), ...op.end,
  ];
}

const loadAt = (pointer: number, o: number) => [...op.localGet(pointer), ...op.localGet(o), ...op.i32Add, ...op.v128Load(0)];
const storeAt = (pointer: number, o: number, value: number[]) => [...op.localGet(pointer), ...op.localGet(o), ...op.i32Add, ...value, ...op.v128Store(0)];

/**
 * layerNorm(x, gamma, beta, y, normalized, rstd, rows, n, epsilon): per row of n floats
 * (n a multiple of 4), mean, variance as the mean of squared deviations, rstd = 1/√(var + ε),
 * x̂ = (x − mean)·rstd, y = x̂·gamma + beta.
 */
function layerNormFunction(): number[] {
  const [x, g, b, y, h, rstd, rows, n, epsilon] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [o, rowBytes] = [9, 10]; // i32
  const [mean, scale] = [11, 12]; // f32
  const [acc, meanV, scaleV, v] = [13, 14, 15, 16]; // v128
  const locals = vec([[...u32(2), I32], [...u32(2), F32], [...u32(4), V128]]);
  const code: number[] = [...op.localGet(n), ...op.i32Const(4), ...op.i32Mul, ...op.localSet(rowBytes), ...op.loop];
  code.push(...op.v128Zero, ...op.localSet(acc));
  code.push(...overRow(o, rowBytes, [...op.localGet(acc), ...loadAt(x, o), ...op.f32x4Add, ...op.localSet(acc)]));
  code.push(...horizontalSum(acc), ...op.localGet(n), ...op.f32ConvertI32S, ...op.f32Div, ...op.localSet(mean));
  code.push(...op.localGet(mean), ...op.f32x4Splat, ...op.localSet(meanV), ...op.v128Zero, ...op.localSet(acc));
  code.push(...overRow(o, rowBytes, [...loadAt(x, o), ...op.localGet(meanV), ...op.f32x4Sub, ...op.localSet(v), ...op.localGet(acc), ...op.localGet(v), ...op.localGet(v), ...op.f32x4Mul, ...op.f32x4Add, ...op.localSet(acc)]));
  code.push(...op.f32Const(1), ...horizontalSum(acc), ...op.localGet(n), ...op.f32ConvertI32S, ...op.f32Div, ...op.localGet(epsilon), ...op.f32Add, ...op.f32Sqrt, ...op.f32Div, ...op.localSet(scale));
  code.push(...op.localGet(rstd), ...op.localGet(scale), ...op.f32Store(0), ...op.localGet(scale), ...op.f32x4Splat, ...op.localSet(scaleV));
  code.push(
    ...overRow(o, rowBytes, [
      ...loadAt(x, o), ...op.localGet(meanV), ...op.f32x4Sub, ...op.localGet(scaleV), ...op.f32x4Mul, ...op.localSet(v),
      ...storeAt(h, o, op.localGet(v)),
      ...storeAt(y, o, [...op.localGet(v), ...op.localGet(g), ...op.localGet(o), ...op.i32Add, ...op.v128Load(0), ...op.f32x4Mul, ...loadAt(b, o), ...op.f32x4Add]),
    ]),
  );
  for (const pointer of [x, y, h]) code.push(...op.localGet(pointer), ...op.localGet(rowBytes), ...op.i32Add, ...op.localSet(pointer));
  code.push(...op.localGet(rstd), ...op.i32Const(4), ...op.i32Add, ...op.localSet(rstd));
  code.push(...op.localGet(rows), ...op.i32Const(1), ...op.i32Sub, ...op.localSet(rows), ...op.localGet(rows), ...op.i32Eqz, ...op.i32Eqz, ...op.brIf(0), ...op.end);
  const body = [...locals, ...code, ...op.end];
  return [...u32(body.length), ...body];
}

/**
 * layerNormGrad(dy, normalized, rstd, gamma, dx, dgamma, dbeta, rows, n): per row
 * ĝ = dy·gamma, dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)); dgamma = Σ dy·x̂, dbeta = Σ dy over rows.
 */
function layerNormGradFunction(): number[] {
  const [dy, h, rstd, g, dx, dgamma, dbeta, rows, n] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [o, rowBytes] = [9, 10]; // i32
  const [accG, accGH, meanG, meanGH, scale, d, hv, gv] = [11, 12, 13, 14, 15, 16, 17, 18]; // v128
  const locals = vec([[...u32(2), I32], [...u32(8), V128]]);
  const code: number[] = [...op.localGet(n), ...op.i32Const(4), ...op.i32Mul, ...op.localSet(rowBytes)];
  code.push(...overRow(o, rowBytes, [...storeAt(dgamma, o, op.v128Zero), ...storeAt(dbeta, o, op.v128Zero)]));
  code.push(...op.loop, ...op.v128Zero, ...op.localSet(accG), ...op.v128Zero, ...op.localSet(accGH));
  code.push(
    ...overRow(o, rowBytes, [
      ...loadAt(dy, o), ...op.localSet(d), ...loadAt(h, o), ...op.localSet(hv),
      ...op.localGet(d), ...loadAt(g, o), ...op.f32x4Mul, ...op.localSet(gv),
      ...op.localGet(accG), ...op.localGet(gv), ...op.f32x4Add, ...op.localSet(accG),
      ...op.localGet(accGH), ...op.localGet(gv), ...op.localGet(hv), ...op.f32x4Mul, ...op.f32x4Add, ...op.localSet(accGH),
      ...storeAt(dgamma, o, [...loadAt(dgamma, o), ...op.localGet(d), ...op.localGet(hv), ...op.f32x4Mul, ...op.f32x4Add]),
      ...storeAt(dbeta, o, [...loadAt(dbeta, o), ...op.localGet(d), ...op.f32x4Add]),
    ]),
  );
  code.push(...horizontalSum(accG), ...op.localGet(n), ...op.f32ConvertI32S, ...op.f32Div, ...op.f32x4Splat, ...op.localSet(meanG));
  code.push(...horizontalSum(accGH), ...op.localGet(n), ...op.f32ConvertI32S, ...op.f32Div, ...op.f32x4Splat, ...op.localSet(meanGH));
  code.push(...op.localGet(rstd), ...op.v128Load32Splat, ...op.localSet(scale));
  code.push(
    ...overRow(o, rowBytes, [
      ...storeAt(dx, o, [
        ...loadAt(dy, o), ...loadAt(g, o), ...op.f32x4Mul, ...op.localGet(meanG), ...op.f32x4Sub,
        ...loadAt(h, o), ...op.localGet(meanGH), ...op.f32x4Mul, ...op.f32x4Sub, ...op.localGet(scale), ...op.f32x4Mul,
      ]),
    ]),
  );
  for (const pointer of [dy, h, dx]) code.push(...op.localGet(pointer), ...op.localGet(rowBytes), ...op.i32Add, ...op.localSet(pointer));
  code.push(...op.localGet(rstd), ...op.i32Const(4), ...op.i32Add, ...op.localSet(rstd));
  code.push(...op.localGet(rows), ...op.i32Const(1), ...op.i32Sub, ...op.localSet(rows), ...op.localGet(rows), ...op.i32Eqz, ...op.i32Eqz, ...op.brIf(0), ...op.end);
  const body = [...locals, ...code, ...op.end];
  return [...u32(body.length), ...body];
}

/**
 * columnSums(x, totals, rows, n): totals[j] = Σ_rows x[row, j] in float64 (totals: n doubles,
 * n a multiple of 4), rows in order — the same sums as a plain float64 loop, two lanes at a time.
 */
function columnSumsFunction(): number[] {
  const [x, totals, rows, n] = [0, 1, 2, 3];
  const [o, rowBytes, t] = [4, 5, 6]; // i32
  const locals = vec([[...u32(3), I32]]);
  const code: number[] = [...op.localGet(n), ...op.i32Const(4), ...op.i32Mul, ...op.localSet(rowBytes)];
  // Zero the totals: 8n bytes, in 16-byte steps over twice the row's byte length.
  code.push(...op.localGet(rowBytes), ...op.localGet(rowBytes), ...op.i32Add, ...op.localSet(t));
  code.push(...overRow(o, t, [...op.localGet(totals), ...op.localGet(o), ...op.i32Add, ...op.v128Zero, ...op.v128Store(0)]));
  code.push(...op.loop);
  code.push(
    ...overRow(o, rowBytes, [
      // t = totals + 2·o: the doubles of floats o/4 … o/4 + 3
      ...op.localGet(totals), ...op.localGet(o), ...op.i32Add, ...op.localGet(o), ...op.i32Add, ...op.localSet(t),
      ...op.localGet(t), ...op.localGet(t), ...op.v128Load(0), ...op.localGet(x), ...op.localGet(o), ...op.i32Add, ...op.v128Load64Zero(0), ...op.f64x2PromoteLowF32x4, ...op.f64x2Add, ...op.v128Store(0),
      ...op.localGet(t), ...op.localGet(t), ...op.v128Load(16), ...op.localGet(x), ...op.localGet(o), ...op.i32Add, ...op.v128Load64Zero(8), ...op.f64x2PromoteLowF32x4, ...op.f64x2Add, ...op.v128Store(16),
    ]),
  );
  code.push(...op.localGet(x), ...op.localGet(rowBytes), ...op.i32Add, ...op.localSet(x));
  code.push(...op.localGet(rows), ...op.i32Const(1), ...op.i32Sub, ...op.localSet(rows), ...op.localGet(rows), ...op.i32Eqz, ...op.i32Eqz, ...op.brIf(0), ...op.end);
  const body = [...locals, ...code, ...op.end];
  return [...u32(body.length), ...body];
}

/** The module's bytes, importing `env.memory` (shared or not, as the backend's is). */
export function simdKernelsModule(sharedMemory: boolean): Uint8Array {
  const params = new Array<number>(8).fill(I32);
  const signature = (types: number[]) => [0x60, ...vec(types.map((p) => [p])), 0];
  const type = section(1, vec([signature(params), signature([I32, I32, I32, I32]), signature([I32, I32, I32, I32, I32, I32, I32, I32, F32]), signature(new Array<number>(9).fill(I32))]));
  // columnSums shares gelu's signature (four i32).
  const limits = sharedMemory ? [0x03, 0, ...u32(65536)] : [0x00, 0];
  const imports = section(2, vec([[...name('env'), ...name('memory'), 0x02, ...limits]]));
  const tiles = TILES.length;
  const functions = section(3, vec([...TILES.map(() => [0]), ...TILES.map(() => [0]), [1], [2], [3], [1]]));
  const named = (label: string, index: number) => [...name(label), 0x00, ...u32(index)];
  const exports = section(
    7,
    vec([
      ...TILES.map(([r, v], i) => named(`tile${r}x${v}`, i)),
      ...TILES.map(([r, v], i) => named(`tile${r}x${v}acc`, tiles + i)),
      named('gelu', 2 * tiles),
      named('layerNorm', 2 * tiles + 1),
      named('layerNormGrad', 2 * tiles + 2),
      named('columnSums', 2 * tiles + 3),
    ]),
  );
  const code = section(10, vec([...TILES.map(([r, v]) => tileFunction(r, v, false)), ...TILES.map(([r, v]) => tileFunction(r, v, true)), geluFunction(), layerNormFunction(), layerNormGradFunction(), columnSumsFunction()]));
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...type, ...imports, ...functions, ...exports, ...code]);
}

/**
 * Bytes of A and B rows one block of p spans. Unblocked, a weight gradient [64, 2048]·[2048,
 * 256] streamed all 2 MB of B from memory once per row of tiles; in blocks of 128 kB it
 * took ~25 % less time (interleaved, under load; 32 kB and 512 kB were no better).
 */
const P_BLOCK_BYTES = 128 * 1024;

type Tile = (a: number, sAi: number, sAp: number, b: number, sBp: number, c: number, sCi: number, k: number) => void;

/** One operand as the product reads it: byte address, and byte strides per batch, row and column. */
export interface Operand {
  address: number;
  batchStride: number;
  rowStride: number;
  columnStride: number;
}

export interface SimdKernels {
  /**
   * C[batch, m, n] = A[batch, m, k]·B[batch, k, n] with B's and C's columns contiguous
   * (columnStride 4) and n a multiple of 4. Addresses and strides in bytes. With `accumulate`,
   * C += A·B instead (a sum over k taken in several calls).
   */
  multiply(batch: number, m: number, n: number, k: number, a: Operand, b: Operand, c: Operand, accumulate?: boolean): void;
  /** y = gelu(x), d = gelu'(x) for `count` floats at byte addresses x, y, d (count a multiple of 4). */
  gelu(x: number, y: number, d: number, count: number): void;
  /** totals (n float64 at a byte address) = column sums of x [rows, n], n a multiple of 4, rows ≥ 1. */
  columnSums(x: number, totals: number, rows: number, n: number): void;
  /** Forward layer normalization over rows of n floats (n a multiple of 4); byte addresses. */
  layerNorm(x: number, gamma: number, beta: number, y: number, normalized: number, rstd: number, rows: number, n: number, epsilon: number): void;
  /** Its backward pass: dx, and dgamma / dbeta summed over the rows. */
  layerNormGrad(dy: number, normalized: number, rstd: number, gamma: number, dx: number, dgamma: number, dbeta: number, rows: number, n: number): void;
}

/** Instantiates the kernel over `memory`; null where WebAssembly SIMD is unavailable. */
export function createSimdKernels(memory: WasmMemory): SimdKernels | null {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = simdKernelsModule(shared);
  if (!webAssembly.validate(bytes)) return null;
  const instance = new webAssembly.Instance(new webAssembly.Module(bytes), { env: { memory } });
  const tileSet = (suffix: string) => {
    const tile = (r: number, v: number) => instance.exports[`tile${r}x${v}${suffix}`] as Tile;
    return { tile4x2: tile(4, 2), tile4x1: tile(4, 1), tile1x2: tile(1, 2), tile1x1: tile(1, 1) };
  };
  const [starting, continuing] = [tileSet(''), tileSet('acc')];
  const gelu = instance.exports.gelu as (x: number, y: number, d: number, groups: number) => void;
  type Exported = (...args: number[]) => void;
  const layerNorm = instance.exports.layerNorm as Exported;
  const layerNormGrad = instance.exports.layerNormGrad as Exported;
  const checkRows = (rows: number, n: number) => {
    if (n % 4 !== 0 || n === 0) throw new Error('simd row kernels need rows of a multiple of 4 floats');
    return rows > 0;
  };
  const columnSums = instance.exports.columnSums as Exported;
  return {
    columnSums(x, totals, rows, n) {
      if (checkRows(rows, n)) columnSums(x, totals, rows, n);
    },
    layerNorm(x, gamma, beta, y, normalized, rstd, rows, n, epsilon) {
      if (checkRows(rows, n)) layerNorm(x, gamma, beta, y, normalized, rstd, rows, n, epsilon);
    },
    layerNormGrad(dy, normalized, rstd, gamma, dx, dgamma, dbeta, rows, n) {
      if (checkRows(rows, n)) layerNormGrad(dy, normalized, rstd, gamma, dx, dgamma, dbeta, rows, n);
    },
    gelu(x, y, d, count) {
      if (count % 4 !== 0) throw new Error('simd gelu takes whole groups of 4 floats');
      if (count > 0) gelu(x, y, d, count / 4);
    },
    multiply(batch, m, n, k, a, b, c, accumulate = false) {
      if (n % 4 !== 0 || b.columnStride !== 4 || c.columnStride !== 4) throw new Error('simd matMul needs n % 4 = 0 and contiguous columns of B and C');
      if (k === 0 || m === 0 || n === 0) return;
      // Long sums (weight gradients: k = batch·steps) go in blocks of p, so the A and B rows
      // a block reads stay in cache while every tile of C passes over them.
      const block = Math.max(1, Math.floor(P_BLOCK_BYTES / (4 * (n + m))));
      for (let s = 0; s < batch; s++)
        for (let p = 0; p < k; p += block) {
          const { tile4x2, tile4x1, tile1x2, tile1x1 } = p === 0 && !accumulate ? starting : continuing;
          const depth = Math.min(block, k - p);
          const aBase = a.address + s * a.batchStride + p * a.columnStride;
          const bBase = b.address + s * b.batchStride + p * b.rowStride;
          const cBase = c.address + s * c.batchStride;
          let i = 0;
          for (; i + 4 <= m; i += 4) {
            const aRow = aBase + i * a.rowStride;
            const cRow = cBase + i * c.rowStride;
            let j = 0;
            for (; j + 8 <= n; j += 8) tile4x2(aRow, a.rowStride, a.columnStride, bBase + 4 * j, b.rowStride, cRow + 4 * j, c.rowStride, depth);
            if (j < n) tile4x1(aRow, a.rowStride, a.columnStride, bBase + 4 * j, b.rowStride, cRow + 4 * j, c.rowStride, depth);
          }
          for (; i < m; i++) {
            const aRow = aBase + i * a.rowStride;
            const cRow = cBase + i * c.rowStride;
            let j = 0;
            for (; j + 8 <= n; j += 8) tile1x2(aRow, a.rowStride, a.columnStride, bBase + 4 * j, b.rowStride, cRow + 4 * j, c.rowStride, depth);
            if (j < n) tile1x1(aRow, a.rowStride, a.columnStride, bBase + 4 * j, b.rowStride, cRow + 4 * j, c.rowStride, depth);
          }
        }
    },
  };
}

let enabled = true;

/** Lets a benchmark or test compare the SIMD routes with the plain ones in one process. */
export function useSimdKernels(on: boolean): void {
  enabled = on;
}

/** The SIMD kernels over a wasm backend's memory, made on first use; null where they cannot run (or are switched off). */
const simdKernels = new WeakMap<object, SimdKernels | null>();
export function simdFor(backend: unknown): SimdKernels | null {
  if (!enabled) return null;
  const key = backend as object;
  if (!simdKernels.has(key)) {
    const memory = (backend as { wasm?: { asm?: { memory?: unknown } } }).wasm?.asm?.memory;
    let kernel: SimdKernels | null;
    try {
      kernel = memory instanceof webAssembly.Memory ? createSimdKernels(memory as WasmMemory) : null;
    } catch {
      // No SIMD support (an old runtime): every caller has a plain path.
      kernel = null;
    }
    simdKernels.set(key, kernel);
  }
  return simdKernels.get(key) ?? null;
}

