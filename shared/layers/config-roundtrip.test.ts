import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '.';
import { registerLayerClasses } from './custom';
import { tfjsCatalog } from './tfjs-catalog';
import type { Shape } from './types';

beforeAll(() => registerLayerClasses());

/**
 * What we export must import back unchanged: tfjs writes the config of each activation,
 * reshaping, convolution, pooling and padding layer into model.json, and the kind's Keras
 * mapping must read that config back to the same params.
 */
const settings: { type: string; params: Record<string, unknown>; inputs: Shape[] }[] = [
  ...['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'swish', 'mish', 'gelu'].map((activation) => ({
    type: 'Activation',
    params: { activation },
    inputs: [[null, 4]],
  })),
  { type: 'Activation', params: { activation: 'leakyRelu', alpha: 0.1 }, inputs: [[null, 4]] },
  { type: 'Activation', params: { activation: 'elu', alpha: 0.4 }, inputs: [[null, 4]] },
  { type: 'Dropout', params: { rate: 0.25 }, inputs: [[null, 4]] },
  { type: 'Flatten', params: {}, inputs: [[null, 3, 4]] },
  { type: 'Reshape', params: { targetShape: [2, 6] }, inputs: [[null, 3, 4]] },
  { type: 'Permute', params: { dims: [2, 1] }, inputs: [[null, 3, 4]] },
  { type: 'RepeatVector', params: { n: 5 }, inputs: [[null, 4]] },
  { type: 'Conv1D', params: { filters: 3, kernelSize: 5, strides: 2, padding: 'same', activation: 'relu', useBias: false, kernelInitializer: 'heNormal' }, inputs: [[null, 20, 2]] },
  { type: 'Conv1D', params: { filters: 3, kernelSize: 3, dilationRate: 2 }, inputs: [[null, 20, 2]] },
  { type: 'Conv1D', params: { filters: 3, kernelSize: 3, dilationRate: 2, padding: 'causal' }, inputs: [[null, 20, 2]] },
  { type: 'Conv2D', params: { filters: 4, kernelSize: [3, 5], strides: [2, 1], padding: 'same', activation: 'tanh', kernelInitializer: 'leCunNormal' }, inputs: [[null, 9, 9, 2]] },
  { type: 'Conv2D', params: { filters: 4, kernelSize: [3, 3], dilationRate: [2, 2], useBias: false }, inputs: [[null, 9, 9, 2]] },
  { type: 'Conv2DTranspose', params: { filters: 2, kernelSize: [4, 4], strides: [2, 2], padding: 'same', activation: 'sigmoid' }, inputs: [[null, 5, 5, 3]] },
  { type: 'DepthwiseConv2D', params: { kernelSize: [3, 3], strides: [2, 2], depthMultiplier: 2, useBias: false, depthwiseInitializer: 'heUniform' }, inputs: [[null, 9, 9, 3]] },
  { type: 'DepthwiseConv2D', params: { kernelSize: [3, 3], dilationRate: [2, 2], padding: 'same' }, inputs: [[null, 9, 9, 3]] },
  {
    type: 'SeparableConv2D',
    params: { filters: 6, kernelSize: [3, 3], dilationRate: [2, 2], depthMultiplier: 2, activation: 'relu', },
    inputs: [[null, 9, 9, 3]],
  },
  { type: 'MaxPooling1D', params: { poolSize: 3, strides: 1, padding: 'same' }, inputs: [[null, 9, 2]] },
  { type: 'AveragePooling1D', params: { poolSize: 2 }, inputs: [[null, 9, 2]] },
  { type: 'MaxPooling2D', params: { poolSize: [3, 3], strides: [2, 2] }, inputs: [[null, 9, 9, 2]] },
  { type: 'AveragePooling2D', params: { poolSize: [2, 2], padding: 'same' }, inputs: [[null, 9, 9, 2]] },
  { type: 'GlobalAveragePooling1D', params: {}, inputs: [[null, 9, 2]] },
  { type: 'GlobalMaxPooling1D', params: {}, inputs: [[null, 9, 2]] },
  { type: 'GlobalAveragePooling2D', params: {}, inputs: [[null, 9, 9, 2]] },
  { type: 'GlobalMaxPooling2D', params: {}, inputs: [[null, 9, 9, 2]] },
  { type: 'GlobalAveragePooling2D', params: { keepDims: true }, inputs: [[null, 9, 9, 2]] },
  { type: 'GlobalMaxPooling1D', params: { keepDims: true }, inputs: [[null, 9, 2]] },
  { type: 'ZeroPadding2D', params: { padding: [[1, 2], [0, 3]] }, inputs: [[null, 5, 5, 1]] },
  { type: 'UpSampling2D', params: { size: [2, 3], interpolation: 'bilinear' }, inputs: [[null, 5, 5, 1]] },
];

/** Both sides with defaults filled in; a padding written in short form reads back in long form. */
function resolved(type: string, params: Record<string, unknown>): Record<string, unknown> {
  const r = catalog.resolveParams(type, params);
  if (!r.success) throw new Error(r.error);
  return r.params;
}

describe('configs tfjs writes for our layers read back to the same params', () => {
  for (const s of settings) {
    it(`${s.type} ${JSON.stringify(s.params)}`, () => {
      const params = resolved(s.type, s.params);
      const inputs = s.inputs.map((shape) => tf.input({ batchShape: shape }));
      const layer = tfjsCatalog.build(s.type, params, `roundtrip_${s.type.toLowerCase()}`, s.inputs);
      const model = tf.model({ inputs, outputs: layer.apply(inputs[0]!) as tf.SymbolicTensor });
      const json = model.toJSON(null, false) as { config: { layers: { class_name: string; config: Record<string, unknown> }[] } };
      const written = json.config.layers.find((l) => l.class_name !== 'InputLayer')!;

      const kind = catalog.forKerasClass(written.class_name);
      expect(kind?.type).toBe(s.type);
      const readBack = kind!.keras!.fromConfig(written.config, catalog, written.class_name);
      expect(resolved(s.type, readBack)).toEqual(params);
    });
  }
});

/** Saves through model.json + weights (via text, as on disk) and loads back with tfjs. */
async function saveAndLoad(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const topology = JSON.parse(JSON.stringify(saved!.modelTopology)) as object;
  return tf.loadLayersModel(tf.io.fromMemory({ ...saved!, modelTopology: topology }));
}

describe('tfjs reloads what it wrote for our layers and predicts the same', () => {
  for (const s of settings) {
    it(`${s.type} ${JSON.stringify(s.params)}`, async () => {
      const params = resolved(s.type, s.params);
      const input = tf.input({ batchShape: s.inputs[0]! });
      const layer = tfjsCatalog.build(s.type, params, 'under_test', s.inputs);
      const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
      const loaded = await saveAndLoad(model);
      expect(loaded.countParams()).toBe(model.countParams());

      const x = tf.randomNormal([2, ...(s.inputs[0]!.slice(1) as number[])], 0, 2, 'float32', 11);
      const before = Array.from((model.predict(x) as tf.Tensor).dataSync());
      const after = Array.from((loaded.predict(x) as tf.Tensor).dataSync());
      expect(after.length).toBe(before.length);
      expect(before.reduce((m, v, i) => Math.max(m, Math.abs(v - after[i]!)), 0)).toBeLessThanOrEqual(1e-6);
    });
  }
});
