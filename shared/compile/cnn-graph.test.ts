import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compileGraph } from './compile';
import { addNode, connect } from '../graph/actions';
import { analyzeGraph } from '../graph/analyze';
import { emptyDocument, type GraphDocument } from '../graph/document';
import { catalog } from '../layers';
import { tfjsCatalog } from '../layers/tfjs-catalog';

/** A chain of layers, each fed by the one before, named by Keras-style defaults. */
function chain(name: string, layers: { type: string; params?: Record<string, unknown> }[]): GraphDocument {
  let doc = emptyDocument(name);
  let previous: string | undefined;
  for (const layer of layers) {
    doc = addNode(doc, { type: layer.type, params: layer.params ?? {} });
    const id = doc.nodes[doc.nodes.length - 1]!.id;
    if (previous) doc = connect(doc, { source: previous, target: id });
    previous = id;
  }
  return doc;
}

/** 8×8 images holding one vertical (class 0) or horizontal (class 1) bar, seeded. */
function bars(count: number, seed: number): { x: tf.Tensor4D; y: tf.Tensor2D } {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pixels = new Float32Array(count * 64);
  const labels = new Float32Array(count * 2);
  for (let n = 0; n < count; n++) {
    const horizontal = n % 2;
    const at = 1 + Math.floor(random() * 6);
    for (let i = 0; i < 8; i++) pixels[n * 64 + (horizontal ? at * 8 + i : i * 8 + at)] = 1;
    for (let p = 0; p < 64; p++) pixels[n * 64 + p]! += 0.1 * random();
    labels[n * 2 + horizontal] = 1;
  }
  return { x: tf.tensor4d(pixels, [count, 8, 8, 1]), y: tf.tensor2d(labels, [count, 2]) };
}

describe('convolution kinds in a graph', () => {
  it('a small CNN built from the catalog learns vertical from horizontal bars', async () => {
    const doc = chain('bars', [
      { type: 'Input', params: { shape: [8, 8, 1] } },
      { type: 'Conv2D', params: { filters: 4, kernelSize: [3, 3], padding: 'same', activation: 'relu' } },
      { type: 'MaxPooling2D' },
      { type: 'Conv2D', params: { filters: 8, kernelSize: [3, 3], activation: 'relu' } },
      { type: 'GlobalAveragePooling2D' },
      { type: 'Dense', params: { units: 2, activation: 'softmax' } },
    ]);
    const { model, analysis } = compileGraph(doc, tfjsCatalog);
    expect(analysis.nodes.get('global_average_pooling2d_1')!.outputShapes).toEqual([[null, 8]]);
    expect(analysis.totals.total).toBe(model.countParams());

    const train = bars(32, 3);
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    await model.fit(train.x, train.y, { epochs: 30, batchSize: 32, shuffle: false, verbose: 0 });
    const test = bars(32, 99);
    const [, accuracy] = model.evaluate(test.x, test.y) as tf.Scalar[];
    expect(accuracy!.dataSync()[0]).toBeGreaterThanOrEqual(0.9);
  });

  it('every Layers-A kind compiles in one graph whose shapes match what tfjs builds', () => {
    const doc = chain('everything', [
      { type: 'Input', params: { shape: [64] } },
      { type: 'Reshape', params: { targetShape: [8, 8, 1] } },
      { type: 'ZeroPadding2D', params: { padding: [[1, 0], [0, 1]] } },
      { type: 'Conv2D', params: { filters: 4, kernelSize: [3, 3], dilationRate: [2, 2] } },
      { type: 'Activation', params: { activation: 'leakyRelu', alpha: 0.2 } },
      { type: 'DepthwiseConv2D', params: { kernelSize: [3, 3], depthMultiplier: 2, padding: 'same' } },
      { type: 'SeparableConv2D', params: { filters: 6, kernelSize: [3, 3], padding: 'same' } },
      { type: 'UpSampling2D', params: { size: [2, 2] } },
      { type: 'Conv2DTranspose', params: { filters: 3, kernelSize: [3, 3], strides: [2, 2], padding: 'same' } },
      { type: 'AveragePooling2D', params: { poolSize: [4, 4] } },
      { type: 'MaxPooling2D', params: { poolSize: [2, 2], padding: 'same' } },
      { type: 'GlobalMaxPooling2D' },
      { type: 'RepeatVector', params: { n: 5 } },
      { type: 'Conv1D', params: { filters: 4, kernelSize: 2 } },
      { type: 'MaxPooling1D', params: { poolSize: 2 } },
      { type: 'Permute', params: { dims: [2, 1] } },
      { type: 'AveragePooling1D', params: { poolSize: 2, padding: 'same' } },
      { type: 'Dropout', params: { rate: 0.2 } },
      { type: 'Flatten' },
      { type: 'Reshape', params: { targetShape: [-1, 2] } },
      { type: 'GlobalAveragePooling1D' },
      { type: 'Activation', params: { activation: 'softmax' } },
    ]);
    const { model, analysis } = compileGraph(doc, tfjsCatalog);
    for (const layer of model.layers) {
      const ours = analysis.nodes.get(doc.nodes.find((n) => n.name === layer.name)!.id)!.outputShapes[0];
      expect([layer.name, ours]).toEqual([layer.name, layer.outputShape]);
    }
    expect(analysis.totals.total).toBe(model.countParams());
    const y = model.predict(tf.ones([3, 64])) as tf.Tensor;
    expect(y.shape).toEqual([3, 2]);
  });

  it('the validator reports a convolution on flat data at the node, with the fix', () => {
    const doc = chain('flat', [
      { type: 'Input', params: { shape: [784] } },
      { type: 'Conv2D', params: { filters: 8 } },
      { type: 'Flatten' },
      { type: 'Dense', params: { units: 10, activation: 'softmax' } },
    ]);
    const problems = analyzeGraph(doc, catalog).problems.filter((p) => p.code === 'shape-mismatch');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      nodeId: 'conv2d_1',
      port: 'in',
      message: expect.stringContaining('Conv2D expects a 4-D input [batch, height, width, channels] but gets [batch, 784] — add a Reshape to [28, 28, 1] before it'),
    });
  });
});
