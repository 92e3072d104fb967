import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../shared/data/dataset';
import { catalog } from '../../../shared/layers';
import { registerLayerClasses } from '../../../shared/layers/custom';
import { tfjsCatalog } from '../../../shared/layers/tfjs-catalog';
import { runTorchScript, shouldRunTorchTests } from '../../torch/run-torch';

/**
 * Our graph layers against the same layers written in PyTorch with torch's own scatter-add
 * and scatter-max (gnn_reference.py beside this file): same graph, same weights, outputs
 * and weight gradients equal to 1e-4. Runs on the cpu backend and on wasm with the
 * worker's kernels, the backend training uses here.
 */
const SCRIPT = fileURLToPath(new URL('./gnn_reference.py', import.meta.url));
const TOLERANCE = 1e-4;
const N = 12;
const F = 5;

type Nested = number | Nested[];

function randomGraph(seed: number): number[][] {
  const random = createRandom(seed);
  const edges: number[][] = [];
  // Node 11 receives no edge (an empty aggregation); two edges repeat (a multigraph).
  while (edges.length < 38) {
    const s = Math.floor(random() * N);
    const d = Math.floor(random() * (N - 1));
    if (s !== d) edges.push([s, d]);
  }
  edges.push([3, 4], [3, 4]);
  return edges;
}

const CASES: { type: string; params: Record<string, unknown> }[] = [
  { type: 'GCNConv', params: { units: 4, activation: 'linear' } },
  { type: 'GCNConv', params: { units: 3, activation: 'linear', selfLoops: false } },
  { type: 'SAGEConv', params: { units: 4, activation: 'linear' } },
  { type: 'GATConv', params: { units: 3, heads: 2, concatHeads: true, activation: 'linear' } },
  { type: 'GATConv', params: { units: 3, heads: 3, concatHeads: false, activation: 'linear', negativeSlope: 0.1 } },
  { type: 'MessagePassing', params: { units: 4, message: 'linear', messageUnits: 3, aggregate: 'max', activation: 'relu' } },
];

function maxAbsDiff(a: Nested, b: Nested): number {
  if (typeof a === 'number' || typeof b === 'number') return Math.abs((a as number) - (b as number));
  expect(a.length).toBe(b.length);
  return a.reduce<number>((m, x, i) => Math.max(m, maxAbsDiff(x, b[i]!)), 0);
}

function ourCase(c: (typeof CASES)[number], index: number) {
  const resolved = catalog.resolveParams(c.type, c.params);
  if (!resolved.success) throw new Error(resolved.error);
  const params = resolved.params;
  const layer = tfjsCatalog.build(c.type, params, `${c.type.toLowerCase()}_${index}`, []);
  const edges = randomGraph(index + 1);
  const x = tf.randomNormal([N, F], 0, 1, 'float32', 100 + index);
  const edgeTensor = tf.tensor2d(edges, [edges.length, 2], 'int32');
  layer.apply([x, edgeTensor]);
  const weights = layer.weights.map((w, i) => tf.randomNormal(w.shape as number[], 0, 0.5, 'float32', 200 + 10 * index + i));
  layer.setWeights(weights);
  const out = layer.apply([x, edgeTensor]) as tf.Tensor;
  const upstream = tf.randomNormal(out.shape, 0, 1, 'float32', 300 + index);
  // A LayerVariable reads as the tf.Variable it wraps.
  const variables = layer.trainableWeights.map((w) => w.read() as tf.Variable);
  const { grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply([x, edgeTensor]) as tf.Tensor, upstream)) as tf.Scalar, variables);
  const names = layer.trainableWeights.map((w) => w.originalName.slice(layer.name.length + 1));
  return {
    input: {
      type: c.type,
      ...params,
      x: x.arraySync(),
      edges,
      upstream: upstream.arraySync(),
      weights: Object.fromEntries(names.map((name, i) => [name, weights[i]!.arraySync()])),
    },
    ours: {
      output: out.arraySync() as Nested,
      gradients: Object.fromEntries(names.map((name, i) => [name, grads[variables[i]!.name]!.arraySync() as Nested])),
    },
  };
}

const runTorch = shouldRunTorchTests();

describe.skipIf(!runTorch)('graph layers match PyTorch (torch scatter-add / scatter-max) to 1e-4', () => {
  for (const backend of ['cpu', 'wasm'] as const)
    it(`outputs and weight gradients on the ${backend} backend`, async () => {
      registerLayerClasses();
      if (backend === 'wasm') {
        const { selectBackend } = await import('../backend');
        const { registerFastPath } = await import('../fast-path');
        await registerFastPath();
        await selectBackend('wasm');
      } else await tf.setBackend('cpu');
      const cases = CASES.map(ourCase);
      const torch = runTorchScript<{ output: Nested; gradients: Record<string, Nested> }[]>(SCRIPT, cases.map((c) => c.input));
      cases.forEach((c, i) => {
        const label = `${CASES[i]!.type} ${JSON.stringify(CASES[i]!.params)}`;
        expect(maxAbsDiff(c.ours.output, torch[i]!.output), `${label} output`).toBeLessThan(TOLERANCE);
        expect(Object.keys(torch[i]!.gradients).sort(), label).toEqual(Object.keys(c.ours.gradients).sort());
        for (const [name, grad] of Object.entries(c.ours.gradients))
          expect(maxAbsDiff(grad, torch[i]!.gradients[name]!), `${label} d/d${name}`).toBeLessThan(TOLERANCE);
      });
    });
});
