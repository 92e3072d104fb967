import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../..';
import { registerLayerClasses } from '../../custom';
import { DotProductAttention } from './dot-product-attention';

beforeAll(() => registerLayerClasses());

type Matrix = number[][];

/** The textbook computation, one batch item at a time, in plain numbers. */
function reference(query: Matrix, value: Matrix, key: Matrix = value, opts: { scale?: number; causal?: boolean; valueMask?: boolean[]; queryMask?: boolean[] } = {}): Matrix {
  const scale = opts.scale ?? 1;
  return query.map((q, i) => {
    const allowed = key.map((_, j) => (opts.valueMask ? opts.valueMask[j]! : true) && (!opts.causal || j <= i));
    const scores = key.map((k, j) => (allowed[j] ? scale * q.reduce((s, qd, d) => s + qd * k[d]!, 0) : -Infinity));
    const top = Math.max(...scores);
    const exps = scores.map((s) => (s === -Infinity ? 0 : Math.exp(s - top)));
    const total = exps.reduce((a, b) => a + b, 0);
    const out = value[0]!.map((_, d) => value.reduce((s, v, j) => s + (exps[j]! / total) * v[d]!, 0));
    return opts.queryMask && !opts.queryMask[i] ? out.map(() => 0) : out;
  });
}

function random(shape: [number, number, number], seed: number): tf.Tensor3D {
  return tf.randomUniform(shape, -1.5, 1.5, 'float32', seed) as tf.Tensor3D;
}

function expectClose(actual: tf.Tensor, expected: Matrix[]) {
  const got = actual.arraySync() as Matrix[];
  expect(got.length).toBe(expected.length);
  got.forEach((item, b) => item.forEach((row, i) => row.forEach((v, d) => expect(v).toBeCloseTo(expected[b]![i]![d]!, 5))));
}

describe('DotProductAttention computes softmax(Q·Kᵀ)·V', () => {
  it('over [query, value], the value acting as key', () => {
    const q = random([2, 3, 4], 1);
    const v = random([2, 5, 4], 2);
    const layer = new DotProductAttention({});
    const out = layer.apply([q, v]) as tf.Tensor;
    expect(out.shape).toEqual([2, 3, 4]);
    const qs = q.arraySync();
    const vs = v.arraySync();
    expectClose(out, qs.map((qb, b) => reference(qb, vs[b]!)));
  });

  it('with a separate key and a learned scale', () => {
    const q = random([1, 4, 3], 3);
    const v = random([1, 6, 2], 4);
    const k = random([1, 6, 3], 5);
    const layer = new DotProductAttention({ useScale: true });
    layer.apply([q, v, k]);
    expect(layer.getWeights().map((w) => w.shape)).toEqual([[]]);
    layer.setWeights([tf.scalar(0.5)]);
    const out = layer.apply([q, v, k]) as tf.Tensor;
    expect(out.shape).toEqual([1, 4, 2]);
    expectClose(out, [reference(q.arraySync()[0]!, v.arraySync()[0]!, k.arraySync()[0]!, { scale: 0.5 })]);
  });

  it('causal: step i never looks past step i', () => {
    const x = random([1, 5, 3], 6);
    const out = new DotProductAttention({ causal: true }).apply([x, x]) as tf.Tensor;
    const xs = x.arraySync()[0]!;
    expectClose(out, [reference(xs, xs, xs, { causal: true })]);
    // The first step can only attend to itself.
    expect((out.arraySync() as Matrix[])[0]![0]![0]).toBeCloseTo(xs[0]![0]!, 5);
  });

  it('honours Embedding padding masks like Keras: padded values ignored, padded query rows zero', () => {
    const ids = tf.input({ shape: [5], dtype: 'int32' });
    const embedding = tf.layers.embedding({ inputDim: 10, outputDim: 3, maskZero: true });
    const embedded = embedding.apply(ids) as tf.SymbolicTensor;
    const attended = new DotProductAttention({}).apply([embedded, embedded]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: ids, outputs: attended });
    const batch = [[4, 2, 7, 0, 0]];
    const out = model.predict(tf.tensor2d(batch, [1, 5], 'int32')) as tf.Tensor;
    const table = embedding.getWeights()[0]!.arraySync() as Matrix;
    const x = batch[0]!.map((id) => table[id]!);
    const mask = batch[0]!.map((id) => id !== 0);
    expectClose(out, [reference(x, x, x, { valueMask: mask, queryMask: mask })]);
  });

  it('drops attention weights only while training', () => {
    const x = random([1, 4, 3], 7);
    const layer = new DotProductAttention({ dropout: 0.5 });
    const inference = layer.apply([x, x]) as tf.Tensor;
    expectClose(inference, [reference(x.arraySync()[0]!, x.arraySync()[0]!)]);
    const training = layer.call([x, x], { training: true });
    expect(tf.max(tf.abs(tf.sub(training, inference))).dataSync()[0]).toBeGreaterThan(1e-3);
  });
});

describe('the Attention kind', () => {
  const kind = catalog.kind('Attention')!;

  it('reads Keras 2 and Keras 3 configs and refuses additive scores', () => {
    const keras2 = { name: 'attention', trainable: true, dtype: 'float32', causal: false, dropout: 0.0, use_scale: false };
    expect(kind.keras!.fromConfig(keras2, catalog, 'Attention')).toEqual({ useScale: false, causal: false, dropout: 0 });
    const keras3 = { name: 'attention', trainable: true, dtype: { class_name: 'DTypePolicy', config: { name: 'float32' } }, use_scale: true, score_mode: 'dot', dropout: 0.1, seed: null };
    expect(kind.keras!.fromConfig(keras3, catalog, 'Attention')).toEqual({ useScale: true, causal: false, dropout: 0.1 });
    expect(() => kind.keras!.fromConfig({ ...keras3, score_mode: 'concat' }, catalog, 'Attention')).toThrow(/score_mode="concat" is not supported/);
  });

  it('explains mismatched query and key features', () => {
    const p = catalog.resolveParams('Attention', {});
    if (!p.success) throw new Error(p.error);
    const result = kind.inferShape([[null, 5, 8], [null, 7, 4]], p.params, catalog);
    expect(result).toMatchObject({ ok: false, port: 'value' });
    expect(!result.ok && result.message).toMatch(/same number of features, but the query is \[batch, 5, 8\] and the value \(used as key\) is \[batch, 7, 4\]/);
    expect(kind.inferShape([[null, 8]], p.params, catalog)).toMatchObject({ ok: false, port: 'value' });
  });

});
