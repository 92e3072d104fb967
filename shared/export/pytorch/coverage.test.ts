import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../compile/compile';
import { catalog } from '../../layers';
import { kindPytorchEmitters } from '../../layers/kinds-export.generated';
import { tfjsCatalog } from '../../layers/tfjs-catalog';
import { layerWeights } from '../common/layer-weights';
import { EXPORT_TEST_GRAPHS } from '../test-graphs';
import { pytorchModelSource } from './model-py';
import { decodeTorchWeights, encodeTorchWeights, tfjsWeightsFromTorch, torchWeightsFromTfjs } from './weights';

tf.enableProdMode();

describe('PyTorch export coverage', () => {
  it('the test graphs use every exported kind', () => {
    const used = new Set(EXPORT_TEST_GRAPHS.flatMap((doc) => doc.nodes.flatMap((n) => [n.type, (n.params.layer as { type?: string } | undefined)?.type ?? n.type])));
    expect(kindPytorchEmitters.map((e) => e.type).filter((type) => !used.has(type))).toEqual([]);
  });
});

describe('PyTorch weights', () => {
  const compiled = EXPORT_TEST_GRAPHS.map((doc) => ({ doc, ...compileGraph(doc, tfjsCatalog) }));
  afterAll(() => compiled.forEach((c) => c.model.dispose()));

  it('convert to PyTorch and back to exactly the tfjs weights, through weights.bin', () => {
    for (const { doc, analysis, layers } of compiled) {
      const { weightPlan } = pytorchModelSource(doc, analysis, catalog);
      const tensors = torchWeightsFromTfjs(weightPlan, (id) => layerWeights(layers.get(id)!));
      const { manifest, bin } = encodeTorchWeights(tensors, 'initial');
      const decoded = decodeTorchWeights(manifest, bin);
      const back = tfjsWeightsFromTorch(weightPlan, decoded, (id) => layers.get(id)!.weights.map((w) => ({ name: w.originalName, shape: w.shape as number[] })));
      for (const plan of weightPlan) {
        const original = layerWeights(layers.get(plan.nodeId)!);
        const restored = back.get(plan.nodeId)!;
        expect(restored.map((t) => t.shape)).toEqual(original.map((w) => w.tensor.shape));
        restored.forEach((t, i) => expect(Array.from(t.data)).toEqual(Array.from(original[i]!.tensor.data)));
      }
    }
  });

  it('a Dense kernel is transposed and a GRU gate order is z, r, h → r, z, n', () => {
    const gruDoc = EXPORT_TEST_GRAPHS.find((d) => d.name === 'sequences')!;
    const { analysis } = compiled.find((c) => c.doc === gruDoc)!;
    const plan = pytorchModelSource(gruDoc, analysis, catalog).weightPlan.find((p) => p.attr === 'gru')!;
    expect(plan.weights.find((w) => w.key === 'weight_ih')!.steps).toEqual([
      { op: 'transpose', perm: [1, 0] },
      { op: 'reorder', order: [1, 0, 2] },
    ]);
  });
});
