import { describe, expect, it } from 'vitest';
import gcnJson from '../../examples/gcn-sbm.nnd.json';
import type { FieldDescription } from '../data/fields';
import type { DatasetReference } from '../data/reference';
import { catalog } from '../layers';
import { addNode, connect } from './actions';
import { analyzeGraph } from './analyze';
import { emptyDocument, parseDocument, type GraphDocument } from './document';
import { resolveBindings, trainingProblems } from './objectives';
import type { TrainingConfig } from './training-config';

const XOR_CSV: DatasetReference = { kind: 'csv', path: 'xor.csv', columns: {}, labelEncoding: 'auto', normalize: 'none' };

/** Nodes added in order (each `[type, params, name?]`), each wired to the one named in `from` (default: the one before). */
function graph(nodes: [type: string, params: Record<string, unknown>, options?: { name?: string; from?: string[] }][], dataset: DatasetReference | null = XOR_CSV): GraphDocument {
  let doc: GraphDocument = { ...emptyDocument(), dataset };
  let previous: string | null = null;
  for (const [type, params, options] of nodes) {
    doc = addNode(doc, { type, params, ...(options?.name ? { name: options.name, id: options.name } : {}) });
    const id = doc.nodes[doc.nodes.length - 1]!.id;
    const sources = options?.from ?? (previous && type !== 'Input' ? [previous] : []);
    for (const source of sources) doc = connect(doc, { source, target: id, targetTakesMany: true });
    previous = id;
  }
  return doc;
}

function withTraining(doc: GraphDocument, training: Partial<TrainingConfig>): GraphDocument {
  return { ...doc, training: { ...doc.training, ...training } };
}

function bind(doc: GraphDocument, fields: Record<string, FieldDescription> | null) {
  const analysis = analyzeGraph(doc, catalog);
  expect(analysis.problems).toEqual([]);
  return resolveBindings(doc, analysis, fields);
}

function problemsOf(doc: GraphDocument, fields: Record<string, FieldDescription> | null) {
  return trainingProblems(doc, analyzeGraph(doc, catalog), fields);
}

const TABLE: Record<string, FieldDescription> = {
  x: { shape: [4], kind: 'features' },
  y: { shape: [3], kind: 'classes', classNames: ['a', 'b', 'c'] },
};

