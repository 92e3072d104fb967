import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FastLayerNormalization } from '.';
import { registerLayerClasses } from './register';

beforeAll(() => registerLayerClasses());

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

/** Our layer and tfjs's, built on the same input with the same (non-trivial) gamma and beta. */
function pair(shape: number[], options: { axis?: number; center?: boolean; scale?: boolean; epsilon?: number }) {
  const ours = new FastLayerNormalization({ ...options, name: 'ours' });
  const reference = tf.layers.layerNormalization({ ...options, name: 'reference' });
  const input = tf.input({ shape: shape.slice(1) });
  ours.apply(input);
  reference.apply(input);
  const weights = reference.getWeights().map((w, i) => tf.randomNormal(w.shape, 1, 0.5, 'float32', 7 + i));
  reference.setWeights(weights);
  ours.setWeights(weights);
  return { ours, reference };
}

describe('FastLayerNormalization computes what tfjs LayerNormalization computes', () => {
  const settings = [
    { shape: [4, 6], options: {} },
    { shape: [3, 5, 8], options: { epsilon: 1e-5 } },
    { shape: [2, 3, 4, 5], options: { center: false } },
    { shape: [3, 7], options: { scale: false } },
    { shape: [2, 6, 3], options: { axis: 1 } },
  ];
  for (const { shape, options } of settings) {
    it(`on ${JSON.stringify(shape)} with ${JSON.stringify(options)}`, () => {
      const { ours, reference } = pair(shape, options);
      const x = tf.randomNormal(shape, 3, 2, 'float32', 11);
      const diff = maxAbsDiff(ours.apply(x) as tf.Tensor, reference.apply(x) as tf.Tensor);
      expect(diff).toBeLessThanOrEqual(1e-5);
      // The check is only meaningful when the output is not a constant both could get right.
      expect(tf.moments(ours.apply(x) as tf.Tensor).variance.dataSync()[0]).toBeGreaterThan(0.1);
    });
  }

  it('keeps Keras weight names so Keras and tfjs weights load into it', () => {
    const layer = new FastLayerNormalization({ name: 'weight_names_probe' });
    layer.apply(tf.input({ shape: [4] }));
    expect(layer.weights.map((w) => w.name)).toEqual(['weight_names_probe/gamma', 'weight_names_probe/beta']);
  });

  it('trains: gradients flow to gamma and beta', () => {
    const input = tf.input({ shape: [4] });
    const model = tf.model({ inputs: input, outputs: new FastLayerNormalization({ name: 'ln' }).apply(input) as tf.SymbolicTensor });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const before = model.getWeights().map((w) => w.arraySync());
    const x = tf.randomNormal([8, 4], 0, 1, 'float32', 3);
    const y = tf.randomNormal([8, 4], 0.5, 1, 'float32', 4);
    return model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 }).then(() => {
      const after = model.getWeights().map((w) => w.arraySync());
      expect(after).not.toEqual(before);
    });
  });
});

describe('a model with FastLayerNormalization saves and loads back', () => {
  it('through model.json + weights with equal predictions', async () => {
    const input = tf.input({ shape: [5, 6] });
    const hidden = tf.layers.dense({ units: 6, name: 'dense' }).apply(input) as tf.SymbolicTensor;
    const normalized = new FastLayerNormalization({ name: 'norm', epsilon: 1e-5 }).apply(hidden) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: normalized });
    model.layers[2]!.setWeights([tf.randomNormal([6], 1, 0.3, 'float32', 1), tf.randomNormal([6], 0, 0.3, 'float32', 2)]);

    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const topology = JSON.stringify(saved!.modelTopology);
    expect(topology).toContain('"class_name":"NndLayerNormalization"');

    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.randomNormal([3, 5, 6], 0, 2, 'float32', 5);
    expect(maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBeLessThanOrEqual(1e-6);
    expect(loaded.layers[2]).toBeInstanceOf(FastLayerNormalization);
  });
});
