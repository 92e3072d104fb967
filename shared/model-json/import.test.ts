import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { addNode, connect } from '../graph/actions';
import { analyzeGraph } from '../graph/analyze';
import { emptyDocument, type GraphDocument } from '../graph/document';
import { compileGraph } from '../compile/compile';
import { catalog } from '../layers';
import { tfjsCatalog } from '../layers/tfjs-catalog';
import { exportLayersModel } from './export';
import { importModelJson, ModelImportError } from './import';
import { copyWeightsByName } from './weights';

/* Small synthetic Keras files, written the way each Keras version serialises them. */

const dense = (name: string, units: number, activation = 'linear') => ({
  name,
  units,
  activation,
  use_bias: true,
  trainable: true,
  dtype: 'float32',
  kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
});

/** Keras 2 list form: `[[layer, node index, tensor index, kwargs], …]` per call. */
const k2 = (...refs: [string, number, number][]) => refs.map(([l, n, t]) => [l, n, t, {}]);

/** Keras 3 form: `{args, kwargs}` with `__keras_tensor__` objects. */
const k3Tensor = (layer: string, node: number, tensor = 0) => ({
  class_name: '__keras_tensor__',
  config: { shape: [null, 4], dtype: 'float32', keras_history: [layer, node, tensor] },
});

/**
 * A siamese model: one Dense encoder applied to two inputs (a shared layer), a nested
 * Sequential head applied to both encodings (a nested model called twice), their outputs
 * concatenated into a final Dense. The outer Dense is named `dense` like the head's inner
 * one, as happens when models are built separately and then combined.
 */
function siameseKeras2() {
  return {
    class_name: 'Functional',
    keras_version: '2.12.0',
    backend: 'tensorflow',
    config: {
      name: 'siamese',
      layers: [
        { class_name: 'InputLayer', name: 'left', config: { batch_input_shape: [null, 4], dtype: 'float32', name: 'left' }, inbound_nodes: [] },
        { class_name: 'InputLayer', name: 'right', config: { batch_input_shape: [null, 4], dtype: 'float32', name: 'right' }, inbound_nodes: [] },
        { class_name: 'Dense', name: 'encoder', config: dense('encoder', 3, 'relu'), inbound_nodes: [[k2(['left', 0, 0])[0]], [k2(['right', 0, 0])[0]]] },
        {
          class_name: 'Sequential',
          name: 'head',
          config: {
            name: 'head',
            layers: [
              { class_name: 'InputLayer', config: { batch_input_shape: [null, 3], dtype: 'float32', name: 'head_input' } },
              { class_name: 'Dense', config: dense('dense', 2, 'tanh') },
            ],
          },
          // A nested model's own inner call is its node 0, so the outer calls are 1 and 2.
          inbound_nodes: [k2(['encoder', 0, 0]), k2(['encoder', 1, 0])],
        },
        { class_name: 'Concatenate', name: 'joined', config: { name: 'joined', axis: -1 }, inbound_nodes: [k2(['head', 1, 0], ['head', 2, 0])] },
        { class_name: 'Dense', name: 'dense', config: dense('dense', 1, 'sigmoid'), inbound_nodes: [k2(['joined', 0, 0])] },
      ],
      input_layers: [
        ['left', 0, 0],
        ['right', 0, 0],
      ],
      output_layers: [['dense', 0, 0]],
    },
  };
}

