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
 * The module is written as bytes with wasm-assembler.ts (no toolchain to install): a block
 * function per register tile (4 or 1 rows × 8 or 4 columns), each accumulating its tile over
 * p in SIMD registers and storing it once, and a matrix function walking the tiles (one call
 * from JS per matrix and block of p). Needs WebAssembly SIMD (Node
 * ≥ 16.4, Electron's Chromium); without it simdFor returns null and callers take plain paths.
 */

import { fastPathSwitches } from '../fast-path-switches';
import { addTo, assembleModule, F32, f32Const, functionBody, I32, i32Const, instantiateOnMemory, op, set, get, signature, simdOp, u32, V128, type MemoryType, type WasmMemory, backendMemory } from './wasm-assembler';

export type { WasmMemory } from './wasm-assembler';

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
  const locals = [{ count: 7, type: V128 }];
  const c = simdOp.f32x4Const;
  const code: number[] = [op.loop, op.emptyBlockType];
  code.push(...get(x), ...simdOp.loadAt(0), ...set(v));
  // z = |x|/√2, t = 1/(1 + p·z)
  code.push(...get(v), ...simdOp.f32x4Abs, ...c(Math.SQRT1_2), ...simdOp.f32x4Mul, ...set(z));
  code.push(...c(1), ...c(1), ...get(z), ...c(ERF.p), ...simdOp.f32x4Mul, ...simdOp.f32x4Add, ...simdOp.f32x4Div, ...set(t));
  // e = exp(q), q = max(−z², lowest): n = nearest(q·log2e), r = q − n·ln2 (in two parts)
  code.push(...get(z), ...get(z), ...simdOp.f32x4Mul, ...c(-1), ...simdOp.f32x4Mul, ...c(EXP.lowest), ...simdOp.f32x4Max, ...set(e));
  code.push(...get(e), ...c(EXP.log2e), ...simdOp.f32x4Mul, ...simdOp.f32x4Nearest, ...set(n));
  code.push(...get(e), ...get(n), ...c(EXP.ln2Hi), ...simdOp.f32x4Mul, ...simdOp.f32x4Sub);
  code.push(...get(n), ...c(EXP.ln2Lo), ...simdOp.f32x4Mul, ...simdOp.f32x4Sub, ...set(e)); // e holds r now
  // p(r) = ((((c5·r + c4)·r + c3)·r + c2)·r + c1)·r + c0, then 1 + r + r²·p(r)
  code.push(...c(EXP.poly[5]));
  for (let i = 4; i >= 0; i--) code.push(...get(e), ...simdOp.f32x4Mul, ...c(EXP.poly[i]!), ...simdOp.f32x4Add);
  code.push(...get(e), ...get(e), ...simdOp.f32x4Mul, ...simdOp.f32x4Mul, ...get(e), ...simdOp.f32x4Add, ...c(1), ...simdOp.f32x4Add);
  // × 2^n: (n + 127) << 23 is 2^n's float32 bit pattern
  code.push(...get(n), ...simdOp.i32x4TruncSatF32x4S, ...simdOp.i32x4Const(127), ...simdOp.i32x4Add, ...i32Const(23), ...simdOp.i32x4Shl, ...simdOp.f32x4Mul, ...set(e));
  // tail = erfc(z) = t·(a1 + t·(a2 + t·(a3 + t·(a4 + t·a5))))·e
  code.push(...c(ERF.a5), ...get(t), ...simdOp.f32x4Mul, ...c(ERF.a4), ...simdOp.f32x4Add);
  for (const a of [ERF.a3, ERF.a2, ERF.a1]) code.push(...get(t), ...simdOp.f32x4Mul, ...c(a), ...simdOp.f32x4Add);
  code.push(...get(t), ...simdOp.f32x4Mul, ...get(e), ...simdOp.f32x4Mul, ...c(0.5), ...simdOp.f32x4Mul, ...set(tail));
  // Φ(x) = 1 − tail/2 for x ≥ 0, tail/2 below
  code.push(...c(1), ...get(tail), ...simdOp.f32x4Sub, ...get(tail), ...get(v), ...c(0), ...simdOp.f32x4Ge, ...simdOp.bitselect, ...set(cdf));
  code.push(...get(y), ...get(v), ...get(cdf), ...simdOp.f32x4Mul, ...simdOp.storeAt(0));
  code.push(...get(d), ...get(cdf), ...get(v), ...get(e), ...simdOp.f32x4Mul, ...c(1 / Math.sqrt(2 * Math.PI)), ...simdOp.f32x4Mul, ...simdOp.f32x4Add, ...simdOp.storeAt(0));
  for (const pointer of [x, y, d]) code.push(...get(pointer), ...i32Const(16), op.i32Add, ...set(pointer));
  code.push(...get(count), ...i32Const(1), op.i32Sub, ...set(count));
  code.push(...get(count), op.i32Eqz, op.i32Eqz, op.brIf, 0, op.end);
  return functionBody(locals, code);
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
  const locals = [
    { count: rows, type: I32 },
    { count: rows * vectors + vectors + 1, type: V128 },
  ];
  const code: number[] = [];
  for (let r = 0; r < rows; r++) {
    code.push(...get(a));
    for (let s = 0; s < r; s++) code.push(...get(sAi), op.i32Add);
    code.push(...set(rowPointer[r]!));
  }
  if (!accumulate) for (const x of acc) code.push(...simdOp.zero, ...set(x));
  // Continuing a sum over an earlier block of p: start from what C holds (c is restored before the stores).
  else
    for (let r = 0; r < rows; r++)
      for (let v = 0; v < vectors; v++) {
        code.push(...get(c));
        for (let s = 0; s < r; s++) code.push(...get(sCi), op.i32Add);
        code.push(...simdOp.loadAt(16 * v), ...set(acc[r * vectors + v]!));
      }
  code.push(op.loop, op.emptyBlockType);
  for (let v = 0; v < vectors; v++) code.push(...get(b), ...simdOp.loadAt(16 * v), ...set(bv[v]!));
  for (let r = 0; r < rows; r++) {
    code.push(...get(rowPointer[r]!), ...simdOp.load32Splat, ...set(splat));
    for (let v = 0; v < vectors; v++) {
      const x = acc[r * vectors + v]!;
      code.push(...get(x), ...get(splat), ...get(bv[v]!), ...simdOp.f32x4Mul, ...simdOp.f32x4Add, ...set(x));
    }
    code.push(...get(rowPointer[r]!), ...get(sAp), op.i32Add, ...set(rowPointer[r]!));
  }
  code.push(...get(b), ...get(sBp), op.i32Add, ...set(b));
  code.push(...get(k), ...i32Const(1), op.i32Sub, ...set(k));
  code.push(...get(k), op.i32Eqz, op.i32Eqz, op.brIf, 0, op.end);
  for (let r = 0; r < rows; r++)
    for (let v = 0; v < vectors; v++) {
      code.push(...get(c), ...get(acc[r * vectors + v]!), ...simdOp.storeAt(16 * v));
      if (v === vectors - 1 && r < rows - 1) code.push(...get(c), ...get(sCi), op.i32Add, ...set(c));
    }
  return functionBody(locals, code);
}

