import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createRandom } from '../../../shared/data/dataset';
import { withSeededRandom } from '../../../shared/layers/seed';
import { selectBackend } from '../backend';
import { registerFastPath } from '../fast-path';
import { MAX_COL2IM_GROUPS, wasmCol2imAddRows } from './col2im-add';
import { resetFastPathSwitches, setFastPathSwitches, type InputGradientPath } from '../fast-path-switches';
import { col2imTakes } from './conv-matmul';
import { MAX_FEW_CHANNEL_GROUPS, wasmFilterGradientPass } from './few-channel-filter-gradient';
import { wasmGatherColumns } from './gather-columns';
import { simdMaxPoolGradRow } from './max-pool-grad-simd';
import { backendMemory } from './wasm-assembler';

/**
 * The fast CNN kernels (conv-matmul.ts, max-pool-grad.ts, sum-leading.ts) against the cpu
 * backend on random data — values and gradients — and a short training run with them
 * against the same run on the kernels they replace.
 */
beforeAll(async () => {
  await registerFastPath();
  expect(await selectBackend('wasm')).toBe('wasm');
  setFastPathSwitches({ fastConvKernels: true });
});
afterAll(() => resetFastPathSwitches());

function randomTensor(shape: number[], seed: number, scale = 1): tf.Tensor {
  const random = createRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => (random() * 2 - 1) * scale), shape);
}

/** max |wasm − cpu| / max |cpu| over all outputs of `compute`, each backend given the same inputs. */
function relativeErrorAgainstCpu(inputs: (() => tf.Tensor)[], compute: (...inputs: tf.Tensor[]) => tf.Tensor[]): number {
  const results: Float32Array[][] = [];
  for (const backend of ['cpu', 'wasm']) {
    tf.setBackend(backend);
    const tensors = inputs.map((make) => make());
    const outs = tf.tidy(() => compute(...tensors));
    results.push(outs.map((t) => t.dataSync() as Float32Array));
    tf.dispose([...outs, ...tensors]);
  }
  tf.setBackend('wasm');
  let worst = 0;
  results[0]!.forEach((cpu, k) => {
    const wasm = results[1]![k]!;
    expect(wasm.length).toBe(cpu.length);
    let scale = 0;
    let diff = 0;
    for (let i = 0; i < cpu.length; i++) {
      scale = Math.max(scale, Math.abs(cpu[i]!));
      diff = Math.max(diff, Math.abs(cpu[i]! - wasm[i]!));
    }
    expect(scale).toBeGreaterThan(0);
    worst = Math.max(worst, diff / scale);
  });
  return worst;
}

/** The wasm backend's count of live buffers, including ones no tfjs tensor owns. */
const liveWasmBuffers = () => (tf.backend() as unknown as { dataIdMap: { numDataIds(): number } }).dataIdMap.numDataIds();