/** The same model as Keras 3 writes it. Keras 3 counts a nested Sequential's calls from 0. */
function siameseKeras3() {
  const layer = (class_name: string, config: object, name: string, inbound_nodes: unknown[]) => ({
    module: 'keras.layers',
    class_name,
    config,
    registered_name: null,
    name,
    inbound_nodes,
  });
  const call = (...args: unknown[]) => ({ args, kwargs: {} });
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config: {
      name: 'siamese',
      trainable: true,
      layers: [
        layer('InputLayer', { batch_shape: [null, 4], dtype: 'float32', sparse: false, name: 'left' }, 'left', []),
        layer('InputLayer', { batch_shape: [null, 4], dtype: 'float32', sparse: false, name: 'right' }, 'right', []),
        layer('Dense', { ...dense('encoder', 3, 'relu'), dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } } }, 'encoder', [
          call(k3Tensor('left', 0)),
          call(k3Tensor('right', 0)),
        ]),
        {
          module: 'keras',
          class_name: 'Sequential',
          registered_name: null,
          name: 'head',
          config: {
            name: 'head',
            trainable: true,
            layers: [
              { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 3], dtype: 'float32', name: 'head_input' }, registered_name: null },
              { module: 'keras.layers', class_name: 'Dense', config: dense('dense', 2, 'tanh'), registered_name: null },
            ],
            build_input_shape: [null, 3],
          },
          inbound_nodes: [call(k3Tensor('encoder', 0)), { args: [k3Tensor('encoder', 1)], kwargs: { mask: null, training: false } }],
        },
        layer('Concatenate', { name: 'joined', axis: -1 }, 'joined', [call([k3Tensor('head', 0), k3Tensor('head', 1)])]),
        layer('Dense', dense('dense', 1, 'sigmoid'), 'dense', [call(k3Tensor('joined', 0))]),
      ],
      input_layers: [
        ['left', 0, 0],
        ['right', 0, 0],
      ],
      output_layers: ['dense', 0, 0],
    },
  };
}

function expectClean(doc: GraphDocument) {
  expect(analyzeGraph(doc, catalog).problems).toEqual([]);
}

describe('importModelJson: functional models with a shared layer and a nested model', () => {
  for (const [label, file] of [
    ['Keras 2', siameseKeras2()],
    ['Keras 3', siameseKeras3()],
  ] as const) {
    it(`${label}: one node per call, later calls share the first call's weights, nested model inlined`, () => {
      const { document, warnings } = importModelJson(file, catalog);
      expect(warnings).toEqual([]);
      expect(document.name).toBe('siamese');
      const summary = document.nodes.map((n) => [n.name, n.type, n.sharesWeightsWith ?? null]);
      expect(summary).toEqual([
        ['left', 'Input', null],
        ['right', 'Input', null],
        ['encoder', 'Dense', null],
        ['encoder_call2', 'Dense', 'encoder'],
        ['head_dense', 'Dense', null],
        ['head_dense_call2', 'Dense', 'head_dense'],
        ['joined', 'Concatenate', null],
        ['dense', 'Dense', null],
      ]);
      const edges = document.edges.map((e) => `${e.source}→${e.target}`);
      expect(edges).toEqual([
        'left→encoder',
        'right→encoder_call2',
        'encoder→head_dense',
        'encoder_call2→head_dense_call2',
        'head_dense→joined',
        'head_dense_call2→joined',
        'joined→dense',
      ]);
      expect(document.nodes.find((n) => n.name === 'head_dense')!.params).toMatchObject({ units: 2, activation: 'tanh' });
      expectClean(document);

      const { model } = compileGraph(document, tfjsCatalog);
      // encoder 4·3+3, head 3·2+2, output 4·1+1: each shared layer counted once.
      expect(model.countParams()).toBe(15 + 8 + 5);
      expect(model.inputs.map((i) => i.shape)).toEqual([
        [null, 4],
        [null, 4],
      ]);
      expect(model.outputs[0]!.shape).toEqual([null, 1]);
    });
  }

  it('lays the graph out left to right by depth', () => {
    const { document } = importModelJson(siameseKeras2(), catalog);
    const x = Object.fromEntries(document.nodes.map((n) => [n.name, n.position.x]));
    expect(x.left).toBe(x.right);
    expect(x.left! < x.encoder!).toBe(true);
    expect(x.encoder! < x.head_dense!).toBe(true);
    expect(x.head_dense! < x.joined!).toBe(true);
    expect(x.joined! < x.dense!).toBe(true);
    const y = document.nodes.filter((n) => n.position.x === x.left).map((n) => n.position.y);
    expect(new Set(y).size).toBe(2);
  });

  it('inlines a nested functional model referenced at node index 1 and keeps its inner branches', () => {
    const inner = {
      class_name: 'Model',
      name: 'block',
      config: {
        name: 'block',
        layers: [
          { class_name: 'InputLayer', name: 'block_in', config: { batch_input_shape: [null, 6], name: 'block_in' }, inbound_nodes: [] },
          { class_name: 'Dense', name: 'a', config: dense('a', 6, 'relu'), inbound_nodes: [k2(['block_in', 0, 0])] },
          { class_name: 'Add', name: 'skip', config: { name: 'skip' }, inbound_nodes: [k2(['a', 0, 0], ['block_in', 0, 0])] },
        ],
        input_layers: [['block_in', 0, 0]],
        output_layers: [['skip', 0, 0]],
      },
      inbound_nodes: [k2(['x', 0, 0])],
    };
    const file = {
      format: 'layers-model',
      modelTopology: {
        class_name: 'Model',
        config: {
          name: 'outer',
          layers: [
            { class_name: 'InputLayer', name: 'x', config: { batch_input_shape: [null, 6], name: 'x' }, inbound_nodes: [] },
            inner,
            { class_name: 'Dense', name: 'out', config: dense('out', 2), inbound_nodes: [k2(['block', 1, 0])] },
          ],
          input_layers: [['x', 0, 0]],
          output_layers: [['out', 0, 0]],
        },
      },
    };
    const { document } = importModelJson(file, catalog);
    expect(document.nodes.map((n) => n.name)).toEqual(['x', 'a', 'skip', 'out']);
    expect(document.edges.map((e) => `${e.source}→${e.target}`)).toEqual(['x→a', 'a→skip', 'x→skip', 'skip→out']);
    expectClean(document);
    expect(compileGraph(document, tfjsCatalog).model.countParams()).toBe(6 * 6 + 6 + 6 * 2 + 2);
  });
});