/**
 * matrix(a, sAi, sAp, b, sBp, c, sCi, k, m, n), bytes except k, m, n: the whole C[m × n]
 * (n a multiple of 4) tile by tile, calling the tile functions at `tileIndex` (4x2, 4x1,
 * 1x2, 1x1 in that order) in the order JS walked them — the same sums, one call from JS
 * per matrix instead of one per tile (~35K a step in the CNN's input gradient).
 */
function matrixFunction(tileIndex: number): number[] {
  const [a, sAi, sAp, b, sBp, c, sCi, k, m, n] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const [aRow, cRow, bColumn, cColumn, columnsLeft] = [10, 11, 12, 13, 14];
  const locals = [{ count: 5, type: I32 }];
  const callTile = (index: number) => [
    ...get(aRow), ...get(sAi), ...get(sAp), ...get(bColumn), ...get(sBp), ...get(cColumn), ...get(sCi), ...get(k), op.call, ...u32(tileIndex + index),
  ];
  /** Every row of `rows` rows of tiles while at least `rows` rows are left (m counts down). */
  const rowsOfTiles = (rows: number, wide: number, narrow: number) => [
    op.block, op.emptyBlockType, op.loop, op.emptyBlockType,
    ...get(m), ...i32Const(rows), op.i32LtU, op.brIf, 1,
    ...get(b), ...set(bColumn), ...get(cRow), ...set(cColumn), ...get(n), ...set(columnsLeft),
    op.block, op.emptyBlockType, op.loop, op.emptyBlockType,
    ...get(columnsLeft), ...i32Const(8), op.i32LtU, op.brIf, 1,
    ...callTile(wide),
    ...addTo(bColumn, i32Const(32)), ...addTo(cColumn, i32Const(32)), ...addTo(columnsLeft, i32Const(-8)),
    op.br, 0, op.end, op.end,
    // 4 columns left over (n is a multiple of 4)
    ...get(columnsLeft), op.if, op.emptyBlockType, ...callTile(narrow), op.end,
    ...addTo(aRow, rows === 1 ? get(sAi) : [...get(sAi), ...i32Const(rows), op.i32Mul]),
    ...addTo(cRow, rows === 1 ? get(sCi) : [...get(sCi), ...i32Const(rows), op.i32Mul]),
    ...addTo(m, i32Const(-rows)),
    op.br, 0, op.end, op.end,
  ];
  const code = [...get(a), ...set(aRow), ...get(c), ...set(cRow), ...rowsOfTiles(4, 0, 1), ...rowsOfTiles(1, 2, 3)];
  return functionBody(locals, code);
}