type Pad = 'same' | 'valid' | number;
const conv2dCases: { x: number[]; filter: number[]; strides: number | [number, number]; pad: Pad }[] = [
  { x: [2, 7, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [3, 9, 8, 2], filter: [3, 2, 2, 5], strides: 2, pad: 'valid' },
  { x: [1, 8, 5, 3], filter: [5, 3, 3, 2], strides: [2, 1], pad: 'same' },
  { x: [2, 11, 9, 1], filter: [3, 3, 1, 6], strides: 2, pad: 'same' },
  { x: [4, 10, 10, 5], filter: [3, 3, 5, 7], strides: 1, pad: 'valid' },
  // Numeric padding: here only the gradients are compared, since the stock wasm forward
  // Conv2D (XNNPACK, not replaced) disagrees with cpu on it; the app's layers never use it.
  { x: [2, 7, 9, 4], filter: [2, 3, 4, 3], strides: [1, 2], pad: 1 },
  // The reference CNN's second convolution, at batch 8 (one image per chunk of colsᵀ).
  { x: [8, 13, 13, 16], filter: [3, 3, 16, 32], strides: 1, pad: 'valid' },
  // 46 KB of colsᵀ per image: chunks of 2, 2 and 1 images; and a padded, strided chunked case.
  { x: [5, 11, 11, 16], filter: [3, 3, 16, 8], strides: 1, pad: 'valid' },
  { x: [5, 15, 14, 12], filter: [3, 3, 12, 8], strides: 2, pad: 'same' },
  // Few input channels, stride 1, unpadded: dW from few-channel-filter-gradient.ts — the
  // reference CNN's first convolution at batch 8, RGB, and row counts not a multiple of 3.
  { x: [8, 28, 28, 1], filter: [3, 3, 1, 16], strides: 1, pad: 'valid' },
  { x: [3, 9, 10, 3], filter: [3, 3, 3, 8], strides: 1, pad: 'valid' },
  { x: [2, 7, 6, 1], filter: [2, 2, 1, 4], strides: 1, pad: 'valid' },
  { x: [2, 8, 9, 2], filter: [2, 3, 2, 12], strides: 1, pad: 'valid' },
];

describe('fast Conv2D gradients (im2col + one matrix product) agree with the cpu backend', () => {
  it('has the wasm im2col copy and few-channel filter gradient here (else the cases below would test only the JS paths)', () => {
    expect(wasmGatherColumns(backendMemory(tf.backend()))).not.toBeNull();
    for (let groups = 1; groups <= MAX_FEW_CHANNEL_GROUPS; groups++) expect(wasmFilterGradientPass(groups, backendMemory(tf.backend()))).not.toBeNull();
  });
  // The wasm copy with the chunked SIMD product (chunked) or one XNNPACK product; the JS copy (always whole).
  const variants: [boolean, boolean][] = [[true, true], [true, false], [false, true]];
  for (const [wasmGather, chunked] of variants)
    for (const c of conv2dCases)
      it(`x ${c.x}, filter ${c.filter}, strides ${String(c.strides)}, pad ${c.pad}: output, dx and dW (im2col copy in ${wasmGather ? 'wasm' : 'JS'}${wasmGather ? `, ${chunked ? 'chunked SIMD' : 'whole XNNPACK'} product` : ''})`, () => {
        setFastPathSwitches({ wasmColumnGather: wasmGather, chunkedConvProducts: chunked });
        onTestFinished(() => {
          setFastPathSwitches({ wasmColumnGather: true, chunkedConvProducts: true });
        });
        const outShape = tf.conv2d(tf.zeros<tf.Rank>(c.x) as tf.Tensor4D, tf.zeros<tf.Rank>(c.filter) as tf.Tensor4D, c.strides, c.pad).shape;
        const error = relativeErrorAgainstCpu(
          [() => randomTensor(c.x, 1), () => randomTensor(c.filter, 2), () => randomTensor(outShape, 3)],
          (x, w, dy) => {
            const conv = (input: tf.Tensor, filter: tf.Tensor) => tf.conv2d(input as tf.Tensor4D, filter as tf.Tensor4D, c.strides, c.pad);
            const [dx, dw] = tf.grads((input: tf.Tensor, filter: tf.Tensor) => tf.sum(tf.mul(conv(input, filter), dy!)))([x!, w!]);
            return typeof c.pad === 'number' ? [dx!, dw!] : [conv(x!, w!), dx!, dw!];
          },
        );
        expect(error).toBeLessThanOrEqual(1e-4);
      });

  it('leaves no buffers behind in the wasm heap', () => {
    const x = randomTensor([2, 9, 9, 3], 1) as tf.Tensor4D;
    const w = randomTensor([3, 3, 3, 4], 2) as tf.Tensor4D;
    const step = () => tf.dispose(tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([x, w]));
    step();
    const before = liveWasmBuffers();
    step();
    step();
    expect(liveWasmBuffers()).toBe(before);
    tf.dispose([x, w]);
  });

  /**
   * tfjs's conv2d gradient refuses dilation, but the kernels accept it (TensorFlow's do):
   * checked against the definition, ∂/∂w[k] Σ dy ⊙ conv(x, w) = Σ dy ⊙ conv(x, e_k) with e_k
   * the one-hot filter (and likewise for x), using only forward convolutions.
   */
  it('supports dilation when called directly', () => {
    const x = randomTensor([2, 8, 7, 2], 1) as tf.Tensor4D;
    const w = randomTensor([2, 3, 2, 3], 2) as tf.Tensor4D;
    const attrs = { strides: [1, 1], dilations: [2, 2], pad: 'same' };
    const dy = randomTensor(tf.conv2d(x, w, 1, 'same', 'NHWC', 2).shape, 3);
    const loss = (input: tf.Tensor4D, filter: tf.Tensor4D) => tf.sum(tf.mul(tf.conv2d(input, filter, 1, 'same', 'NHWC', 2), dy)).dataSync()[0]!;
    const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: w.shape }) as tf.Tensor;
    const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { ...attrs, inputShape: x.shape }) as tf.Tensor;
    const unit = (k: number, shape: number[]) => tf.oneHot(k, shape.reduce((a, b) => a * b, 1)).reshape(shape).cast('float32') as tf.Tensor4D;
    const expectedDw = Array.from({ length: w.size }, (_, k) => loss(x, unit(k, w.shape)));
    const expectedDx = Array.from({ length: x.size }, (_, k) => loss(unit(k, x.shape), w));
    const maxDiff = (a: ArrayLike<number>, b: number[]) => Math.max(...b.map((v, i) => Math.abs(v - a[i]!)));
    expect(maxDiff(dw.dataSync(), expectedDw)).toBeLessThanOrEqual(1e-4 * Math.max(...expectedDw.map(Math.abs)));
    expect(maxDiff(dx.dataSync(), expectedDx)).toBeLessThanOrEqual(1e-4 * Math.max(...expectedDx.map(Math.abs)));
    expect(Math.max(...expectedDw.map(Math.abs))).toBeGreaterThan(0.1);
  });
});

