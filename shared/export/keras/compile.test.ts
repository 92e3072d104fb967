import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../graph/analyze';
import { DatasetReferenceSchema } from '../../data/reference';
import type { GraphDocument } from '../../graph/document';
import { TrainingConfigSchema, type TrainingConfigInput } from '../../graph/training-config';
import { catalog } from '../../layers';
import { graph } from '../test-graphs';
import { kerasModelSource } from './model-py';

const source = (doc: GraphDocument, training: TrainingConfigInput) => {
  const trained = { ...doc, training: TrainingConfigSchema.parse(training) };
  return kerasModelSource(trained, analyzeGraph(trained, catalog), catalog).code;
};

/** A class head, a number head and a segmentation-like head of one sigmoid unit. */
const THREE_HEADS = graph('three heads', [
  ['x', 'Input', { shape: [4, 4, 1] }],
  ['conv', 'Conv2D', { filters: 3, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, ['x']],
  ['mask', 'Conv2D', { filters: 1, kernelSize: [1, 1], padding: 'same', activation: 'sigmoid' }, ['conv']],
  ['flat', 'Flatten', {}, ['conv']],
  ['species', 'Dense', { units: 3, activation: 'softmax' }, ['flat']],
  ['mass', 'Dense', { units: 1 }, ['flat']],
]);

const THREE_HEADS_TRAINING: TrainingConfigInput = {
  optimizer: 'rmsprop',
  learningRate: 0.002,
  outputs: {
    species: { target: 'species', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', 'perplexity'] },
    mass: { target: 'mass', loss: 'mse', weight: 0.25, metrics: ['mae', 'psnr'] },
    mask: { target: 'mask', loss: 'binaryCrossentropy', weight: 2, metrics: ['iou', 'dice'] },
  },
};

describe('Keras model.py compiles with the project objectives', () => {
  it('one output: its loss and metrics by their Keras names, the optimizer with its learning rate', () => {
    const code = source(graph('one', [['x', 'Input', { shape: [2] }], ['out', 'Dense', { units: 3, activation: 'softmax' }, ['x']]]), {
      optimizer: 'adam',
      learningRate: 0.005,
      loss: 'categoricalCrossentropy',
      metrics: ['accuracy'],
    });
    expect(code).toContain('def compile_model(model):');
    expect(code).toContain('        optimizer=keras.optimizers.Adam(learning_rate=0.005),\n        loss="categorical_crossentropy",\n        metrics=["accuracy"],\n');
    expect(code).not.toContain('loss_weights');
  });

  it('several outputs: loss, loss_weights and metrics per output layer, our metrics as small definitions', () => {
    const code = source(THREE_HEADS, THREE_HEADS_TRAINING);
    expect(code).toContain('optimizer=keras.optimizers.RMSprop(learning_rate=0.002, rho=0.9),');
    expect(code).toContain('loss={"mask": "binary_crossentropy", "species": "sparse_categorical_crossentropy", "mass": "mean_squared_error"},');
    expect(code).toContain('loss_weights={"mask": 2, "species": 1, "mass": 0.25},');
    expect(code).toContain(
      'metrics={"mask": [overlap_metric("iou", False, "iou"), overlap_metric("dice", False, "dice")], "species": ["accuracy", Perplexity(sparse=True)], "mass": ["mean_absolute_error", psnr]},',
    );
    expect(code).toContain('def overlap_metric(kind, sparse, name):');
    expect(code).toContain('def psnr(y_true, y_pred):');
    expect(code).toContain('class Perplexity(keras.metrics.Metric):');
    expect(code.match(/def overlap_metric/g)).toHaveLength(1);
  });

  it("leaves the dataset's padding out of a sparse crossentropy (ignore_class), and binds several outputs by the fields' names", () => {
    const tokens = graph('reverse', [
      ['ids', 'Input', { shape: [4], dtype: 'int32' }],
      ['embed', 'Embedding', { inputDim: 14, outputDim: 4 }, ['ids']],
      ['next', 'Dense', { units: 14, activation: 'softmax' }, ['embed']],
    ]);
    const dataset = DatasetReferenceSchema.parse({ kind: 'sequence-task', task: 'reverse', length: 4, samples: 50, seed: 1 });
    const code = source({ ...tokens, dataset }, { loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    expect(code).toContain('        loss=keras.losses.SparseCategoricalCrossentropy(ignore_class=0),\n');
    expect(code).toContain("# next: target value 0 is padding: the loss leaves it out (ignore_class); Keras's metrics still count it.");

    const heads = graph('heads', [
      ['x', 'Input', { shape: [2] }],
      ['y', 'Dense', { units: 3, activation: 'softmax' }, ['x']],
      ['x_again', 'Dense', { units: 2 }, ['x']],
    ]);
    const spirals = DatasetReferenceSchema.parse({ kind: 'generated', name: 'spirals', samples: 100, classes: 3, labels: 'onehot' });
    const both = source({ ...heads, dataset: spirals }, { outputs: { x_again: { target: 'x', loss: 'mse', metrics: ['mae'] } } });
    expect(both).toContain('loss={"y": "categorical_crossentropy", "x_again": "mean_squared_error"},');
    expect(both).toContain('metrics={"y": ["accuracy"], "x_again": ["mean_absolute_error"]},');
  });

  it('writes our metric definitions only where an output uses them, and says where an output has no objective', () => {
    const code = source(THREE_HEADS, { loss: 'mse', metrics: ['psnr'] });
    expect(code).not.toContain('def psnr');
    expect(code).toContain('# The project gives no output a training objective');
  });
});