/** The tiles, in export order: rows × vectors. */
export const TILES = [
  [4, 2],
  [4, 1],
  [1, 2],
  [1, 1],
] as const;


/** Sum of a v128's four lanes (on the stack) as an f32, left to right. */
function horizontalSum(vector: number): number[] {
  return [
    ...get(vector), ...simdOp.f32x4ExtractLane(0), ...get(vector), ...simdOp.f32x4ExtractLane(1), op.f32Add,
    ...get(vector), ...simdOp.f32x4ExtractLane(2), op.f32Add, ...get(vector), ...simdOp.f32x4ExtractLane(3), op.f32Add,
  ];
}

/** `body` once per 16-byte group of a row: offset local `o` runs 0, 16, … < rowBytes (≥ 16). */
function overRow(o: number, rowBytes: number, body: number[]): number[] {
  return [
    ...i32Const(0), ...set(o), op.loop, op.emptyBlockType, ...body,
    ...get(o), ...i32Const(16), op.i32Add, ...set(o),
    ...get(o), ...get(rowBytes), op.i32LtU, op.brIf, 0, op.end,
  ];
}

const loadAt = (pointer: number, o: number) => [...get(pointer), ...get(o), op.i32Add, ...simdOp.loadAt(0)];
const storeAt = (pointer: number, o: number, value: readonly number[]) => [...get(pointer), ...get(o), op.i32Add, ...value, ...simdOp.storeAt(0)];

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
  const locals = [{ count: 2, type: I32 }, { count: 2, type: F32 }, { count: 4, type: V128 }];
  const code: number[] = [...get(n), ...i32Const(4), op.i32Mul, ...set(rowBytes), op.loop, op.emptyBlockType];
  code.push(...simdOp.zero, ...set(acc));
  code.push(...overRow(o, rowBytes, [...get(acc), ...loadAt(x, o), ...simdOp.f32x4Add, ...set(acc)]));
  code.push(...horizontalSum(acc), ...get(n), op.f32ConvertI32S, op.f32Div, ...set(mean));
  code.push(...get(mean), ...simdOp.f32x4Splat, ...set(meanV), ...simdOp.zero, ...set(acc));
  code.push(...overRow(o, rowBytes, [...loadAt(x, o), ...get(meanV), ...simdOp.f32x4Sub, ...set(v), ...get(acc), ...get(v), ...get(v), ...simdOp.f32x4Mul, ...simdOp.f32x4Add, ...set(acc)]));
  code.push(...f32Const(1), ...horizontalSum(acc), ...get(n), op.f32ConvertI32S, op.f32Div, ...get(epsilon), op.f32Add, op.f32Sqrt, op.f32Div, ...set(scale));
  code.push(...get(rstd), ...get(scale), ...op.f32Store, ...get(scale), ...simdOp.f32x4Splat, ...set(scaleV));
  code.push(
    ...overRow(o, rowBytes, [
      ...loadAt(x, o), ...get(meanV), ...simdOp.f32x4Sub, ...get(scaleV), ...simdOp.f32x4Mul, ...set(v),
      ...storeAt(h, o, get(v)),
      ...storeAt(y, o, [...get(v), ...get(g), ...get(o), op.i32Add, ...simdOp.loadAt(0), ...simdOp.f32x4Mul, ...loadAt(b, o), ...simdOp.f32x4Add]),
    ]),
  );
  for (const pointer of [x, y, h]) code.push(...get(pointer), ...get(rowBytes), op.i32Add, ...set(pointer));
  code.push(...get(rstd), ...i32Const(4), op.i32Add, ...set(rstd));
  code.push(...get(rows), ...i32Const(1), op.i32Sub, ...set(rows), ...get(rows), op.i32Eqz, op.i32Eqz, op.brIf, 0, op.end);
  return functionBody(locals, code);
}

/**
 * layerNormGrad(dy, normalized, rstd, gamma, dx, dgamma, dbeta, rows, n): per row
 * ĝ = dy·gamma, dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)); dgamma = Σ dy·x̂, dbeta = Σ dy over rows.
 */