describe('importModelJson: tensors passed as keyword arguments', () => {
  /** A layer called as `layer(query, value=other)`, the way MultiHeadAttention is usually called. */
  function keywordCall(inbound: unknown) {
    return {
      class_name: 'Functional',
      config: {
        name: 'kw',
        layers: [
          { class_name: 'InputLayer', name: 'q', config: { batch_input_shape: [null, 3, 4], name: 'q' }, inbound_nodes: [] },
          { class_name: 'InputLayer', name: 'v', config: { batch_input_shape: [null, 6, 4], name: 'v' }, inbound_nodes: [] },
          { class_name: 'Attention', name: 'attend', config: { name: 'attend', use_scale: false }, inbound_nodes: [inbound] },
        ],
        input_layers: [
          ['q', 0, 0],
          ['v', 0, 0],
        ],
        output_layers: [['attend', 0, 0]],
      },
    };
  }

  it('follow the positional ones, in Keras 2 and Keras 3 form; masks are not inputs', () => {
    const keras2 = keywordCall([['q', 0, 0, { value: ['v', 0, 0], mask: null }]]);
    const keras3 = keywordCall({ args: [k3Tensor('q', 0)], kwargs: { value: k3Tensor('v', 0), mask: k3Tensor('v', 0), training: false } });
    for (const file of [keras2, keras3]) {
      const { document } = importModelJson(file, catalog);
      expect(document.edges.map((e) => `${e.source}→${e.target}.${e.targetHandle}`)).toEqual(['q→attend.query', 'v→attend.value']);
      expect(compileGraph(document, tfjsCatalog).model.outputs[0]!.shape).toEqual([null, 3, 4]);
    }
  });
});

describe('importModelJson: warnings for what a graph cannot carry', () => {
  it('lists frozen layers and a Keras output that also feeds another layer', () => {
    const file = {
      class_name: 'Functional',
      config: {
        name: 'two_heads',
        layers: [
          { class_name: 'InputLayer', name: 'x', config: { batch_input_shape: [null, 3], name: 'x' }, inbound_nodes: [] },
          { class_name: 'Dense', name: 'features', config: { ...dense('features', 4), trainable: false }, inbound_nodes: [k2(['x', 0, 0])] },
          { class_name: 'Dense', name: 'score', config: dense('score', 1), inbound_nodes: [k2(['features', 0, 0])] },
        ],
        input_layers: [['x', 0, 0]],
        output_layers: [
          ['features', 0, 0],
          ['score', 0, 0],
        ],
      },
    };
    const { document, warnings } = importModelJson(file, catalog);
    expect(warnings).toEqual([
      '1 layer was frozen in Keras (trainable: false): features — NN Designer trains every layer',
      'features is a model output in Keras but also feeds other layers; here only layers nothing reads from are outputs, so it is not one',
    ]);
    expect(compileGraph(document, tfjsCatalog).model.outputs).toHaveLength(1);
  });
});

