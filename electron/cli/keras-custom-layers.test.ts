import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { createRandom } from '../../shared/data/dataset';
import { kerasLayer, kerasModelSource } from '../../shared/export/keras/model-py';
import { EXPORT_TEST_GRAPHS } from '../../shared/export/test-graphs';
import { catalog } from '../../shared/layers';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { declaredInputRoles } from '../../shared/layers/graph/roles';
import { pythonForTests, runPython } from '../pytorch/testing';

tf.enableProdMode();

/**
 * Keras is not installed here, so the Keras exports of our own layers (graph layers,
 * PatchEmbedding, AdditiveAttention) are checked by running their classes from model.py
 * under a stand-in `keras` module whose ops are numpy (each the documented meaning of the
 * Keras 3 op of that name): same weights, same inputs, the tfjs layer's outputs to 1e-4.
 * This checks the classes' own arithmetic and weight order, not Keras itself.
 */
const KERAS_STAND_IN = String.raw`
import json, sys, types
import numpy as np

ops = types.SimpleNamespace()
ops.cast = lambda x, dtype: np.asarray(x).astype(dtype)
ops.arange = lambda n, dtype=None: np.arange(n, dtype=dtype)
ops.concatenate = lambda xs, axis=0: np.concatenate(xs, axis=axis)
def segment_sum(data, ids, num_segments=None):
    out = np.zeros((int(num_segments),) + data.shape[1:], dtype=np.float64)
    np.add.at(out, ids, data)
    return out
def segment_max(data, ids, num_segments=None):
    out = np.full((int(num_segments),) + data.shape[1:], -np.inf)
    np.maximum.at(out, ids, data)
    return out
ops.segment_sum, ops.segment_max = segment_sum, segment_max
ops.ones_like = lambda x, dtype=None: np.ones_like(x, dtype=dtype)
ops.zeros_like = np.zeros_like
ops.reshape = lambda x, shape: np.reshape(x, shape)
ops.where = np.where
ops.expand_dims = np.expand_dims
ops.maximum = np.maximum
ops.sqrt = np.sqrt
ops.take = lambda x, idx, axis=None: np.take(x, idx, axis=axis)
ops.matmul = np.matmul
ops.sum = lambda x, axis=None: np.sum(x, axis=axis)
ops.mean = lambda x, axis=None: np.mean(x, axis=axis)
ops.max = np.max
ops.leaky_relu = lambda x, negative_slope=0.2: np.where(x >= 0, x, negative_slope * x)
ops.stop_gradient = lambda x: x
ops.exp = np.exp
ops.tanh = np.tanh
ops.shape = lambda x: x.shape
ops.triu = lambda x, k=0: np.triu(x, k)
ops.ones = lambda shape: np.ones(shape)
ops.zeros = lambda shape, dtype=None: np.zeros(shape, dtype=dtype or np.float64)
ops.tile = np.tile
def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
ops.softmax = softmax
def conv(x, kernel, strides=1, padding="valid"):
    kh, kw, _, filters = kernel.shape
    rows, cols = (x.shape[1] - kh) // strides + 1, (x.shape[2] - kw) // strides + 1
    out = np.zeros((x.shape[0], rows, cols, filters))
    for i in range(rows):
        for j in range(cols):
            window = x[:, i * strides:i * strides + kh, j * strides:j * strides + kw, :]
            out[:, i, j, :] = np.einsum("bhwc,hwcf->bf", window, kernel)
    return out
ops.conv = conv

class Layer:
    def __init__(self, name=None, **kwargs):
        self.name, self._weights = name, []
    def build(self, input_shape):
        pass
    def add_weight(self, name=None, shape=(), initializer=None):
        value = np.zeros(shape)
        self._weights.append(value)
        return value
    def set_weights(self, values):
        assert len(values) == len(self._weights), (len(values), len(self._weights))
        for target, value in zip(self._weights, values):
            target[...] = np.asarray(value).reshape(target.shape)
    def get_config(self):
        return {"name": self.name}

ACTIVATIONS = {"linear": lambda x: x, "relu": lambda x: np.maximum(x, 0), "tanh": np.tanh, "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
               "elu": lambda x: np.where(x > 0, x, np.exp(np.minimum(x, 0)) - 1), "softmax": softmax}
keras = types.ModuleType("keras")
keras.ops = ops
keras.layers = types.SimpleNamespace(Layer=Layer)
keras.saving = types.SimpleNamespace(register_keras_serializable=lambda package=None: (lambda cls: cls))
keras.activations = types.SimpleNamespace(get=lambda a: ACTIVATIONS[a] if isinstance(a, str) else a)
sys.modules["keras"] = keras

results = []
for case in json.load(open(sys.argv[1])):
    namespace = {"__file__": case["modelPy"]}
    exec(compile(open(case["modelPy"]).read(), case["modelPy"], "exec"), namespace)
    layer = eval(case["constructor"], namespace)
    inputs = [np.array(i["data"], dtype=np.int64 if i["dtype"] == "int32" else np.float64).reshape(i["shape"]) for i in case["inputs"]]
    layer.build([list(i.shape) for i in inputs] if len(inputs) > 1 or case["listInput"] else list(inputs[0].shape))
    layer.set_weights([np.array(w["data"]).reshape(w["shape"]) for w in case["weights"]])
    out = layer.call(inputs if len(inputs) > 1 or case["listInput"] else inputs[0])
    results.append({"shape": list(out.shape), "data": np.asarray(out, dtype=np.float64).reshape(-1).tolist()})
print(json.dumps(results))
`;

