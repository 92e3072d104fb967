import { baseNameFor } from '../graph/actions';
import { analyzeGraph } from '../graph/analyze';
import { emptyDocument, LAYER_NAME_PATTERN, type GraphDocument, type GraphEdge, type GraphNode } from '../graph/document';
import type { LayerCatalog } from '../layers/catalog';
import type { AnyLayerSpec } from '../layers/types';

/**
 * A model file NN Designer cannot turn into a graph. `path` is the JSON path of the
 * offending value (`modelTopology.model_config.config.layers[3].inbound_nodes[0]`).
 */
export class ModelImportError extends Error {
  constructor(
    message: string,
    readonly path?: string,
  ) {
    super(path ? `${message} (at ${path})` : message);
    this.name = 'ModelImportError';
  }
}

export interface ImportResult {
  document: GraphDocument;
  /** Things the import kept going past but the person should know (frozen layers, dropped outputs…). */
  warnings: string[];
}

type Json = Record<string, unknown>;

/** One tensor of our graph: a node's output port, by index into its kind's outputs. */
interface TensorRef {
  nodeId: string;
  output: number;
}

/** A Keras reference to a tensor: output `tensorIndex` of call `nodeIndex` of `layer`. */
interface KerasRef {
  layer: string;
  nodeIndex: number;
  tensorIndex: number;
  path: string;
}

/** A layer entry of a model config, normalised across Keras 2, Keras 3 and tfjs. */
interface LayerEntry {
  className: string;
  registeredName?: string;
  name: string;
  config: Json;
  /** Functional models only: one list of input references per call of the layer. */
  calls: KerasRef[][];
  path: string;
}

/**
 * What persists across several calls of one model definition: the node that owns each
 * layer's weights (a later call of the layer shares them) and the definitions nested in it.
 */
class ModelScope {
  readonly owners = new Map<string, string>();
  readonly callCounts = new Map<string, number>();
  readonly nested = new Map<string, ModelScope>();
  child(name: string): ModelScope {
    let scope = this.nested.get(name);
    if (!scope) this.nested.set(name, (scope = new ModelScope()));
    return scope;
  }
}

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);
const KERAS_TENSOR = '__keras_tensor__';
/** Call arguments Keras records that are not data flowing into the layer. */
const NON_DATA_KWARGS = new Set(['mask', 'training', 'initial_state', 'constants']);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function expectObject(v: unknown, path: string, what: string): Json {
  if (!isObject(v)) throw new ModelImportError(`${what} should be a JSON object but is ${describe(v)}`, path);
  return v;
}

function expectArray(v: unknown, path: string, what: string): unknown[] {
  if (!Array.isArray(v)) throw new ModelImportError(`${what} should be a list but is ${describe(v)}`, path);
  return v;
}

