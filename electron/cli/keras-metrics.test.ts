import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../shared/data/dataset';
import { kerasOverlapPy } from '../../shared/export/keras/templates/metrics/keras_overlap.py.generated';
import { kerasPerplexityPy } from '../../shared/export/keras/templates/metrics/keras_perplexity.py.generated';
import { kerasPsnrPy } from '../../shared/export/keras/templates/metrics/keras_psnr.py.generated';
import type { LossName, MetricName } from '../../shared/graph/training-config';
import { metricDefinition } from '../../shared/training/objectives';
import { pythonForTests, runPython } from '../pytorch/testing';

tf.enableProdMode();

/**
 * Keras is not installed here, so the metrics the Keras export defines itself (IoU, Dice,
 * PSNR, perplexity) run under a stand-in `keras` module whose ops are numpy (each the
 * documented meaning of the Keras 3 op of that name, crossentropy as Keras clips it): the
 * same targets and predictions give what NN Designer's metrics give. One batch, so the
 * perplexity's epoch mean is that batch's.
 */
const KERAS_STAND_IN = String.raw`
import json, sys, types
import numpy as np

ops = types.SimpleNamespace()
ops.cast = lambda x, dtype: np.asarray(x).astype(dtype)
ops.argmax = lambda x, axis=None: np.argmax(x, axis=axis)
ops.reshape = lambda x, shape: np.reshape(x, shape)
ops.shape = lambda x: x.shape
ops.one_hot = lambda x, n: (np.asarray(x)[..., None] == np.arange(n)).astype(np.float64)
ops.sum = lambda x, axis=None: np.sum(x, axis=axis)
ops.mean = lambda x, axis=None: np.mean(x, axis=axis)
ops.maximum = np.maximum
ops.where = np.where
ops.square = np.square
ops.log = np.log
ops.exp = np.exp
ops.size = np.size

def crossentropy(y_true, y_pred):
    p = np.clip(y_pred / y_pred.sum(axis=-1, keepdims=True), 1e-7, 1 - 1e-7)
    return -(y_true * np.log(p)).sum(axis=-1)

def sparse_crossentropy(y_true, y_pred):
    indices = np.reshape(y_true, y_pred.shape[:-1]).astype(np.int64)
    return crossentropy((indices[..., None] == np.arange(y_pred.shape[-1])).astype(np.float64), y_pred)

class Variable:
    def __init__(self):
        self.value = 0.0
    def assign(self, v):
        self.value = v
    def assign_add(self, v):
        self.value = self.value + v
    def __array__(self, dtype=None):
        return np.asarray(self.value, dtype=dtype)
    def __truediv__(self, other):
        return np.asarray(self) / np.asarray(other)

class Metric:
    def __init__(self, name=None, **kwargs):
        self.name = name
    def add_variable(self, shape=(), initializer=None, name=None):
        return Variable()

keras = types.ModuleType("keras")
keras.ops = ops
keras.metrics = types.SimpleNamespace(Metric=Metric)
keras.losses = types.SimpleNamespace(categorical_crossentropy=crossentropy, sparse_categorical_crossentropy=sparse_crossentropy)
sys.modules["keras"] = keras

namespace = {}
exec(open(sys.argv[1]).read(), namespace)
results = []
for case in json.load(open(sys.argv[2])):
    t = np.array(case["target"]["data"], dtype=np.float64).reshape(case["target"]["shape"])
    p = np.array(case["prediction"]["data"], dtype=np.float64).reshape(case["prediction"]["shape"])
    sparse = case["loss"] == "sparseCategoricalCrossentropy"
    if case["metric"] in ("iou", "dice"):
        value = namespace["overlap_metric"](case["metric"], sparse, case["metric"])(t, p)
    elif case["metric"] == "psnr":
        value = namespace["psnr"](t, p)
    else:
        metric = namespace["Perplexity"](sparse=sparse)
        metric.update_state(t, p)
        value = metric.result()
    results.append(float(value))
print(json.dumps(results))
`;