function layerNormGradFunction(): number[] {
  const [dy, h, rstd, g, dx, dgamma, dbeta, rows, n] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [o, rowBytes] = [9, 10]; // i32
  const [accG, accGH, meanG, meanGH, scale, d, hv, gv] = [11, 12, 13, 14, 15, 16, 17, 18]; // v128
  const locals = [{ count: 2, type: I32 }, { count: 8, type: V128 }];
  const code: number[] = [...get(n), ...i32Const(4), op.i32Mul, ...set(rowBytes)];
  code.push(...overRow(o, rowBytes, [...storeAt(dgamma, o, simdOp.zero), ...storeAt(dbeta, o, simdOp.zero)]));
  code.push(op.loop, op.emptyBlockType, ...simdOp.zero, ...set(accG), ...simdOp.zero, ...set(accGH));
  code.push(
    ...overRow(o, rowBytes, [
      ...loadAt(dy, o), ...set(d), ...loadAt(h, o), ...set(hv),
      ...get(d), ...loadAt(g, o), ...simdOp.f32x4Mul, ...set(gv),
      ...get(accG), ...get(gv), ...simdOp.f32x4Add, ...set(accG),
      ...get(accGH), ...get(gv), ...get(hv), ...simdOp.f32x4Mul, ...simdOp.f32x4Add, ...set(accGH),
      ...storeAt(dgamma, o, [...loadAt(dgamma, o), ...get(d), ...get(hv), ...simdOp.f32x4Mul, ...simdOp.f32x4Add]),
      ...storeAt(dbeta, o, [...loadAt(dbeta, o), ...get(d), ...simdOp.f32x4Add]),
    ]),
  );
  code.push(...horizontalSum(accG), ...get(n), op.f32ConvertI32S, op.f32Div, ...simdOp.f32x4Splat, ...set(meanG));
  code.push(...horizontalSum(accGH), ...get(n), op.f32ConvertI32S, op.f32Div, ...simdOp.f32x4Splat, ...set(meanGH));
  code.push(...get(rstd), ...simdOp.load32Splat, ...set(scale));
  code.push(
    ...overRow(o, rowBytes, [
      ...storeAt(dx, o, [
        ...loadAt(dy, o), ...loadAt(g, o), ...simdOp.f32x4Mul, ...get(meanG), ...simdOp.f32x4Sub,
        ...loadAt(h, o), ...get(meanGH), ...simdOp.f32x4Mul, ...simdOp.f32x4Sub, ...get(scale), ...simdOp.f32x4Mul,
      ]),
    ]),
  );
  for (const pointer of [dy, h, dx]) code.push(...get(pointer), ...get(rowBytes), op.i32Add, ...set(pointer));
  code.push(...get(rstd), ...i32Const(4), op.i32Add, ...set(rstd));
  code.push(...get(rows), ...i32Const(1), op.i32Sub, ...set(rows), ...get(rows), op.i32Eqz, op.i32Eqz, op.brIf, 0, op.end);
  return functionBody(locals, code);
}

/**
 * columnSums(x, totals, rows, n): totals[j] = Σ_rows x[row, j] in float64 (totals: n doubles,
 * n a multiple of 4), rows in order — the same sums as a plain float64 loop, two lanes at a time.
 */
function columnSumsFunction(): number[] {
  const [x, totals, rows, n] = [0, 1, 2, 3];
  const [o, rowBytes, t] = [4, 5, 6]; // i32
  const locals = [{ count: 3, type: I32 }];
  const code: number[] = [...get(n), ...i32Const(4), op.i32Mul, ...set(rowBytes)];
  // Zero the totals: 8n bytes, in 16-byte steps over twice the row's byte length.
  code.push(...get(rowBytes), ...get(rowBytes), op.i32Add, ...set(t));
  code.push(...overRow(o, t, [...get(totals), ...get(o), op.i32Add, ...simdOp.zero, ...simdOp.storeAt(0)]));
  code.push(op.loop, op.emptyBlockType);
  code.push(
    ...overRow(o, rowBytes, [
      // t = totals + 2·o: the doubles of floats o/4 … o/4 + 3
      ...get(totals), ...get(o), op.i32Add, ...get(o), op.i32Add, ...set(t),
      ...get(t), ...get(t), ...simdOp.loadAt(0), ...get(x), ...get(o), op.i32Add, ...simdOp.load64ZeroAt(0), ...simdOp.f64x2PromoteLowF32x4, ...simdOp.f64x2Add, ...simdOp.storeAt(0),
      ...get(t), ...get(t), ...simdOp.loadAt(16), ...get(x), ...get(o), op.i32Add, ...simdOp.load64ZeroAt(8), ...simdOp.f64x2PromoteLowF32x4, ...simdOp.f64x2Add, ...simdOp.storeAt(16),
    ]),
  );
  code.push(...get(x), ...get(rowBytes), op.i32Add, ...set(x));
  code.push(...get(rows), ...i32Const(1), op.i32Sub, ...set(rows), ...get(rows), op.i32Eqz, op.i32Eqz, op.brIf, 0, op.end);
  return functionBody(locals, code);
}

