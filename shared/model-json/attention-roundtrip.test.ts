import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../layers';
import { registerLayerClasses } from '../layers/custom';
import { tfjsCatalog } from '../layers/tfjs-catalog';
import { exportLayersModel } from './export';
import { loadLayersModelFromFiles } from './load';

beforeAll(() => registerLayerClasses());

describe('the Attention kind in model.json', () => {
  const kind = catalog.kind('Attention')!;

  it('saves to model.json and loads back in tfjs with the same predictions', async () => {
    const input = tf.input({ shape: [4, 3] });
    const layer = tfjsCatalog.build(kind.type, { useScale: true, causal: true, dropout: 0 }, 'attention', []);
    const model = tf.model({ inputs: input, outputs: layer.apply([input, input]) as tf.SymbolicTensor });
    layer.setWeights([tf.scalar(1.7)]);
    const { modelJson, weightData } = await exportLayersModel(model);
    const loaded = await loadLayersModelFromFiles(JSON.parse(JSON.stringify(modelJson)), [weightData]);
    const x = tf.randomUniform([2, 4, 3], -1.5, 1.5, 'float32', 8);
    const diff = tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor))).dataSync()[0]!;
    expect(diff).toBeLessThanOrEqual(1e-6);
    expect(loaded.getLayer('attention').getWeights()[0]!.dataSync()[0]).toBeCloseTo(1.7, 6);
  });
});