interface Case {
  metric: MetricName;
  loss: LossName;
  target: tf.Tensor;
  prediction: tf.Tensor;
}

function softmaxed(shape: number[], random: () => number): tf.Tensor {
  return tf.softmax(tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random() * 4 - 2), shape));
}

describe('the metrics the Keras export defines compute what NN Designer computes', async () => {
  const { python, skipReason } = await pythonForTests();
  if (skipReason) console.info(`skipped: ${skipReason}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-keras-metrics-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.skipIf(!python)('iou and dice (class indices, one-hot, one sigmoid unit), psnr and perplexity, to 1e-5', { timeout: 60_000 }, async () => {
    const random = createRandom(3);
    const indices = (shape: number[], classes: number) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.floor(random() * classes)), shape);
    const uniform = (shape: number[]) => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => random()), shape);
    const mask = indices([4, 6, 6, 1], 3);
    const pixels = softmaxed([4, 6, 6, 3], random);
    const oneHot = tf.oneHot(tf.cast(indices([10], 4), 'int32'), 4);
    const image = uniform([3, 5, 5, 1]);
    const cases: Case[] = [
      { metric: 'iou', loss: 'sparseCategoricalCrossentropy', target: mask, prediction: pixels },
      { metric: 'dice', loss: 'sparseCategoricalCrossentropy', target: mask, prediction: pixels },
      { metric: 'iou', loss: 'categoricalCrossentropy', target: oneHot, prediction: softmaxed([10, 4], random) },
      { metric: 'dice', loss: 'binaryCrossentropy', target: tf.cast(tf.greater(image, 0.5), 'float32'), prediction: uniform([3, 5, 5, 1]) },
      { metric: 'iou', loss: 'binaryCrossentropy', target: tf.cast(tf.greater(image, 0.5), 'float32'), prediction: uniform([3, 5, 5, 1]) },
      { metric: 'psnr', loss: 'mse', target: image, prediction: tf.clipByValue(tf.add(image, tf.mul(uniform([3, 5, 5, 1]), 0.2)), 0, 1) },
      { metric: 'perplexity', loss: 'sparseCategoricalCrossentropy', target: indices([5, 7], 6), prediction: softmaxed([5, 7, 6], random) },
      { metric: 'perplexity', loss: 'categoricalCrossentropy', target: oneHot, prediction: softmaxed([10, 4], random) },
    ];
    const helpers = path.join(dir, 'metrics.py');
    const standIn = path.join(dir, 'stand_in.py');
    const casesFile = path.join(dir, 'cases.json');
    await writeFile(helpers, [kerasOverlapPy, kerasPsnrPy, kerasPerplexityPy].join('\n\n'));
    await writeFile(standIn, KERAS_STAND_IN);
    const tensor = (t: tf.Tensor) => ({ shape: t.shape, data: Array.from(t.dataSync()) });
    await writeFile(casesFile, JSON.stringify(cases.map((c) => ({ metric: c.metric, loss: c.loss, target: tensor(c.target), prediction: tensor(c.prediction) }))));
    const values = JSON.parse((await runPython(python!.python, [standIn, helpers, casesFile])).stdout) as number[];
    cases.forEach((c, i) => {
      const definition = metricDefinition(c.metric, c.loss);
      const ours = (definition.finalize ?? ((v: number) => v))(definition.fn(c.target, c.prediction).dataSync()[0]!);
      expect([c.metric, c.loss, Math.abs(ours - values[i]!) <= 1e-5 * Math.max(1, Math.abs(ours)) ? 'same' : `ours ${ours}, keras ${values[i]}`]).toEqual([c.metric, c.loss, 'same']);
    });
    expect(values.filter((v) => v > 0 && v < 1).length).toBeGreaterThanOrEqual(4);
  });
});