type Conv2DCase = (typeof conv2dCases)[number];
const infoOf = (c: Conv2DCase) => tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], c.filter as [number, number, number, number], c.strides, 1, c.pad);

// Stride 1, unpadded, input channels a multiple of 4 (col2im), at odd sizes and every group
// count from 1 to 5 and the widest, then cases col2im leaves to the padded convolution.
const col2imCases: Conv2DCase[] = [
  { x: [3, 7, 9, 4], filter: [3, 3, 4, 5], strides: 1, pad: 'valid' },
  { x: [2, 9, 6, 8], filter: [2, 3, 8, 3], strides: 1, pad: 'valid' },
  { x: [1, 5, 5, 12], filter: [5, 5, 12, 7], strides: 1, pad: 'valid' },
  { x: [5, 13, 13, 16], filter: [3, 3, 16, 32], strides: 1, pad: 'valid' },
  // 46 KB of cols per image: chunks of 2, 2 and 1 images in the chunked product.
  { x: [5, 11, 11, 16], filter: [3, 3, 16, 8], strides: 1, pad: 'valid' },
  { x: [2, 6, 11, 20], filter: [3, 1, 20, 9], strides: 1, pad: 'valid' },
  { x: [2, 5, 7, 4 * MAX_COL2IM_GROUPS], filter: [3, 3, 4 * MAX_COL2IM_GROUPS, 6], strides: 1, pad: 'valid' },
];
const col2imFallbacks: Conv2DCase[] = [
  { x: [2, 5, 7, 4 * MAX_COL2IM_GROUPS + 4], filter: [3, 3, 4 * MAX_COL2IM_GROUPS + 4, 3], strides: 1, pad: 'valid' },
  { x: [2, 7, 7, 6], filter: [3, 3, 6, 4], strides: 1, pad: 'valid' },
  { x: [2, 7, 8, 8], filter: [3, 3, 8, 4], strides: 1, pad: 'same' },
  { x: [2, 9, 8, 8], filter: [3, 3, 8, 4], strides: 2, pad: 'valid' },
];