/** The module's bytes, importing `env.memory` as `memory` declares it (shared or not, as the backend's is). */
export function simdKernelsModule(memory: MemoryType): Uint8Array {
  const tiles = TILES.map(([r, v]) => `tile${r}x${v}`);
  const [tile, fourInts, layerNorm, nineInts, matrix] = [0, 1, 2, 3, 4];
  return assembleModule(
    {
      types: [signature(new Array<number>(8).fill(I32)), signature([I32, I32, I32, I32]), signature([I32, I32, I32, I32, I32, I32, I32, I32, F32]), signature(new Array<number>(9).fill(I32)), signature(new Array<number>(10).fill(I32))],
      functions: [...TILES.map(() => tile), ...TILES.map(() => tile), fourInts, layerNorm, nineInts, fourInts, matrix, matrix],
      bodies: [
        ...TILES.map(([r, v]) => tileFunction(r, v, false)), ...TILES.map(([r, v]) => tileFunction(r, v, true)),
        geluFunction(), layerNormFunction(), layerNormGradFunction(), columnSumsFunction(),
        // Function indices 0–3 are the starting tiles, 4–7 the continuing ones.
        matrixFunction(0), matrixFunction(TILES.length),
      ],
      exports: [...tiles, ...tiles.map((name) => `${name}acc`), 'gelu', 'layerNorm', 'layerNormGrad', 'columnSums', 'matrix', 'matrixacc'],
    },
    memory,
  );
}

/**
 * Bytes of A and B rows one block of p spans. Unblocked, a weight gradient [64, 2048]·[2048,
 * 256] streamed all 2 MB of B from memory once per row of tiles; in blocks of 128 kB it
 * took ~25 % less time (interleaved, under load; 32 kB and 512 kB were no better).
 */
const P_BLOCK_BYTES = 128 * 1024;

type Matrix = (a: number, sAi: number, sAp: number, b: number, sBp: number, c: number, sCi: number, k: number, m: number, n: number) => void;

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

/** Instantiates the kernels over `memory` (or a backend's memory not found: undefined); null where that fails (no WebAssembly SIMD). */
export function createSimdKernels(memory: WasmMemory | undefined): SimdKernels | null {
  const exports = instantiateOnMemory('simd-kernels', simdKernelsModule, memory);
  if (!exports) return null;
  const [startingMatrix, continuingMatrix] = [exports.matrix as Matrix, exports.matrixacc as Matrix];
  const gelu = exports.gelu as (x: number, y: number, d: number, groups: number) => void;
  type Exported = (...args: number[]) => void;
  const layerNorm = exports.layerNorm as Exported;
  const layerNormGrad = exports.layerNormGrad as Exported;
  const checkRows = (rows: number, n: number) => {
    if (n % 4 !== 0 || n === 0) throw new Error('simd row kernels need rows of a multiple of 4 floats');
    return rows > 0;
  };
  const columnSums = exports.columnSums as Exported;
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
          const matrix = p === 0 && !accumulate ? startingMatrix : continuingMatrix;
          const depth = Math.min(block, k - p);
          const aBase = a.address + s * a.batchStride + p * a.columnStride;
          const bBase = b.address + s * b.batchStride + p * b.rowStride;
          const cBase = c.address + s * c.batchStride;
          matrix(aBase, a.rowStride, a.columnStride, bBase, b.rowStride, cBase, c.rowStride, depth, m, n);
        }
    },
  };
}

/** The SIMD kernels over a wasm backend's memory, made on first use; null where they cannot run (or are switched off). */
const simdKernels = new WeakMap<object, SimdKernels | null>();
export function simdFor(backend: unknown): SimdKernels | null {
  if (!fastPathSwitches.simdKernels) return null;
  const key = backend as object;
  // Where the module does not instantiate (no SIMD support, an old runtime), every caller has a plain path.
  if (!simdKernels.has(key)) simdKernels.set(key, createSimdKernels(backendMemory(backend)));
  return simdKernels.get(key) ?? null;
}