describe('importModelJson: Sequential models', () => {
  it('reads Keras 2.0 legacy Sequential whose config is a bare list, making the Input from batch_input_shape', () => {
    const file = {
      class_name: 'Sequential',
      keras_version: '2.0.9',
      config: [
        { class_name: 'Dense', config: { ...dense('hidden', 5, 'relu'), batch_input_shape: [null, 3] } },
        { class_name: 'Dense', config: dense('out', 2, 'softmax') },
      ],
    };
    const { document } = importModelJson(file, catalog);
    expect(document.nodes.map((n) => [n.name, n.type])).toEqual([
      ['hidden_input', 'Input'],
      ['hidden', 'Dense'],
      ['out', 'Dense'],
    ]);
    expect(document.nodes[0]!.params).toMatchObject({ shape: [3] });
    expectClean(document);
    expect(compileGraph(document, tfjsCatalog).model.countParams()).toBe(3 * 5 + 5 + 5 * 2 + 2);
  });

  it('reads a tfjs layers model with the model_config wrapper and an InputLayer inside the Sequential (Keras 3 batch_shape)', () => {
    const file = {
      format: 'layers-model',
      generatedBy: 'keras v3.8.0',
      convertedBy: 'TensorFlow.js Converter v4.22.0',
      modelTopology: {
        keras_version: '3.8.0',
        model_config: {
          class_name: 'Sequential',
          config: {
            name: 'seq',
            layers: [
              { class_name: 'InputLayer', config: { batch_shape: [null, 7], dtype: 'float32', name: 'input_layer' } },
              { class_name: 'Dense', config: dense('dense', 4) },
            ],
          },
        },
      },
      weightsManifest: [],
    };
    const { document } = importModelJson(file, catalog);
    expect(document.nodes.map((n) => n.name)).toEqual(['input_layer', 'dense']);
    expect(document.nodes[0]!.params).toMatchObject({ shape: [7] });
    expectClean(document);
  });

  it('takes the input shape of a Sequential that starts with a nested model from that model', () => {
    const file = {
      class_name: 'Sequential',
      config: {
        name: 'outer',
        layers: [
          {
            class_name: 'Sequential',
            config: {
              name: 'body',
              layers: [
                { class_name: 'InputLayer', config: { batch_input_shape: [null, 5], name: 'body_input' } },
                { class_name: 'Dense', config: dense('dense', 3) },
              ],
            },
          },
          { class_name: 'Sequential', config: { name: 'head', layers: [{ class_name: 'Dense', config: { ...dense('dense', 2), batch_input_shape: [null, 3] } }] } },
        ],
      },
    };
    const { document } = importModelJson(file, catalog);
    // Both nested models have a layer named dense: each gets its model's name in front.
    expect(document.nodes.map((n) => n.name)).toEqual(['body_input', 'body_dense', 'head_dense']);
    expectClean(document);
  });

  it('sanitises layer names to identifiers without taking a name another layer has', () => {
    const file = {
      class_name: 'Sequential',
      config: {
        name: 's',
        layers: [
          { class_name: 'Dense', config: { ...dense('block/1', 3), batch_input_shape: [null, 2] } },
          { class_name: 'Dense', config: dense('1st-head', 2) },
          { class_name: 'Dense', config: dense('block_1', 2) },
        ],
      },
    };
    const { document } = importModelJson(file, catalog);
    // "block/1" would become block_1, which the third layer really is called.
    expect(document.nodes.map((n) => n.name)).toEqual(['block_1_input', 'block_1_2', '_1st_head', 'block_1']);
    expectClean(document);
  });

  it('refuses a Sequential that never says its input shape', () => {
    const file = { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'Dense', config: dense('d', 2) }] } };
    expect(() => importModelJson(file, catalog)).toThrow(/does not say its input shape .* \(at config\.layers\[0\]\)/);
  });
});