describe('the stride-1 Conv2D input gradient as col2im(dy·Wᵀ) agrees with the cpu backend', () => {
  it('has its SIMD scatter-add for every group count here (else the cases below would test the convolution)', () => {
    for (let groups = 1; groups <= MAX_COL2IM_GROUPS; groups++) expect(wasmCol2imAddRows(groups, backendMemory(tf.backend()))).not.toBeNull();
  });
  it('takes the cases it applies to, and leaves the others (and the bench:engine CNN\'s shape is one it takes by the measured rule)', () => {
    onTestFinished(() => void setFastPathSwitches({ inputGradientPath: 'measured' }));
    setFastPathSwitches({ inputGradientPath: 'col2im' });
    for (const c of col2imCases) expect(col2imTakes(infoOf(c))).toBe(true);
    for (const c of col2imFallbacks) expect(col2imTakes(infoOf(c))).toBe(false);
    setFastPathSwitches({ inputGradientPath: 'measured' });
    const secondLayer = infoOf({ x: [64, 13, 13, 16], filter: [3, 3, 16, 32], strides: 1, pad: 'valid' });
    const largeMap = infoOf({ x: [64, 26, 26, 16], filter: [3, 3, 16, 32], strides: 1, pad: 'valid' });
    const fewSaved = infoOf({ x: [64, 30, 30, 16], filter: [2, 2, 16, 32], strides: 1, pad: 'valid' });
    expect([col2imTakes(secondLayer), col2imTakes(largeMap), col2imTakes(fewSaved)]).toEqual([true, true, false]);
    expect([col2imTakes(secondLayer, false), col2imTakes(largeMap, false)]).toEqual([true, false]);
    setFastPathSwitches({ inputGradientPath: 'convolution' });
    expect(col2imTakes(infoOf(col2imCases[0]!))).toBe(false);
  });
  const variants: [InputGradientPath, boolean][] = [['col2im', true], ['col2im', false], ['convolution', true]];
  for (const [path, chunked] of variants)
    for (const c of [...col2imCases, ...col2imFallbacks])
      it(`x ${c.x}, filter ${c.filter}, strides ${String(c.strides)}, pad ${c.pad}: dx (${path} path forced${path === 'col2im' ? `, cols ${chunked ? 'in chunks by the SIMD product' : 'by one XNNPACK product'}` : ''})`, () => {
        setFastPathSwitches({ inputGradientPath: path, chunkedConvProducts: chunked });
        onTestFinished(() => {
          setFastPathSwitches({ inputGradientPath: 'measured', chunkedConvProducts: true });
        });
        const outShape = tf.conv2d(tf.zeros<tf.Rank>(c.x) as tf.Tensor4D, tf.zeros<tf.Rank>(c.filter) as tf.Tensor4D, c.strides, c.pad).shape;
        const error = relativeErrorAgainstCpu(
          [() => randomTensor(c.x, 4), () => randomTensor(c.filter, 5), () => randomTensor(outShape, 6)],
          (x, w, dy) => [tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(input as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad), dy!)))(x!)],
        );
        expect(error).toBeLessThanOrEqual(1e-4);
      });
  it('leaves no buffers behind in the wasm heap', () => {
    setFastPathSwitches({ inputGradientPath: 'col2im' });
    onTestFinished(() => void setFastPathSwitches({ inputGradientPath: 'measured' }));
    const x = randomTensor([2, 9, 9, 8], 1) as tf.Tensor4D;
    const w = randomTensor([3, 3, 8, 4], 2) as tf.Tensor4D;
    const step = () => tf.dispose(tf.grad((a: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, w, 1, 'valid')))(x));
    step();
    const before = liveWasmBuffers();
    step();
    step();
    expect(liveWasmBuffers()).toBe(before);
    tf.dispose([x, w]);
  });
});

describe('fast depthwise input gradient (one XNNPACK depthwise convolution) agrees with the cpu backend', () => {
  const cases: { x: number[]; filter: number[]; strides: number; pad: 'same' | 'valid' }[] = [
    { x: [3, 9, 8, 6], filter: [3, 3, 6, 1], strides: 1, pad: 'same' },
    { x: [2, 7, 10, 5], filter: [3, 5, 5, 1], strides: 1, pad: 'valid' },
    // Cases the fast path leaves to the loop kernel: a multiplier, a stride.
    { x: [2, 7, 7, 3], filter: [3, 3, 3, 2], strides: 1, pad: 'same' },
    { x: [2, 9, 9, 4], filter: [3, 3, 4, 1], strides: 2, pad: 'same' },
  ];
  for (const c of cases)
    it(`x ${c.x}, filter ${c.filter}, strides ${c.strides}, pad ${c.pad}: output, dx and dW`, () => {
      const outShape = tf.depthwiseConv2d(tf.zeros<tf.Rank>(c.x) as tf.Tensor4D, tf.zeros<tf.Rank>(c.filter) as tf.Tensor4D, c.strides, c.pad).shape;
      const error = relativeErrorAgainstCpu(
        [() => randomTensor(c.x, 1), () => randomTensor(c.filter, 2), () => randomTensor(outShape, 3)],
        (x, w, dy) => {
          const conv = (input: tf.Tensor, filter: tf.Tensor) => tf.depthwiseConv2d(input as tf.Tensor4D, filter as tf.Tensor4D, c.strides, c.pad);
          const [dx, dw] = tf.grads((input: tf.Tensor, filter: tf.Tensor) => tf.sum(tf.mul(conv(input, filter), dy!)))([x!, w!]);
          return [conv(x!, w!), dx!, dw!];
        },
      );
      expect(error).toBeLessThanOrEqual(1e-4);
    });
});

