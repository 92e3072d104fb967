import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as custom from '.';
import { registerLayerClasses } from './register';

beforeAll(() => registerLayerClasses());

/**
 * Every class registered by register.ts, with a setting that exercises it. A model that
 * uses it must survive model.json + weights and predict the same afterwards, or an exported
 * model would not load (or would load and compute something else). A stand-in for a tfjs
 * class is saved under tfjs's name and loads back as ours.
 */
const EXAMPLES: Record<string, { config: Record<string, unknown>; inputShapes: number[][] }> = {
  NndEluWithAlpha: { config: { alpha: 0.4 }, inputShapes: [[6]] },
  NndLayerNormalization: { config: { axis: -1, epsilon: 1e-3 }, inputShapes: [[4, 6]] },
  NndGlobalAveragePooling1D: { config: { keepdims: true }, inputShapes: [[5, 3]] },
  NndGlobalMaxPooling1D: { config: { keepdims: true }, inputShapes: [[5, 3]] },
  NndGlobalAveragePooling2D: { config: { keepdims: true }, inputShapes: [[4, 4, 3]] },
  NndGlobalMaxPooling2D: { config: { keepdims: true }, inputShapes: [[4, 4, 3]] },
  NndConv2D: { config: { filters: 3, kernelSize: 3, dilationRate: 2, padding: 'same' }, inputShapes: [[7, 7, 2]] },
  NndDepthwiseConv2D: { config: { kernelSize: 3, dilationRate: 2, depthMultiplier: 2, padding: 'same' }, inputShapes: [[7, 7, 2]] },
  NndConv1D: { config: { filters: 3, kernelSize: 3, dilationRate: 2, padding: 'causal' }, inputShapes: [[9, 2]] },
  NndSeparableConv2D: { config: { filters: 4, kernelSize: 3, depthMultiplier: 2, padding: 'same' }, inputShapes: [[5, 5, 3]] },
  NndResetAfterGRU: { config: { units: 3, returnSequences: true }, inputShapes: [[4, 2]] },
  // tfjs writes the unset implementation (and unitForgetBias) as undefined, which JSON reads back as null.
  NndFastLSTM: { config: { units: 3, returnSequences: true, goBackwards: true, implementation: 2, unitForgetBias: true }, inputShapes: [[4, 2]] },
  NndFastGRU: { config: { units: 3, recurrentActivation: 'sigmoid', implementation: 2 }, inputShapes: [[4, 2]] },
  NndFastSimpleRNN: { config: { units: 3, activation: 'relu' }, inputShapes: [[4, 2]] },
  NndDotProductAttention: { config: { useScale: true, causal: true }, inputShapes: [[4, 3], [5, 3]] },
  NndMultiHeadAttention: { config: { numHeads: 2, keyDim: 3, valueDim: 4, causal: true }, inputShapes: [[5, 6], [5, 6]] },
  NndLearnedPositionalEmbedding: { config: { maxLength: 8 }, inputShapes: [[5, 3]] },
  NndSinusoidalPositionalEncoding: { config: { base: 100 }, inputShapes: [[5, 4]] },
  NndPatchEmbedding: { config: { patchSize: 2, embedDim: 5, classToken: true }, inputShapes: [[4, 6, 2]] },
  NndTakeStep: { config: { index: -1 }, inputShapes: [[5, 3]] },
  NndAdditiveAttention: { config: { causal: true }, inputShapes: [[4, 3], [4, 3]] },
};

/** Classes that are not layers of their own but are saved inside another class's example. */
const SAVED_INSIDE: Record<string, string> = {
  NndResetAfterGRUCell: 'NndResetAfterGRU',
};

type LayerClass = (new (config: Record<string, unknown>) => tf.layers.Layer) & { tfjsClassName?: string };

function registeredClass(className: string): LayerClass {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!entry) throw new Error(`${className} is not registered`);
  return entry[0] as unknown as LayerClass;
}

async function saveAndLoad(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  // Through text, as a model.json file on disk would go.
  const topology = JSON.parse(JSON.stringify(saved!.modelTopology)) as object;
  return tf.loadLayersModel(tf.io.fromMemory({ ...saved!, modelTopology: topology }));
}

// Layer classes only: initializers and other registered helpers are not models of their own.
const exported = Object.values(custom)
  .filter((cls) => typeof cls === 'function' && cls.prototype instanceof tf.layers.Layer)
  .map((cls) => (cls as unknown as { className: string }).className);

describe('custom tfjs layer classes', () => {
  it('every exported class has a round-trip example and is registered under its className', () => {
    expect(exported.filter((className) => !EXAMPLES[className] && !EXAMPLES[SAVED_INSIDE[className] ?? ''])).toEqual([]);
    for (const className of exported) expect(registeredClass(className)).toBeDefined();
  });

  for (const className of exported.filter((name) => EXAMPLES[name])) {
    const example = EXAMPLES[className]!;
    it(`${className} survives save and load and predicts the same`, async () => {
      const Layer = registeredClass(className);
      const inputs = example.inputShapes.map((shape) => tf.input({ shape }));
      // A Dense in front of each input, so the model has weights around the class under test too.
      const mixed = inputs.map((input, i) =>
        tf.layers.dense({ units: example.inputShapes[i]!.at(-1)!, name: `mix_${i}` }).apply(input) as tf.SymbolicTensor,
      );
      const output = new Layer({ ...example.config, name: 'under_test' }).apply(mixed.length === 1 ? mixed[0]! : mixed) as tf.SymbolicTensor;
      const model = tf.model({ inputs, outputs: output });

      const loaded = await saveAndLoad(model);
      expect(loaded.getLayer('under_test')).toBeInstanceOf(Layer);
      expect(loaded.getLayer('under_test').getClassName()).toBe(Layer.tfjsClassName ?? className);
      expect(loaded.getLayer('under_test').getConfig()).toEqual(model.getLayer('under_test').getConfig());

      const xs = example.inputShapes.map((shape, i) => tf.randomNormal([5, ...shape], 0, 3, 'float32', 7 + i));
      const before = Array.from((model.predict(xs) as tf.Tensor).dataSync());
      const after = Array.from((loaded.predict(xs) as tf.Tensor).dataSync());
      expect(after.length).toBe(before.length);
      const maxDiff = before.reduce((m, v, i) => Math.max(m, Math.abs(v - after[i]!)), 0);
      expect(maxDiff).toBeLessThanOrEqual(1e-6);
    });
  }
});