function expectString(v: unknown, path: string, what: string): string {
  if (typeof v !== 'string' || v === '') throw new ModelImportError(`${what} should be a non-empty string but is ${describe(v)}`, path);
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

/**
 * Finds the Keras model config in any of the files people have: a TensorFlow.js
 * layers-model `model.json` (with or without the `model_config` wrapper, with or without
 * the `format` key), a bare `modelTopology`, or Keras's `model.to_json()`.
 */
function locateModel(json: unknown): { model: Json; path: string } {
  if (!isObject(json)) throw new ModelImportError(`a model file must be a JSON object but this one is ${describe(json)}`);
  let node: Json = json;
  let path = '';
  if (json.format === 'graph-model' || (isObject(json.modelTopology) && Array.isArray(json.modelTopology.node)))
    throw new ModelImportError(
      'this is a TensorFlow.js graph model (a converted SavedModel): it holds TensorFlow ops, not Keras layers — convert the Keras model to a layers model (tensorflowjs_converter --output_format tfjs_layers_model) or export it with model.to_json()',
    );
  if ('modelTopology' in json) {
    node = expectObject(json.modelTopology, 'modelTopology', 'modelTopology');
    path = 'modelTopology';
  }
  if ('model_config' in node) {
    path = path ? `${path}.model_config` : 'model_config';
    node = expectObject(node.model_config, path, 'model_config');
  }
  if (!('class_name' in node))
    throw new ModelImportError(
      'neither a TensorFlow.js layers model (model.json with "modelTopology") nor a Keras model.to_json() file (no "class_name")',
      path || undefined,
    );
  return { model: node, path };
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** Turns a Keras layer name into one that fits LAYER_NAME_PATTERN. */
function sanitizeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
  return LAYER_NAME_PATTERN.test(cleaned) ? cleaned : `_${cleaned}`;
}

function batchShapeOf(config: Json): unknown {
  return config.batch_input_shape ?? config.batch_shape;
}

/**
 * Keras writes `float32` on an InputLayer that feeds an Embedding and casts the values to ids
 * inside it; here an Input declares what it carries, so one whose every reader takes ids is int32.
 */
function idInputsAsInt32(nodes: GraphNode[], edges: readonly GraphEdge[], catalog: LayerCatalog): GraphNode[] {
  return nodes.map((node) => {
    if (node.type !== 'Input') return node;
    const readers = edges.filter((e) => e.source === node.id);
    const takesIds = (e: GraphEdge) => {
      const target = nodes.find((n) => n.id === e.target);
      const port = target && catalog.kind(target.type)?.inputs.find((p) => p.name === e.targetHandle);
      return port?.dtype === 'int32';
    };
    return readers.length > 0 && readers.every(takesIds) ? { ...node, params: { ...node.params, dtype: 'int32' } } : node;
  });
}

/** The Input Keras makes for a Sequential from its first layer's `batch_input_shape` / `batch_shape`. */
function inputFromFirstLayer(first: LayerEntry, catalog: LayerCatalog): { name: string; config: Json; path: string } | null {
  const shape = batchShapeOf(first.config);
  if (!Array.isArray(shape)) return null;
  // A layer that reads integer ids (an Embedding) is fed them, whatever dtype it computes in.
  const dtype = (catalog.forKerasClass(first.className)?.inputs[0]?.dtype === 'int32' ? 'int32' : undefined) ?? first.config.dtype;
  return { name: `${first.name}_input`, config: { batch_input_shape: shape, ...(dtype !== undefined ? { dtype } : {}) }, path: first.path };
}

class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly edges: GraphEdge[] = [];
  readonly frozen: string[] = [];
  private readonly used = new Set<string>();
  private readonly edgeIds = new Set<string>();

  constructor(
    readonly catalog: LayerCatalog,
    /**
     * How often each layer name occurs in the file (nested models repeat names), so a
     * generated name never takes one a later layer needs.
     */
    private readonly reserved: ReadonlyMap<string, number>,
  ) {}

  /**
   * A layer keeps its own name unless sanitising changed it into a name another layer of
   * the file really has (`block/1` → `block_1`): that one is left to its owner.
   */
  private mayTakeOwnName(name: string): boolean {
    const sanitized = sanitizeName(name);
    return sanitized === name || (this.reserved.get(sanitized) ?? 0) <= 1;
  }

  /** The first free name of `wanted`; only the layer's own name (`ownFirst`) may take a name some layer in the file has. */
  private claimName(wanted: string[], ownFirst = true): string {
    for (const [i, candidate] of wanted.entries()) {
      const name = sanitizeName(candidate);
      if (!this.used.has(name) && ((i === 0 && ownFirst) || !this.reserved.has(name))) {
        this.used.add(name);
        return name;
      }
    }
    const stem = sanitizeName(wanted[wanted.length - 1]!);
    for (let k = 2; ; k++) {
      const name = `${stem}_${k}`;
      if (!this.used.has(name) && !this.reserved.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }

  addInput(entry: { name: string; config: Json; path: string }): TensorRef {
    const kind = this.kindFor({ className: 'InputLayer', calls: [], ...entry });
    const params = this.paramsFor(kind, 'InputLayer', entry.config, entry.name, entry.path);
    const id = this.claimName([entry.name], this.mayTakeOwnName(entry.name));
    this.nodes.push({ id, type: kind.type, name: id, params, position: { x: 0, y: 0 } });
    return { nodeId: id, output: 0 };
  }

  /** One call of a (non-model) layer: a new node, sharing weights with the layer's first call. */
  addLayerCall(entry: LayerEntry, inputs: TensorRef[], scope: ModelScope, qualifier: string[]): TensorRef[] {
    const kind = this.kindFor(entry);
    const owner = scope.owners.get(entry.name);
    const callNumber = (scope.callCounts.get(entry.name) ?? 0) + 1;
    scope.callCounts.set(entry.name, callNumber);
    const params = owner ? {} : this.paramsFor(kind, entry.className, entry.config, entry.name, entry.path);
    const base = owner ? `${entry.name}_call${callNumber}` : entry.name;
    const qualified = qualifier.length ? [`${qualifier[0]}_${base}`] : [];
    // A nested layer whose name recurs elsewhere in the file leaves the plain name to the others.
    const ambiguous = qualifier.length > 0 && (this.reserved.get(sanitizeName(entry.name)) ?? 0) > 1;
    const id = this.claimName(ambiguous ? [...qualified, base] : [base, ...qualified], !owner && !ambiguous && this.mayTakeOwnName(entry.name));
    const node: GraphNode = { id, type: kind.type, name: id, params, position: { x: 0, y: 0 } };
    if (owner) node.sharesWeightsWith = owner;
    else {
      scope.owners.set(entry.name, id);
      if (entry.config.trainable === false) this.frozen.push(id);
    }
    this.nodes.push(node);
    this.wire(kind, id, inputs, entry);
    return kind.outputs.map((_, output) => ({ nodeId: id, output }));
  }

  private wire(kind: AnyLayerSpec, target: string, inputs: TensorRef[], entry: LayerEntry): void {
    let next = 0;
    for (const port of kind.inputs) {
      const take = port.multiple ? inputs.length - next : Math.min(1, inputs.length - next);
      for (let i = 0; i < take; i++) this.connect(inputs[next++]!, target, port.name);
    }
    if (next < inputs.length)
      throw new ModelImportError(
        `layer ${entry.name} (${entry.className}) is called with ${inputs.length} inputs but NN Designer's ${kind.type} takes ${kind.inputs.length === 1 ? 'one' : `at most ${next}`}`,
        entry.path,
      );
  }

  private connect(source: TensorRef, target: string, targetHandle: string): void {
    const sourceNode = this.nodes.find((n) => n.id === source.nodeId)!;
    const sourceKind = this.catalog.kind(sourceNode.type)!;
    const sourceHandle = sourceKind.outputs[source.output]?.name;
    if (sourceHandle === undefined)
      throw new ModelImportError(`${sourceNode.name} has no output number ${source.output}`);
    let id = `e_${source.nodeId}_${target}`;
    for (let k = 2; this.edgeIds.has(id); k++) id = `e_${source.nodeId}_${target}_${k}`;
    this.edgeIds.add(id);
    this.edges.push({ id, source: source.nodeId, sourceHandle, target, targetHandle });
  }

  private kindFor(entry: LayerEntry): AnyLayerSpec {
    const kind = this.catalog.forKerasClass(entry.className);
    if (!kind) throw unknownClassError([entry]);
    return kind;
  }

  private paramsFor(kind: AnyLayerSpec, className: string, config: Json, layerName: string, path: string): Record<string, unknown> {
    let params: Record<string, unknown>;
    try {
      params = kind.keras!.fromConfig(config, this.catalog, className);
    } catch (err) {
      throw new ModelImportError(`layer ${layerName} (${className}): ${(err as Error).message}`, join(path, 'config'));
    }
    const defined = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
    const resolved = this.catalog.resolveParams(kind.type, defined);
    if (!resolved.success)
      throw new ModelImportError(`layer ${layerName} (${className}) has a setting NN Designer cannot take: ${resolved.error}`, join(path, 'config'));
    return defined;
  }
}

/** Reads the layer list of a Sequential config: Keras 2.0 wrote a bare list, later versions `{name, layers}`. */
function sequentialLayers(config: unknown, path: string): { layers: unknown[]; path: string } {
  if (Array.isArray(config)) return { layers: config, path };
  const obj = expectObject(config, path, 'a Sequential config');
  return { layers: expectArray(obj.layers, join(path, 'layers'), 'Sequential layers'), path: join(path, 'layers') };
}

function functionalLayers(config: unknown, path: string): unknown[] {
  const obj = expectObject(config, path, 'a functional model config');
  return expectArray(obj.layers, join(path, 'layers'), 'the model\'s layers');
}

/** The class, names and config of one layer entry, checked. */
function readEntry(raw: unknown, path: string, functional: boolean): LayerEntry {
  const obj = expectObject(raw, path, 'a layer entry');
  const className = expectString(obj.class_name, join(path, 'class_name'), 'a layer\'s class_name');
  const config = MODEL_CLASSES.has(className) && Array.isArray(obj.config) ? { layers: obj.config } : obj.config;
  const cfg = expectObject(config ?? {}, join(path, 'config'), `the config of a ${className} layer`);
  const nameRaw = obj.name ?? cfg.name;
  const name = typeof nameRaw === 'string' && nameRaw !== '' ? nameRaw : baseNameFor(className);
  const registeredName = typeof obj.registered_name === 'string' ? obj.registered_name : undefined;
  const calls = functional ? readInboundNodes(obj.inbound_nodes, join(path, 'inbound_nodes')) : [];
  return { className, ...(registeredName !== undefined ? { registeredName } : {}), name, config: cfg, calls, path };
}

/**
 * One list of input references per call. Keras 2 and tfjs write each call as a list of
 * `[layer, nodeIndex, tensorIndex, kwargs]`; Keras 3 writes `{args, kwargs}` holding
 * `__keras_tensor__` objects whose `keras_history` is that same triple.
 */
function readInboundNodes(raw: unknown, path: string): KerasRef[][] {
  if (raw === undefined) return [];
  return expectArray(raw, path, 'inbound_nodes').map((call, c) => {
    const callPath = join(path, c);
    if (isObject(call)) {
      const refs: KerasRef[] = [];
      collectKerasTensors(call.args, join(callPath, 'args'), refs);
      if (isObject(call.kwargs))
        for (const [key, value] of Object.entries(call.kwargs))
          if (!NON_DATA_KWARGS.has(key)) collectKerasTensors(value, join(join(callPath, 'kwargs'), key), refs);
      return refs;
    }
    const refs: KerasRef[] = [];
    expectArray(call, callPath, 'an inbound node').forEach((item, i) => {
      const itemPath = join(callPath, i);
      const triple = expectArray(item, itemPath, 'an inbound tensor reference');
      refs.push(readTriple(triple, itemPath));
      const kwargs = triple[3];
      if (isObject(kwargs))
        for (const [key, value] of Object.entries(kwargs))
          if (!NON_DATA_KWARGS.has(key) && isTriple(value)) refs.push(readTriple(value as unknown[], join(join(itemPath, 3), key)));
    });
    return refs;
  });
}

function isTriple(v: unknown): boolean {
  return Array.isArray(v) && v.length >= 3 && typeof v[0] === 'string' && typeof v[1] === 'number' && typeof v[2] === 'number';
}

function readTriple(triple: unknown[], path: string): KerasRef {
  if (!isTriple(triple))
    throw new ModelImportError('a tensor reference should be [layer name, node index, tensor index]', path);
  return { layer: triple[0] as string, nodeIndex: triple[1] as number, tensorIndex: triple[2] as number, path };
}

function collectKerasTensors(value: unknown, path: string, refs: KerasRef[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => collectKerasTensors(v, join(path, i), refs));
  else if (isObject(value) && value.class_name === KERAS_TENSOR) {
    const config = expectObject(value.config, join(path, 'config'), 'a Keras tensor');
    const history = expectArray(config.keras_history, join(join(path, 'config'), 'keras_history'), 'keras_history');
    refs.push(readTriple(history, join(join(path, 'config'), 'keras_history')));
  }
}

/** `[[name, node, tensor], …]`, or Keras 3's single `[name, node, tensor]` for one tensor. */
function readEndpoints(raw: unknown, path: string, what: string): KerasRef[] {
  const list = expectArray(raw, path, what);
  if (isTriple(list)) return [readTriple(list, path)];
  return list.map((item, i) => readTriple(expectArray(item, join(path, i), what), join(path, i)));
}

/**
 * Every layer of a model, nested ones too: their names (so generated names stay clear of
 * them) and the entries whose class the catalog does not know.
 */
function survey(className: string, config: unknown, path: string, catalog: LayerCatalog, names: Map<string, number>, unknown: LayerEntry[]): void {
  const { layers, path: layersPath } =
    className === 'Sequential' ? sequentialLayers(config, path) : { layers: functionalLayers(config, path), path: join(path, 'layers') };
  layers.forEach((raw, i) => {
    const entry = readEntry(raw, join(layersPath, i), false);
    if (MODEL_CLASSES.has(entry.className)) survey(entry.className, entry.config, join(entry.path, 'config'), catalog, names, unknown);
    else {
      const name = sanitizeName(entry.name);
      names.set(name, (names.get(name) ?? 0) + 1);
      if (!catalog.forKerasClass(entry.className)) unknown.push(entry);
    }
  });
}

function unknownClassError(entries: LayerEntry[]): ModelImportError {
  const describeEntry = (e: LayerEntry) => {
    const custom = e.registeredName !== undefined && e.registeredName !== e.className;
    return { label: custom ? `${e.className} (${e.registeredName})` : e.className, custom };
  };
  // A custom class is the one that no catalog update will fix, so it leads.
  const unknown = [...entries].sort((a, b) => Number(describeEntry(b).custom) - Number(describeEntry(a).custom));
  const first = unknown[0]!;
  const { label, custom } = describeEntry(first);
  const reason = custom
    ? 'NN Designer cannot rebuild custom Keras layers; replace it with built-in layers and export again'
    : 'NN Designer has no layer kind for this Keras class';
  const others = unknown.slice(1).map((e) => `${describeEntry(e).label} in ${e.name}`);
  const also = others.length ? `; also unknown: ${others.join(', ')}` : '';
  return new ModelImportError(`unknown layer class ${label} in layer ${first.name} — ${reason}${also}`, first.path);
}

class Importer {
  /** The layers of each model nested in the top-level one: they become a collapsible group. */
  readonly nestedModels: { name: string; nodeIds: string[] }[] = [];

  constructor(private readonly builder: GraphBuilder) {}

  /** Builds (or, for a nested model, inlines) a model; `inputs` null means it is the top-level model. */
  buildModel(className: string, config: Json | unknown[], path: string, inputs: TensorRef[] | null, scope: ModelScope, qualifier: string[]): TensorRef[] {
    if (className === 'Sequential') return this.buildSequential(config, path, inputs, scope, qualifier);
    if (className === 'Functional' || className === 'Model') return this.buildFunctional(expectObject(config, path, 'a model config'), path, inputs, scope, qualifier);
    throw new ModelImportError(`the file holds a ${className}, not a Keras model (Sequential or Functional)`, path);
  }

  private buildSequential(config: Json | unknown[], path: string, inputs: TensorRef[] | null, scope: ModelScope, qualifier: string[]): TensorRef[] {
    const { layers, path: layersPath } = sequentialLayers(config, path);
    const entries = layers.map((raw, i) => readEntry(raw, join(layersPath, i), false));
    if (entries.length === 0) throw new ModelImportError('the Sequential model has no layers', layersPath);
    let current: TensorRef[];
    let rest = entries;
    if (entries[0]!.className === 'InputLayer') {
      rest = entries.slice(1);
      current = inputs ?? [this.builder.addInput(entries[0]!)];
    } else if (inputs) current = inputs;
    else current = [this.builder.addInput(this.synthesizedInput(entries, config, layersPath))];
    for (const entry of rest) {
      if (entry.className === 'InputLayer')
        throw new ModelImportError(`a Sequential model can only start with an InputLayer, but ${entry.name} comes later`, entry.path);
      // A layer's extra outputs (an LSTM's states) never flow on in a Sequential.
      current = this.callLayer(entry, current, scope, qualifier).slice(0, 1);
    }
    return current;
  }

  /**
   * A Sequential without an InputLayer knows its input from the first layer's
   * `batch_input_shape` / `batch_shape`, Keras 3's `build_input_shape`, or (a Sequential
   * that starts with a nested model) that model's own input.
   */
  private synthesizedInput(entries: LayerEntry[], config: Json | unknown[], path: string): { name: string; config: Json; path: string } {
    const first = entries[0]!;
    const fromFirst = inputFromFirstLayer(first, this.builder.catalog);
    if (fromFirst) return fromFirst;
    const built = isObject(config) ? config.build_input_shape : undefined;
    if (Array.isArray(built)) return { name: `${first.name}_input`, config: { batch_input_shape: built }, path };
    if (MODEL_CLASSES.has(first.className)) {
      const nested = this.nestedInputConfig(first.className, first.config, join(first.path, 'config'));
      if (nested) return nested;
    }
    throw new ModelImportError(
      `the Sequential model does not say its input shape (no InputLayer, and its first layer ${first.name} has no batch_input_shape) — build the model with an Input in Keras and export it again`,
      first.path,
    );
  }

  private nestedInputConfig(className: string, config: Json, path: string): { name: string; config: Json; path: string } | null {
    if (className === 'Sequential') {
      const { layers, path: layersPath } = sequentialLayers(config, path);
      const entries = layers.map((raw, i) => readEntry(raw, join(layersPath, i), false));
      const first = entries[0];
      if (!first) return null;
      if (first.className === 'InputLayer') return first;
      return inputFromFirstLayer(first, this.builder.catalog) ?? (MODEL_CLASSES.has(first.className) ? this.nestedInputConfig(first.className, first.config, join(first.path, 'config')) : null);
    }
    const entries = functionalLayers(config, path).map((raw, i) => readEntry(raw, join(join(path, 'layers'), i), true));
    const inputs = entries.filter((e) => e.className === 'InputLayer');
    if (inputs.length !== 1) return null;
    return inputs[0]!;
  }

  private buildFunctional(config: Json, path: string, inputs: TensorRef[] | null, scope: ModelScope, qualifier: string[]): TensorRef[] {
    const layersPath = join(path, 'layers');
    const entries = functionalLayers(config, path).map((raw, i) => readEntry(raw, join(layersPath, i), true));
    const byName = new Map<string, LayerEntry>();
    for (const e of entries) {
      if (byName.has(e.name)) throw new ModelImportError(`two layers are named ${e.name}`, e.path);
      byName.set(e.name, e);
    }
    const inputRefs = readEndpoints(config.input_layers, join(path, 'input_layers'), 'input_layers');
    const outputRefs = readEndpoints(config.output_layers, join(path, 'output_layers'), 'output_layers');

    // Keras 2 and tfjs count a nested model's own inner call as its node 0, so the calls
    // listed in inbound_nodes are referenced from 1; Keras 3 counts a nested Sequential
    // from 0. The highest reference tells which numbering a file uses.
    const maxRef = new Map<string, number>();
    for (const ref of [...entries.flatMap((e) => e.calls.flat()), ...outputRefs])
      maxRef.set(ref.layer, Math.max(maxRef.get(ref.layer) ?? 0, ref.nodeIndex));
    const shiftOf = (entry: LayerEntry) =>
      MODEL_CLASSES.has(entry.className) && (maxRef.get(entry.name) ?? 0) >= entry.calls.length ? 1 : 0;

    const inputTensors = new Map<string, TensorRef>();
    if (inputs) {
      if (inputs.length !== inputRefs.length)
        throw new ModelImportError(`the nested model is called with ${inputs.length} inputs but has ${inputRefs.length}`, join(path, 'input_layers'));
      inputRefs.forEach((ref, i) => inputTensors.set(ref.layer, inputs[i]!));
    }

    const results = new Map<string, TensorRef[]>();
    const inProgress = new Set<string>();
    const resolve = (ref: KerasRef): TensorRef => {
      const entry = byName.get(ref.layer);
      if (!entry) throw new ModelImportError(`refers to a layer named ${ref.layer}, which the model does not have`, ref.path);
      const outputs = resolveCall(entry, ref.nodeIndex - shiftOf(entry), ref.path);
      const tensor = outputs[ref.tensorIndex];
      if (!tensor)
        throw new ModelImportError(`refers to output ${ref.tensorIndex} of ${ref.layer}, which has ${outputs.length} output${outputs.length === 1 ? '' : 's'}`, ref.path);
      return tensor;
    };
    const resolveCall = (entry: LayerEntry, call: number, refPath: string): TensorRef[] => {
      const key = `${entry.name}#${call}`;
      const done = results.get(key);
      if (done) return done;
      let outputs: TensorRef[];
      if (entry.className === 'InputLayer') {
        if (call !== 0) throw new ModelImportError(`refers to call ${call} of the input ${entry.name}, which has only one`, refPath);
        const given = inputTensors.get(entry.name);
        if (inputs && !given) throw new ModelImportError(`the nested model's InputLayer ${entry.name} is not one of its input_layers`, entry.path);
        outputs = [given ?? this.builder.addInput(entry)];
      } else {
        const refs = entry.calls[call];
        if (!refs)
          throw new ModelImportError(
            `refers to call ${call} of layer ${entry.name}, which is called ${entry.calls.length} time${entry.calls.length === 1 ? '' : 's'} in this model`,
            refPath,
          );
        if (inProgress.has(key)) throw new ModelImportError(`layer ${entry.name} feeds into itself — the model has a cycle`, entry.path);
        inProgress.add(key);
        const args = refs.map(resolve);
        inProgress.delete(key);
        outputs = this.callLayer(entry, args, scope, qualifier);
      }
      results.set(key, outputs);
      return outputs;
    };

    // Layers in file order, so the document reads in the order the model was written.
    for (const ref of inputRefs) resolve(ref);
    for (const entry of entries) {
      if (entry.className === 'InputLayer') continue;
      entry.calls.forEach((_, call) => resolveCall(entry, call, entry.path));
    }
    return outputRefs.map(resolve);
  }

  private callLayer(entry: LayerEntry, inputs: TensorRef[], scope: ModelScope, qualifier: string[]): TensorRef[] {
    if (MODEL_CLASSES.has(entry.className)) {
      const first = this.builder.nodes.length;
      const outputs = this.buildModel(entry.className, entry.config, join(entry.path, 'config'), inputs, scope.child(entry.name), [entry.name, ...qualifier]);
      const nodeIds = this.builder.nodes.slice(first).map((n) => n.id);
      // Models nested deeper stay inside their outer model's group (a layer is in one group at most).
      if (qualifier.length === 0 && nodeIds.length >= 2) this.nestedModels.push({ name: entry.name, nodeIds });
      return outputs;
    }
    return this.builder.addLayerCall(entry, inputs, scope, qualifier);
  }
}

const COLUMN_WIDTH = 240;
const ROW_HEIGHT = 120;

/** Columns by longest path from an input, rows in document order: the graph reads left to right. */
function layeredLayout(nodes: GraphNode[], edges: GraphEdge[]): GraphNode[] {
  const depth = new Map(nodes.map((n) => [n.id, 0]));
  const incoming = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) incoming.get(e.target)?.push(e.source);
  // Nodes are created after everything they read from, so one pass in order settles depths.
  for (const n of nodes) {
    const sources = incoming.get(n.id)!;
    if (sources.length) depth.set(n.id, 1 + Math.max(...sources.map((s) => depth.get(s) ?? 0)));
  }
  const rows = new Map<number, number>();
  return nodes.map((n) => {
    const column = depth.get(n.id)!;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    return { ...n, position: { x: column * COLUMN_WIDTH, y: row * ROW_HEIGHT } };
  });
}

/** Keras names the layers of a repeated block by the block: `block_3_expand`, `conv2_block1_1_conv`, `block1a_se_squeeze`. */
const BLOCK_NAME = /^(.*?block_?\d+[a-z]?)_/;

/**
 * The repeated blocks of a model, by Keras's naming: runs of consecutive layers whose names
 * share a block prefix (two layers at least), outside any nested model's group.
 */
function repeatedBlocks(nodes: readonly GraphNode[], taken: ReadonlySet<string>): { name: string; nodeIds: string[] }[] {
  const runs: { name: string | null; nodeIds: string[] }[] = [];
  for (const node of nodes) {
    const prefix = taken.has(node.id) ? null : (BLOCK_NAME.exec(node.name)?.[1] ?? null);
    const last = runs[runs.length - 1];
    if (prefix !== null && last?.name === prefix) last.nodeIds.push(node.id);
    else runs.push({ name: prefix, nodeIds: [node.id] });
  }
  return runs.filter((r): r is { name: string; nodeIds: string[] } => r.name !== null && r.nodeIds.length >= 2);
}

/**
 * A Keras / TensorFlow.js model file → a graph document. Nested models are inlined as a
 * group each, and so are repeated blocks Keras named by the block (positions here are a quick longest-path grid; `layOutEstimated` gives the
 * layered layout with routed wires), a layer
 * called several times becomes several nodes sharing the first one's weights, and every
 * layer class maps through the catalog. Throws a ModelImportError naming the place for a
 * file it cannot read, and for a layer class it has no kind for.
 */
export function importModelJson(json: unknown, catalog: LayerCatalog): ImportResult {
  const { model, path } = locateModel(json);
  const className = expectString(model.class_name, join(path, 'class_name'), 'the model\'s class_name');
  if (!MODEL_CLASSES.has(className))
    throw new ModelImportError(`the file holds a ${className}, not a Keras model (Sequential or Functional)`, join(path, 'class_name'));
  const configPath = join(path, 'config');
  const config = model.config;
  if (!Array.isArray(config)) expectObject(config, configPath, 'the model config');

  const nameCounts = new Map<string, number>();
  const unknown: LayerEntry[] = [];
  survey(className, config, configPath, catalog, nameCounts, unknown);
  if (unknown.length) throw unknownClassError(unknown);
  const builder = new GraphBuilder(catalog, nameCounts);
  const importer = new Importer(builder);
  const outputs = importer.buildModel(className, config as Json | unknown[], configPath, null, new ModelScope(), []);

  const warnings: string[] = [];
  if (builder.frozen.length)
    warnings.push(
      `${builder.frozen.length} layer${builder.frozen.length === 1 ? ' was' : 's were'} frozen in Keras (trainable: false): ${builder.frozen.join(', ')} — NN Designer trains every layer`,
    );
  const feedsOthers = new Set(builder.edges.map((e) => e.source));
  for (const out of outputs)
    if (feedsOthers.has(out.nodeId))
      warnings.push(`${out.nodeId} is a model output in Keras but also feeds other layers; here only layers nothing reads from are outputs, so it is not one`);

  const name = isObject(config) && typeof config.name === 'string' ? config.name : 'Imported model';
  const document: GraphDocument = {
    ...emptyDocument(name),
    nodes: layeredLayout(idInputsAsInt32(builder.nodes, builder.edges, catalog), builder.edges),
    edges: builder.edges,
  };
  const groups = [...importer.nestedModels, ...repeatedBlocks(builder.nodes, new Set(importer.nestedModels.flatMap((m) => m.nodeIds)))];
  if (groups.length) document.groups = groups.map((g, i) => ({ id: `group_${i + 1}`, name: g.name, nodeIds: g.nodeIds, collapsed: false }));
  for (const problem of analyzeGraph(document, catalog).problems)
    warnings.push(`${problem.nodeId ? `${problem.nodeId}: ` : ''}${problem.message}`);
  return { document, warnings };
}