describe('fast MaxPoolGrad agrees with the cpu backend', () => {
  it('has its SIMD kernel here (else the SIMD cases below would test the JS one)', () => {
    expect(simdMaxPoolGradRow(backendMemory(tf.backend()))).not.toBeNull();
  });

  const cases: { x: number[]; size: number | [number, number]; strides: number | [number, number]; pad: 'same' | 'valid' }[] = [
    { x: [2, 8, 8, 3], size: 2, strides: 2, pad: 'valid' },
    { x: [3, 7, 9, 2], size: 2, strides: 2, pad: 'same' },
    { x: [2, 9, 7, 4], size: 3, strides: 2, pad: 'same' },
    { x: [1, 6, 6, 5], size: 3, strides: 1, pad: 'valid' },
    { x: [2, 10, 9, 3], size: [3, 2], strides: [2, 1], pad: 'same' },
    // Channels in fours, 2×2 windows tiling the input: the SIMD kernel (max-pool-grad-simd.ts),
    // with an even size, an odd one (a row and a column no window covers) and 'same' on an even one.
    { x: [2, 8, 6, 4], size: 2, strides: 2, pad: 'valid' },
    { x: [3, 11, 9, 8], size: 2, strides: 2, pad: 'valid' },
    { x: [2, 6, 10, 12], size: 2, strides: 2, pad: 'same' },
  ];
  for (const c of cases)
    for (const ties of [false, true])
      it(`x ${c.x}, pool ${String(c.size)}, strides ${String(c.strides)}, pad ${c.pad}${ties ? ', with ties (ReLU zeros and repeated values)' : ''}`, () => {
        const outShape = tf.maxPool(tf.zeros<tf.Rank>(c.x) as tf.Tensor4D, c.size, c.strides, c.pad).shape;
        // Rounded to a few levels and clipped at 0, many windows hold equal maxima.
        const input = ties ? () => tf.relu(tf.round(randomTensor(c.x, 4, 2))) : () => randomTensor(c.x, 4);
        const error = relativeErrorAgainstCpu([input, () => randomTensor(outShape, 5)], (x, dy) => {
          const pool = (t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, c.size, c.strides, c.pad);
          return [pool(x!), tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pool(t), dy!)))(x!)];
        });
        expect(error).toBeLessThanOrEqual(1e-4);
      });
});

describe('fast Sum over all axes but the last agrees with the cpu backend', () => {
  it('for the bias gradient of a Conv2D, keepDims, negative axes, and the reductions it leaves to the stock kernel', () => {
    const error = relativeErrorAgainstCpu([() => randomTensor([3, 7, 5, 6], 6), () => randomTensor([6], 7)], (x, bias) => [
      tf.grad((b: tf.Tensor) => tf.sum(tf.mul(tf.add(x!, b), x!)))(bias!),
      tf.sum(x!, [0, 1, 2]),
      tf.sum(x!, [2, 0, -3], true),
      tf.sum(x!.reshape([105, 6]), 0),
      tf.sum(x!, [1, 2]),
      tf.sum(x!, -1),
      tf.sum(x!),
    ]);
    expect(error).toBeLessThanOrEqual(1e-4);
    expect(tf.sum(tf.ones([2, 3, 4]), [0, 1], true).shape).toEqual([1, 1, 4]);
    expect(tf.sum(tf.ones([4, 3], 'int32'), 0).dtype).toBe('int32');
  });
});