const CUSTOM_KINDS = new Set(['GCNConv', 'SAGEConv', 'GATConv', 'MessagePassing', 'GraphReadout', 'PatchEmbedding', 'AdditiveAttention']);
const GRAPH_NODES = 7;
const GRAPH_EDGES = 12;

describe('the Keras classes of our own layers compute what the tfjs layers compute', async () => {
  // numpy comes with Debian's python3-torch: the same Python the PyTorch tests use.
  const { python, skipReason } = await pythonForTests();
  if (skipReason) console.info(`skipped: ${skipReason}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-keras-layers-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.skipIf(!python)('for every graph layer, PatchEmbedding and AdditiveAttention in the test graphs, to 1e-4', { timeout: 120_000 }, async () => {
    const cases: object[] = [];
    const expected: { name: string; shape: number[]; data: Float32Array }[] = [];
    const docs = EXPORT_TEST_GRAPHS.filter((doc) => doc.nodes.some((n) => CUSTOM_KINDS.has(n.type)));
    expect(docs.length).toBeGreaterThanOrEqual(2);
    for (const [d, doc] of docs.entries()) {
      const compiled = compileGraph(doc, tfjsCatalog);
      const modelPy = path.join(dir, `model_${d}.py`);
      await writeFile(modelPy, kerasModelSource(doc, compiled.analysis, catalog).code);
      const random = createRandom(5 + d);
      for (const layer of compiled.model.layers)
        if (layer.weights.length) {
          const values = layer.weights.map((w) => tf.tensor(Float32Array.from({ length: w.shape.reduce((a: number, b) => a * (b as number), 1) }, () => random() * 1.2 - 0.6), w.shape as number[]));
          layer.setWeights(values);
          tf.dispose(values);
        }
      // Valid node ids for the edges (node 6 receives none), graph ids 0 and 1, random features.
      const roles = declaredInputRoles(doc);
      const feeds = compiled.model.inputs.map((input, k) => {
        const role = roles[doc.nodes.find((n) => n.id === compiled.analysis.inputs[k])!.name];
        const rows = role === 'edgeIndex' || role === 'edgeFeatures' ? GRAPH_EDGES : role ? GRAPH_NODES : 2;
        const shape = [rows, ...(input.shape.slice(1) as number[])];
        const data = Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) =>
          role === 'edgeIndex' ? Math.floor(random() * (i % 2 === 0 ? GRAPH_NODES : GRAPH_NODES - 1)) : role === 'graphIds' ? (i < 4 ? 0 : 1) : random() * 2 - 1,
        );
        return tf.tensor(data, shape, input.dtype === 'int32' ? 'int32' : 'float32');
      });
      const custom = doc.nodes.filter((n) => CUSTOM_KINDS.has(n.type));
      const layers = custom.map((n) => compiled.layers.get(n.id)!);
      const inputsOf = layers.map((l) => (Array.isArray(l.input) ? l.input : [l.input]));
      const wanted = [...new Set([...inputsOf.flat(), ...layers.map((l) => l.output as tf.SymbolicTensor)].map((t) => t.name))];
      const values = compiled.model.execute(feeds, wanted) as tf.Tensor[];
      const valueOf = new Map(wanted.map((name, i) => [name, values[i]!]));
      custom.forEach((node, i) => {
        const params = compiled.analysis.nodes.get(node.id)!.params;
        let inputs = inputsOf[i]!.map((t) => valueOf.get(t.name)!);
        // tfjs's AdditiveAttention takes one tensor for self-attention; Keras's class takes [query, value].
        if (node.type === 'AdditiveAttention' && inputs.length === 1) inputs = [inputs[0]!, inputs[0]!];
        cases.push({
          modelPy,
          constructor: kerasLayer(node.type, params, catalog, node.name),
          listInput: node.type !== 'PatchEmbedding',
          inputs: inputs.map((t) => ({ data: Array.from(t.dataSync()), shape: t.shape, dtype: t.dtype })),
          weights: layers[i]!.weights.map((w) => ({ data: Array.from(w.read().dataSync()), shape: w.shape })),
        });
        const out = valueOf.get((layers[i]!.output as tf.SymbolicTensor).name)!;
        expected.push({ name: `${doc.name} / ${node.name}`, shape: out.shape, data: Float32Array.from(out.dataSync()) });
      });
      tf.dispose([...feeds, ...values]);
      compiled.model.dispose();
    }
    const casesFile = path.join(dir, 'cases.json');
    await writeFile(casesFile, JSON.stringify(cases));
    await writeFile(path.join(dir, 'run.py'), KERAS_STAND_IN);
    const { stdout } = await runPython(python!.python, [path.join(dir, 'run.py'), casesFile]);
    const results = JSON.parse(stdout.trim().split('\n').pop()!) as { shape: number[]; data: number[] }[];
    expected.forEach((e, i) => {
      const r = results[i]!;
      expect([e.name, r.shape]).toEqual([e.name, e.shape]);
      const worst = e.data.reduce((m, v, k) => Math.max(m, Math.abs(v - r.data[k]!)), 0);
      expect([e.name, worst < 1e-4 ? 'within 1e-4' : worst]).toEqual([e.name, 'within 1e-4']);
    });
    expect(new Set(cases.map((c) => (c as { constructor: string }).constructor.split('(')[0]))).toEqual(CUSTOM_KINDS);
  });
});