describe('importModelJson: errors name the problem and the place', () => {
  it('names an unknown custom layer class, its registered name and the layer', () => {
    const file = siameseKeras3();
    file.config.layers[4] = {
      module: null as unknown as string,
      class_name: 'MyAttentionLayer',
      config: { name: 'attention_layer' },
      registered_name: 'Custom>MyAttentionLayer' as unknown as null,
      name: 'attention_layer',
      inbound_nodes: [],
    };
    expect(() => importModelJson(file, catalog)).toThrow(
      'unknown layer class MyAttentionLayer (Custom>MyAttentionLayer) in layer attention_layer — NN Designer cannot rebuild custom Keras layers',
    );
    expect(() => importModelJson(file, catalog)).toThrow(ModelImportError);
  });

  it('names a built-in Keras class the catalog lacks', () => {
    const file = siameseKeras2();
    (file.config.layers[4] as { class_name: string }).class_name = 'Bogus2D';
    expect(() => importModelJson(file, catalog)).toThrow(/^unknown layer class Bogus2D in layer joined — NN Designer has no layer kind for this Keras class \(at config\.layers\[4\]\)$/);
  });

  it('names the place of malformed structure', () => {
    const cases: [unknown, RegExp][] = [
      ['just a string', /must be a JSON object but this one is string/],
      [{ hello: 1 }, /neither a TensorFlow\.js layers model .* nor a Keras model\.to_json\(\) file/],
      [{ modelTopology: [] }, /modelTopology should be a JSON object but is a list \(at modelTopology\)/],
      [{ format: 'graph-model', modelTopology: { node: [] } }, /TensorFlow\.js graph model/],
      [{ class_name: 'Dense', config: {} }, /holds a Dense, not a Keras model .*\(at class_name\)/],
      [{ class_name: 'Functional', config: { name: 'm' } }, /the model's layers should be a list but is missing \(at config\.layers\)/],
      [{ class_name: 'Functional', config: { name: 'm', layers: [{ config: {} }] } }, /class_name should be a non-empty string but is missing \(at config\.layers\[0\]\.class_name\)/],
    ];
    for (const [json, message] of cases) expect(() => importModelJson(json, catalog)).toThrow(message);

    const dangling = siameseKeras2();
    dangling.config.layers[5]!.inbound_nodes = [k2(['nowhere', 0, 0])];
    expect(() => importModelJson(dangling, catalog)).toThrow(
      'refers to a layer named nowhere, which the model does not have (at config.layers[5].inbound_nodes[0][0])',
    );

    const badRef = siameseKeras2();
    badRef.config.layers[5]!.inbound_nodes = [[['joined', 0]]] as never;
    expect(() => importModelJson(badRef, catalog)).toThrow(
      'a tensor reference should be [layer name, node index, tensor index] (at config.layers[5].inbound_nodes[0][0])',
    );

    const badCall = siameseKeras2();
    badCall.config.output_layers = [['encoder', 5, 0]];
    expect(() => importModelJson(badCall, catalog)).toThrow(/refers to call 5 of layer encoder, which is called 2 times/);

    const badParams = siameseKeras2();
    (badParams.config.layers[2]!.config as { units: unknown }).units = -3;
    expect(() => importModelJson(badParams, catalog)).toThrow(/layer encoder \(Dense\) has a setting NN Designer cannot take: units.*\(at config\.layers\[2\]\.config\)/);
  });
});

describe('importModelJson: a damaged file never crashes the importer', () => {
  /** Every JSON path in a value, so each can be damaged in turn. */
  function allPaths(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
    if (path.length) out.push(path);
    if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...path, i], out));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) allPaths(v, [...path, k], out);
    return out;
  }

  it('removing or nulling any single value gives a graph or a ModelImportError, never another exception', () => {
    for (const make of [siameseKeras2, siameseKeras3]) {
      for (const path of allPaths(make())) {
        for (const damage of ['remove', 'null', 'number'] as const) {
          const json = make() as unknown as Record<string | number, unknown>;
          let parent = json;
          for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
          const last = path[path.length - 1]!;
          if (damage === 'remove') {
            if (Array.isArray(parent)) parent.splice(last as number, 1);
            else delete parent[last];
          } else parent[last] = damage === 'null' ? null : 7;
          try {
            importModelJson(json, catalog);
          } catch (err) {
            expect(err, `${damage} at ${path.join('.')}: ${(err as Error).message}`).toBeInstanceOf(ModelImportError);
          }
        }
      }
    }
  });
});