describe('fast row gather agrees with the cpu backend', () => {
  it('for rows of vectors and of matrices, with repeated ids, its gradient, and the cases left to the stock kernel', () => {
    const ids = () => tf.tensor2d([[1, 3, 3], [0, 9, 1], [2, 2, 2], [5, 6, 7]], [4, 3], 'int32');
    const error = relativeErrorAgainstCpu([() => randomTensor([10, 4], 1), () => randomTensor([10, 3, 2], 2), ids, () => randomTensor([4, 3, 4], 3)], (table, cube, id, dy) => [
      tf.gather(table!, id!),
      tf.gather(cube!, id!),
      tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, id!), dy!)))(table!),
      tf.gather(table!, tf.tensor1d([3, 0], 'int32'), 1),
      tf.gather(table!, tf.tensor1d([7], 'int32')),
    ]);
    expect(error).toBeLessThanOrEqual(1e-4);
    expect(tf.gather(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), tf.tensor1d([1, 1, 0], 'int32')).arraySync()).toEqual([[3, 4], [3, 4], [1, 2]]);
    expect(tf.gather(tf.tensor1d([5, 6, 7]), tf.tensor1d([2, 0], 'int32')).arraySync()).toEqual([7, 5]);
  });

  it('rejects ids outside the table, as the stock kernel does', () => {
    expect(() => tf.gather(tf.ones([3, 2]), tf.tensor1d([0, 3], 'int32'))).toThrow(/not in \[0, 2\]/);
  });
});

describe('training a CNN with the fast kernels', () => {
  /** Final loss of a few Adam steps on a small conv-pool-conv-pool-dense model, from a fixed seed. */
  function trainedLoss(fast: boolean): { first: number; last: number } {
    setFastPathSwitches({ fastConvKernels: fast });
    return tf.tidy(() => {
      const model = withSeededRandom(7, () =>
        tf.sequential({
          layers: [
            tf.layers.conv2d({ inputShape: [14, 14, 1], filters: 8, kernelSize: 3, activation: 'relu' }),
            tf.layers.maxPooling2d({ poolSize: 2 }),
            tf.layers.conv2d({ filters: 12, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' }),
            tf.layers.maxPooling2d({ poolSize: 2 }),
            tf.layers.flatten(),
            tf.layers.dense({ units: 5, activation: 'softmax' }),
          ],
        }),
      );
      const x = randomTensor([24, 14, 14, 1], 11).abs();
      const labels = tf.oneHot(tf.tensor1d(Array.from({ length: 24 }, (_, i) => (i * 7) % 5), 'int32'), 5);
      const optimizer = tf.train.adam(0.02);
      const losses: number[] = [];
      for (let step = 0; step < 15; step++) {
        const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor), true)!;
        losses.push(loss.dataSync()[0]!);
      }
      optimizer.dispose();
      model.dispose();
      return { first: losses[0]!, last: losses[losses.length - 1]! };
    });
  }

  it('reaches the same loss as the stock kernels (within 1 %) after a fixed number of steps', () => {
    const stock = trainedLoss(false);
    const stockKernel = tf.getKernel(tf.Conv2DBackpropInput, 'wasm')!.kernelFunc;
    const fast = trainedLoss(true);
    expect(tf.getKernel(tf.Conv2DBackpropInput, 'wasm')!.kernelFunc).not.toBe(stockKernel);
    expect(stock.last).toBeLessThan(stock.first * 0.9);
    expect(Math.abs(fast.first - stock.first) / stock.first).toBeLessThan(1e-4);
    expect(Math.abs(fast.last - stock.last) / stock.last).toBeLessThan(0.01);
  });

  it('and an Embedding model reach the same loss as the stock kernels (within 1 %)', () => {
    const trained = (fast: boolean) => {
      setFastPathSwitches({ fastConvKernels: fast });
      return tf.tidy(() => {
        const model = withSeededRandom(3, () =>
          tf.sequential({
            layers: [
              tf.layers.embedding({ inputDim: 40, outputDim: 8, inputLength: 6 }),
              tf.layers.flatten(),
              tf.layers.dense({ units: 3, activation: 'softmax' }),
            ],
          }),
        );
        const random = createRandom(5);
        const x = tf.tensor2d(Array.from({ length: 32 * 6 }, () => Math.floor(random() * 40)), [32, 6]);
        const labels = tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 3), 'int32'), 3);
        const optimizer = tf.train.adam(0.05);
        let first = 0;
        let last = 0;
        for (let step = 0; step < 15; step++) {
          last = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.apply(x) as tf.Tensor), true)!.dataSync()[0]!;
          if (step === 0) first = last;
        }
        optimizer.dispose();
        model.dispose();
        return { first, last };
      });
    };
    const stock = trained(false);
    const fast = trained(true);
    expect(stock.last).toBeLessThan(stock.first * 0.9);
    expect(Math.abs(fast.last - stock.last) / stock.last).toBeLessThan(0.01);
  });
});