describe('resolveBindings', () => {
  it('binds one Input to x and one output to y with the settings’ loss and metrics', () => {
    const doc = graph([
      ['Input', { shape: [4] }],
      ['Dense', { units: 8, activation: 'relu' }],
      ['Dense', { units: 3, activation: 'softmax' }],
    ]);
    const bindings = bind(doc, TABLE);
    expect(bindings.problems).toEqual([]);
    expect(bindings.inputs).toEqual([{ nodeId: 'input_1', name: 'input_1', index: 0, field: 'x', shape: [4] }]);
    expect(bindings.outputs).toEqual([{ nodeId: 'dense_2', name: 'dense_2', index: 0, field: 'y', loss: 'categoricalCrossentropy', weight: 1, metrics: ['accuracy'], shape: [3] }]);
  });

  it('binds two outputs to the fields named like them, each with the loss and metrics of its kind', () => {
    const doc = graph([
      ['Input', { shape: [4] }],
      ['Dense', { units: 8, activation: 'relu' }, { name: 'trunk' }],
      ['Dense', { units: 3, activation: 'softmax' }, { name: 'species', from: ['trunk'] }],
      ['Dense', { units: 1 }, { name: 'body_mass', from: ['trunk'] }],
    ]);
    const fields: Record<string, FieldDescription> = {
      ...TABLE,
      species: { shape: [3], kind: 'classes', classNames: ['Adelie', 'Chinstrap', 'Gentoo'] },
      body_mass: { shape: [1], kind: 'numbers' },
    };
    const bindings = bind(doc, fields);
    expect(bindings.problems).toEqual([]);
    expect(bindings.outputs.map(({ name, field, loss, metrics }) => ({ name, field, loss, metrics }))).toEqual([
      { name: 'species', field: 'species', loss: 'categoricalCrossentropy', metrics: ['accuracy'] },
      { name: 'body_mass', field: 'body_mass', loss: 'mse', metrics: ['mae'] },
    ]);
  });

  describe('two unconnected networks', () => {
    const twoNetworks = (dataset: DatasetReference | null) =>
      graph(
        [
          ['Input', { shape: [2] }],
          ['Dense', { units: 1, activation: 'sigmoid' }],
          ['Input', { shape: [2] }],
          ['Dense', { units: 1, activation: 'sigmoid' }],
        ],
        dataset,
      );

    it('are refused, naming each output and Input and what it lacks', () => {
      const problems = problemsOf(twoNetworks(XOR_CSV), { x: { shape: [2], kind: 'features' }, y: { shape: [1], kind: 'numbers' } });
      expect(problems.map((p) => [p.nodeId, p.code, p.params.reason])).toEqual([
        ['input_1', 'input-unbound', 'unbound'],
        ['input_2', 'input-unbound', 'unbound'],
        ['dense_1', 'objective-missing', 'unbound'],
        ['dense_2', 'objective-missing', 'unbound'],
      ]);
      expect(problems[2]!.message).toBe(
        'dense_1 is one of 2 outputs and has no training objective: give it a target from the dataset ("x", "y") and a loss in the training settings, or connect it into the rest of the model',
      );
      expect(problems[0]!.message).toBe('input_1 is one of 2 Inputs and reads no dataset field: bind it to one of the dataset\'s fields ("x", "y") in the training settings, or name it like one');
    });

    it('a classifier on a set with no labels (a GAN’s real samples, x only) is refused: it has no target to learn', () => {
      const classifier = graph([
        ['Input', { shape: [2] }],
        ['Dense', { units: 2, activation: 'softmax' }],
      ]);
      const problems = problemsOf(classifier, { x: { shape: [2], kind: 'features' } });
      expect(problems.map((p) => [p.nodeId, p.code])).toEqual([['dense_1', 'target-missing']]);
      expect(problems[0]!.message).toBe('dense_1 learns the dataset field "y", which this dataset does not have (it has "x") — pick one of those as its target');
    });

    it('are refused without a dataset too: nothing can be bound by its name', () => {
      const problems = problemsOf(twoNetworks(null), null);
      expect(problems.map((p) => [p.nodeId, p.code, p.params.reason])).toEqual([
        ['input_1', 'input-unbound', 'no-dataset'],
        ['input_2', 'input-unbound', 'no-dataset'],
        ['dense_1', 'objective-missing', 'no-dataset'],
        ['dense_2', 'objective-missing', 'no-dataset'],
      ]);
      expect(problems[3]!.message).toMatch(/^dense_2 is one of 2 outputs and has no training objective: choose a dataset/);
    });

    it('are left undecided while the dataset’s fields are unknown (the editor without data)', () => {
      expect(problemsOf(twoNetworks(XOR_CSV), null)).toEqual([]);
    });

    it('train once each output declares its objective and each Input its field', () => {
      const declared = withTraining(twoNetworks(XOR_CSV), {
        inputs: { input_1: { field: 'x' }, input_2: { field: 'x' } },
        outputs: { dense_1: { target: 'y', loss: 'binaryCrossentropy', weight: 1, metrics: [] }, dense_2: { target: 'y', loss: 'mse', weight: 0.5, metrics: ['mae'] } },
      });
      expect(problemsOf(declared, { x: { shape: [2], kind: 'features' }, y: { shape: [1], kind: 'numbers' } })).toEqual([]);
    });
  });

  it('names a declared target or input field the dataset does not have', () => {
    const doc = withTraining(graph([['Input', { shape: [4] }], ['Dense', { units: 3, activation: 'softmax' }]]), {
      inputs: { input_1: { field: 'features' } },
      outputs: { dense_1: { target: 'species', loss: 'categoricalCrossentropy', weight: 1, metrics: [] } },
    });
    const problems = problemsOf(doc, TABLE);
    expect(problems.map((p) => p.message)).toEqual([
      'input_1 reads the dataset field "features", which this dataset does not have (it has "x", "y")',
      'dense_1 learns the dataset field "species", which this dataset does not have (it has "x", "y") — pick one of those as its target',
    ]);
  });

  describe('an image output', () => {
    /** A small U-Net: down (conv, pool), up (upsample), the skip joined by Concatenate, a 1×1 conv to one sigmoid channel. */
    const unet = (padding: 'valid' | 'same') =>
      withTraining(
        graph([
          ['Input', { shape: [28, 28, 1] }],
          ['Conv2D', { filters: 4, kernelSize: [3, 3], padding, activation: 'relu' }, { name: 'down' }],
          ['MaxPooling2D', {}],
          ['Conv2D', { filters: 4, kernelSize: [3, 3], padding: 'same', activation: 'relu' }],
          ['UpSampling2D', {}],
          ['Concatenate', {}, { from: ['up_sampling2d_1', 'down'] }],
          ['Conv2D', { filters: 1, kernelSize: [1, 1], activation: 'sigmoid' }, { name: 'conv2d_9' }],
        ]),
        { loss: 'mse', metrics: ['psnr'] },
      );
    const image: Record<string, FieldDescription> = { x: { shape: [28, 28, 1], kind: 'image' }, y: { shape: [28, 28, 1], kind: 'image' } };

    it("that 'valid' padding shrank says so, naming the layer to change", () => {
      const [problem, ...more] = problemsOf(unet('valid'), image);
      expect(more).toEqual([]);
      expect(problem).toMatchObject({
        nodeId: 'conv2d_9',
        code: 'target-shape',
        params: { output: 'conv2d_9', shape: '[26, 26, 1]', target: '[28, 28, 1]', hint: 'valid-padding', layers: 'down' },
        message: "conv2d_9 outputs [26, 26, 1] but its target is [28, 28, 1] — 'valid' padding shrank the image; use 'same' in down",
      });
    });

    it("learns its target with 'same' padding", () => {
      expect(problemsOf(unet('same'), image)).toEqual([]);
    });

    it('learns a sparse [h, w, 1] or [h, w] class mask with one unit per class', () => {
      const segmenter = (classes: number) =>
        withTraining(graph([['Input', { shape: [32, 32, 1] }], ['Conv2D', { filters: classes, kernelSize: [3, 3], padding: 'same', activation: 'softmax' }]]), {
          loss: 'sparseCategoricalCrossentropy',
        });
      const names = ['background', 'circle', 'square', 'triangle'];
      const mask = (shape: number[]): Record<string, FieldDescription> => ({ x: { shape: [32, 32, 1], kind: 'image' }, y: { shape, kind: 'class-index', classNames: names } });
      expect(problemsOf(segmenter(4), mask([32, 32, 1]))).toEqual([]);
      expect(problemsOf(segmenter(4), mask([32, 32]))).toEqual([]);
      expect(problemsOf(segmenter(3), mask([32, 32, 1])).map((p) => p.message)).toEqual(['conv2d_1 outputs 3 classes but its target has 4 — give it 4 units']);
      const oneHot = { ...mask([32, 32, 4]), y: { shape: [32, 32, 4], kind: 'classes' as const, classNames: names } };
      expect(problemsOf(segmenter(4), oneHot).map((p) => p.message)).toEqual(['conv2d_1 outputs [32, 32, 4] and its target is one-hot [32, 32, 4], but sparseCategoricalCrossentropy takes class indices — use categoricalCrossentropy']);
    });
  });

  it('says a free dimension of a sample as ?, never as the batch, and names a target field other than y', () => {
    const doc = withTraining(graph([['Input', { shape: [null, 8] }], ['Dense', { units: 5, activation: 'softmax' }]]), {
      outputs: { dense_1: { target: 'next', loss: 'categoricalCrossentropy', weight: 1, metrics: [] } },
    });
    const [problem] = problemsOf(doc, { x: { shape: [12, 8], kind: 'features' }, y: { shape: [5], kind: 'classes' }, next: { shape: [12, 7], kind: 'classes' } });
    expect(problem).toMatchObject({ params: { shape: '[?, 5]', target: '[12, 7]', field: 'next', hint: 'none' }, message: 'dense_1 outputs [?, 5] but its target "next" is [12, 7]' });
  });

  describe('a loss that does not fit the output', () => {
    const head = (units: number, activation: string, loss: TrainingConfig['loss']) => withTraining(graph([['Input', { shape: [4] }], ['Dense', { units, activation }]]), { loss });

    it('is said without data: softmax over 1 unit, a class loss on 1 unit, crossentropy on a linear output', () => {
      const said = (doc: GraphDocument) => problemsOf(doc, null).map((p) => [p.params.reason, p.message]);
      expect(said(head(1, 'softmax', 'binaryCrossentropy'))).toEqual([
        ['softmax-one-unit', 'dense_1 applies softmax over 1 unit, which always outputs 1 — use sigmoid for one unit, or one unit per class'],
      ]);
      expect(said(head(1, 'sigmoid', 'categoricalCrossentropy'))).toEqual([
        ['categorical-one-unit', 'dense_1 has 1 unit, but categoricalCrossentropy needs one unit per class — use binaryCrossentropy with a sigmoid for two classes'],
      ]);
      expect(said(head(3, 'linear', 'categoricalCrossentropy'))).toEqual([
        [
          'crossentropy-unbounded',
          'dense_1 ends with activation "linear", so its values are not probabilities, but categoricalCrossentropy needs probabilities — end it with softmax (classes) or sigmoid (one unit), or use mse for numbers',
        ],
      ]);
      expect(said(head(3, 'linear', 'mse'))).toEqual([]);
    });

    it('is said for class losses on numbers, but binary crossentropy takes a 0/1 column', () => {
      const numbers = { x: { shape: [4], kind: 'features' as const }, y: { shape: [3], kind: 'numbers' as const } };
      expect(problemsOf(head(3, 'softmax', 'categoricalCrossentropy'), numbers).map((p) => p.message)).toEqual([
        'dense_1 learns "y", numbers rather than classes, with categoricalCrossentropy — use mse or mae for numbers',
      ]);
      expect(problemsOf(head(1, 'sigmoid', 'binaryCrossentropy'), { ...numbers, y: { shape: [1], kind: 'numbers' } })).toEqual([]);
    });
  });

  it('leaves a one-input, one-vector-output run’s data to its loader, but not a class count it cannot fix', () => {
    const doc = withTraining(graph([['Input', { shape: [4] }], ['Dense', { units: 2, activation: 'softmax' }]]), { loss: 'sparseCategoricalCrossentropy' });
    // The loader fits `auto` labels to the units and says how to fix the rest (checkCompatibility).
    expect(problemsOf(doc, { ...TABLE, y: { shape: [3], kind: 'classes', classNames: ['a', 'b', 'c'] } })).toEqual([]);
    expect(resolveBindings(doc, analyzeGraph(doc, catalog), { ...TABLE, y: { shape: [3], kind: 'classes' } }).problems.map((p) => p.code)).toEqual(['target-shape']);
    expect(problemsOf(doc, { ...TABLE, y: { shape: [1], kind: 'class-index', classNames: ['a', 'b', 'c'] } }).map((p) => p.message)).toEqual(['dense_1 outputs 2 classes but its target has 3 — give it 3 units']);
  });

  it('leaves a graph model to its own trainer but for a loss that cannot fit', () => {
    const gcn = parseDocument(gcnJson);
    expect(problemsOf(gcn, null)).toEqual([]);
    expect(problemsOf({ ...gcn, dataset: null }, null)).toEqual([]);
    const output = analyzeGraph(gcn, catalog).outputs[0]!;
    const linear = { ...gcn, nodes: gcn.nodes.map((n) => (n.id === output ? { ...n, params: { ...n.params, activation: 'linear' } } : n)) };
    expect(problemsOf(linear, null).map((p) => p.params.reason)).toEqual(['crossentropy-unbounded']);
  });
});