describe('importModelJson: a model NN Designer exported comes back as the same graph', () => {
  it('round-trips through tfjs model.json with layer names, shapes, weights and predictions intact', async () => {
    let doc = emptyDocument('round trip');
    doc = addNode(doc, { type: 'Input', params: { shape: [5] } });
    doc = addNode(doc, { type: 'Dense', params: { units: 4, activation: 'relu' } });
    doc = addNode(doc, { type: 'Dense', params: { units: 4, activation: 'sigmoid' } });
    doc = addNode(doc, { type: 'Add' });
    doc = addNode(doc, { type: 'Dense', params: { units: 2, activation: 'softmax' } });
    doc = connect(doc, { source: 'input_1', target: 'dense_1' });
    doc = connect(doc, { source: 'input_1', target: 'dense_2' });
    doc = connect(doc, { source: 'dense_1', target: 'add_1', targetTakesMany: true });
    doc = connect(doc, { source: 'dense_2', target: 'add_1', targetTakesMany: true });
    doc = connect(doc, { source: 'add_1', target: 'dense_3' });
    const original = compileGraph(doc, tfjsCatalog).model;
    const { modelJson, weightData } = await exportLayersModel(original);

    const { document } = importModelJson(JSON.parse(JSON.stringify(modelJson)), catalog);
    expect(document.nodes.map((n) => [n.name, n.type]).sort()).toEqual(doc.nodes.map((n) => [n.name, n.type]).sort());
    expectClean(document);
    const rebuilt = compileGraph(document, tfjsCatalog).model;
    expect(rebuilt.countParams()).toBe(original.countParams());

    copyWeightsByName(rebuilt, modelJson.weightsManifest[0]!.weights, weightData);
    const x = tf.randomNormal([3, 5], 0, 1, 'float32', 3);
    const diff = tf.tidy(() => (original.predict(x) as tf.Tensor).sub(rebuilt.predict(x) as tf.Tensor).abs().max().dataSync()[0]!);
    expect(diff).toBeLessThanOrEqual(1e-6);
  });
});

describe('importModelJson: collapsible groups', () => {
  it('makes each block Keras named by the block (block_1_…, block_2_…) a group of its own', () => {
    const layer = (name: string, from: string) => ({ class_name: 'Dense', name, config: dense(name, 4, 'relu'), inbound_nodes: [k2([from, 0, 0])] });
    const file = {
      class_name: 'Functional',
      config: {
        name: 'blocks',
        layers: [
          { class_name: 'InputLayer', name: 'x', config: { batch_input_shape: [null, 4], dtype: 'float32', name: 'x' }, inbound_nodes: [] },
          layer('stem', 'x'),
          layer('block_1_expand', 'stem'),
          layer('block_1_project', 'block_1_expand'),
          layer('block_2_expand', 'block_1_project'),
          layer('block_2_project', 'block_2_expand'),
          layer('block_3_only', 'block_2_project'),
          layer('head', 'block_3_only'),
        ],
        input_layers: [['x', 0, 0]],
        output_layers: [['head', 0, 0]],
      },
    };
    const { document } = importModelJson(file, catalog);
    expect(document.groups).toEqual([
      { id: 'group_1', name: 'block_1', nodeIds: ['block_1_expand', 'block_1_project'], collapsed: false },
      { id: 'group_2', name: 'block_2', nodeIds: ['block_2_expand', 'block_2_project'], collapsed: false },
    ]);
  });
});

describe('importModelJson: what an Input carries', () => {
  it('makes an InputLayer Keras marks float32 int32 when it only feeds an Embedding (Keras casts the ids there)', () => {
    const file = {
      class_name: 'Sequential',
      config: {
        name: 'next_word',
        layers: [
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 3], dtype: 'float32', name: 'words' } },
          { class_name: 'Embedding', config: { name: 'embedding', input_dim: 50, output_dim: 4, input_length: 3, dtype: 'float32' } },
          { class_name: 'Flatten', config: { name: 'flatten' } },
          { class_name: 'Dense', config: dense('next', 50, 'softmax') },
        ],
      },
    };
    const { document } = importModelJson(file, catalog);
    expect(document.nodes.find((n) => n.type === 'Input')!.params).toMatchObject({ dtype: 'int32' });
    expect(analyzeGraph(document, catalog).problems).toEqual([]);
  });
});
