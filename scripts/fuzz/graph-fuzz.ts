/**
 * Property-based fuzzing of the project document: random documents, valid and broken, go
 * through what opening and training a project does — load (JSON text → parseDocument) →
 * validate → shape inference → (when valid) compile and one training step on tiny random
 * data. Each case is judged against the properties of issue #22:
 *  - nothing throws past the API (a refused file is a DocumentError / JSON error naming its
 *    place; validation returns problems, never throws);
 *  - every problem names a node, or is one of the whole-graph problems;
 *  - every graph that validates compiles, and tfjs's output shapes equal the inferred ones;
 *  - save → load is the identity;
 *  - undoing any sequence of edits restores the document.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { validateProjectFile } from '../../electron/cli/validate';
import fc from 'fast-check';
import { z } from 'zod';
import { compileGraph } from '../../shared/compile/compile';
import { addNode, connect, disconnect, moveNodes, removeNodes, renameNode, setParams } from '../../shared/graph/actions';
import { analyzeGraph, type GraphAnalysis } from '../../shared/graph/analyze';
import { emptyDocument, GRAPH_FORMAT, GRAPH_VERSION, parseDocument, serializeDocument, DocumentError, type GraphDocument } from '../../shared/graph/document';
import { catalog } from '../../shared/layers';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import type { AnyLayerSpec, Shape } from '../../shared/layers/types';
import { pushHistory, startHistory, undoHistory } from '../../renderer/src/store/history';

/** Problems that concern the whole graph and so cannot name a node. */
const WHOLE_GRAPH_CODES = new Set(['no-input', 'no-output']);

export interface GraphFuzzCrash {
  property: string;
  message: string;
  /** The document text that broke it (minimal where fast-check shrank it). */
  input: string;
}

export interface GraphFuzzStats {
  graphs: number;
  refusedFiles: number;
  invalid: number;
  valid: number;
  trained: number;
  crashes: GraphFuzzCrash[];
}

// ---------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------

const KINDS = catalog.all();
const TYPES = KINDS.map((k) => k.type);

/** The enum options of a parameter's schema (through defaults and optionals), if it is one. */
function enumOptions(schema: z.ZodType): string[] | undefined {
  let current: unknown = schema;
  for (let depth = 0; depth < 5 && current; depth++) {
    const def = (current as { def?: { innerType?: unknown; type?: string; entries?: Record<string, string> } }).def;
    if (!def) return undefined;
    if (def.type === 'enum' && def.entries) return Object.values(def.entries);
    current = def.innerType;
  }
  return undefined;
}

const oddNumber = fc.constantFrom(0, -1, -5, 0.5, 1e9, 1e15, 2 ** 31, 3.7);
const smallInt = fc.integer({ min: 1, max: 12 });

/** A parameter value: mostly a plausible one of the default's type, sometimes a hostile one. */
function valueArb(defaultValue: unknown, options: string[] | undefined, withHostile = true): fc.Arbitrary<unknown> {
  const hostile = fc.oneof(fc.constant(null), fc.string({ maxLength: 6 }), oddNumber, fc.constant([]), fc.constant({}), fc.boolean());
  let plausible: fc.Arbitrary<unknown>;
  if (options) plausible = fc.constantFrom(...options);
  else if (typeof defaultValue === 'number') plausible = Number.isInteger(defaultValue) ? smallInt : fc.double({ min: 0, max: 0.9, noNaN: true });
  else if (typeof defaultValue === 'boolean') plausible = fc.boolean();
  else if (Array.isArray(defaultValue)) plausible = fc.array(fc.integer({ min: -1, max: 6 }), { minLength: 0, maxLength: 4 });
  else if (defaultValue === null) plausible = fc.option(smallInt, { nil: null });
  else plausible = fc.constant(defaultValue);
  if (!withHostile) return plausible;
  return fc.oneof({ weight: 6, arbitrary: plausible }, { weight: 1, arbitrary: hostile });
}

function paramsArb(kind: AnyLayerSpec, hostile = true): fc.Arbitrary<Record<string, unknown>> {
  const defaults = kind.params.safeParse({});
  const base = (defaults.success ? defaults.data : {}) as Record<string, unknown>;
  const shape = (kind.params as z.ZodObject).shape as Record<string, z.ZodType>;
  const keys = Object.keys(shape);
  if (keys.length === 0) return fc.constant({});
  return fc
    .record(Object.fromEntries(keys.map((key) => [key, fc.option(valueArb(base[key], enumOptions(shape[key]!), hostile), { freq: 3, nil: undefined })])))
    .map((overrides) => Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)));
}

const inputShapeArb: fc.Arbitrary<(number | null)[]> = fc.oneof(
  fc.constantFrom<(number | null)[]>([4], [6], [5, 3], [8, 4], [6, 6, 1], [8, 8, 3], [7, 7, 2], [4, 4, 4, 1]),
  fc.array(fc.oneof(smallInt, fc.constant(null)), { minLength: 1, maxLength: 4 }),
);

interface NodeDraft {
  type: string;
  params: Record<string, unknown>;
}

const layerTypeArb = fc.constantFrom(...TYPES.filter((t) => t !== 'Input'));

const nodeDraftArb: fc.Arbitrary<NodeDraft> = fc.oneof(
  { weight: 30, arbitrary: layerTypeArb.chain((type) => paramsArb(catalog.kind(type)!).map((params) => ({ type, params }))) },
  { weight: 1, arbitrary: fc.constant({ type: 'Nonsense', params: {} }) },
);

/** Drafts for a graph meant to be valid: plausible parameters only, and more of them. */
const plausibleDraftsArb = fc.array(
  layerTypeArb.chain((type) => paramsArb(catalog.kind(type)!, false).map((params) => ({ type, params }))),
  { minLength: 2, maxLength: 12 },
);

interface EdgeDraft {
  from: number;
  to: number;
  fromPort: number;
  toPort: number;
}

/** How a drafted document is damaged on its way to a file. */
type Corruption =
  | { kind: 'none' }
  | { kind: 'truncate'; at: number }
  | { kind: 'future-version' }
  | { kind: 'duplicate-id' }
  | { kind: 'duplicate-name' }
  | { kind: 'wrong-type'; field: 'nodes' | 'params' | 'position' | 'edges' | 'name' }
  | { kind: 'dangling-handle' }
  | { kind: 'dangling-node' }
  | { kind: 'self-loop' }
  | { kind: 'drop-field'; field: 'format' | 'version' | 'nodes' | 'training' };

const corruptionArb: fc.Arbitrary<Corruption> = fc.oneof(
  { weight: 12, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((at) => ({ kind: 'truncate' as const, at })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'future-version' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate-id' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate-name' as const }) },
  { weight: 1, arbitrary: fc.constantFrom('nodes', 'params', 'position', 'edges', 'name').map((field) => ({ kind: 'wrong-type' as const, field: field as 'nodes' })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'dangling-handle' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'dangling-node' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'self-loop' as const }) },
  { weight: 1, arbitrary: fc.constantFrom('format', 'version', 'nodes', 'training').map((field) => ({ kind: 'drop-field' as const, field: field as 'format' })) },
);

export interface GraphCase {
  inputShape: (number | null)[];
  inputInt: boolean;
  nodes: NodeDraft[];
  /** The drafts a repaired (valid) graph grows from. */
  plausibleNodes: NodeDraft[];
  /** Extra edges besides the chain; may point backwards (cycles) or to missing ports. */
  extraEdges: EdgeDraft[];
  /** For each node after the first: which earlier node feeds it (0 = the one just before). */
  feedBack: number[];
  corruption: Corruption;
  /** Keep only the nodes that leave the graph valid (a random valid graph), instead of all. */
  repair: boolean;
}

export const graphCaseArb: fc.Arbitrary<GraphCase> = fc.record({
  inputShape: inputShapeArb,
  inputInt: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  nodes: fc.array(nodeDraftArb, { minLength: 0, maxLength: 6 }),
  plausibleNodes: plausibleDraftsArb,
  extraEdges: fc.array(fc.record({ from: fc.nat(7), to: fc.nat(7), fromPort: fc.nat(2), toPort: fc.nat(3) }), { maxLength: 2 }),
  feedBack: fc.array(fc.nat(2), { minLength: 6, maxLength: 6 }),
  corruption: corruptionArb,
  repair: fc.boolean(),
});

/** The drafted document as an in-memory object built with the app's own edit actions where it can. */
export function buildDocument(c: GraphCase): GraphDocument {
  let doc = emptyDocument('fuzzed');
  doc = addNode(doc, { type: 'Input', params: { shape: c.inputShape, dtype: c.inputInt ? 'int32' : 'float32' } });
  const ids = [doc.nodes[0]!.id];
  if (c.repair) return grownValid(doc, c.plausibleNodes);
  for (const draft of c.nodes) {
    // addNode validates nothing about params (documents may hold invalid ones: the validator says so).
    doc = addNode(doc, { type: draft.type, params: draft.params });
    ids.push(doc.nodes[doc.nodes.length - 1]!.id);
  }
  const portsOf = (id: string) => catalog.kind(doc.nodes.find((n) => n.id === id)!.type);
  const edges = doc.edges.slice();
  let edgeNumber = 0;
  const addEdge = (source: string, target: string, fromPort: number, toPort: number) => {
    const sourceKind = portsOf(source);
    const targetKind = portsOf(target);
    const sourceHandle = sourceKind?.outputs[fromPort % Math.max(1, sourceKind.outputs.length)]?.name ?? 'out';
    const targetHandle = targetKind?.inputs[toPort % Math.max(1, targetKind.inputs.length)]?.name ?? 'in';
    edges.push({ id: `e_fuzz_${edgeNumber++}`, source, sourceHandle, target, targetHandle });
  };
  for (let i = 1; i < ids.length; i++) {
    const from = Math.max(0, i - 1 - (c.feedBack[i - 1] ?? 0));
    addEdge(ids[from]!, ids[i]!, 0, 0);
    // Two-input kinds (merges, attention) get the same tensor twice, as a person wiring self-attention does.
    const kind = portsOf(ids[i]!);
    if (kind && (kind.inputs.length > 1 || kind.inputs[0]?.multiple)) addEdge(ids[from]!, ids[i]!, 0, 1);
  }
  for (const extra of c.extraEdges) if (ids.length > 1) addEdge(ids[extra.from % ids.length]!, ids[extra.to % ids.length]!, extra.fromPort, extra.toPort);
  return { ...doc, edges };
}

/** A chain grown from the drafts, keeping each node only if the graph stays free of node errors. */
function grownValid(start: GraphDocument, drafts: NodeDraft[]): GraphDocument {
  let doc = start;
  let last = doc.nodes[0]!.id;
  for (const draft of drafts) {
    const kind = catalog.kind(draft.type);
    if (!kind) continue;
    let next = addNode(doc, { type: draft.type, params: draft.params });
    const id = next.nodes[next.nodes.length - 1]!.id;
    try {
      next = connect(next, { source: last, target: id, targetHandle: kind.inputs[0]?.name });
      if (kind.inputs.length > 1 || kind.inputs[0]?.multiple) next = connect(next, { source: last, target: id, targetHandle: kind.inputs[1]?.name ?? kind.inputs[0]!.name });
    } catch {
      continue;
    }
    if (analyzeGraph(next, catalog).problems.some((p) => p.severity === 'error' && p.nodeId)) continue;
    doc = next;
    last = id;
  }
  return doc;
}

/** The file text of a drafted case, damaged as the case says. */
export function caseText(c: GraphCase): string {
  const doc = buildDocument(c);
  const raw = JSON.parse(serializeDocument(doc)) as Record<string, unknown> & { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] };
  const corruption = c.corruption;
  switch (corruption.kind) {
    case 'none':
    case 'truncate':
      break;
    case 'future-version':
      raw.version = GRAPH_VERSION + 1;
      break;
    case 'duplicate-id':
      if (raw.nodes.length > 1) raw.nodes[1]!.id = raw.nodes[0]!.id;
      break;
    case 'duplicate-name':
      if (raw.nodes.length > 1) raw.nodes[1]!.name = raw.nodes[0]!.name;
      break;
    case 'wrong-type':
      if (corruption.field === 'nodes') raw.nodes = 'nodes' as never;
      else if (corruption.field === 'edges') raw.edges = {} as never;
      else if (corruption.field === 'name') raw.name = 42;
      else if (raw.nodes.length > 0) raw.nodes[raw.nodes.length - 1]![corruption.field] = corruption.field === 'params' ? 'x' : null;
      break;
    case 'dangling-handle':
      if (raw.edges.length > 0) raw.edges[0]!.targetHandle = 'no_such_port';
      break;
    case 'dangling-node':
      if (raw.edges.length > 0) raw.edges[0]!.source = 'no_such_node';
      break;
    case 'self-loop':
      if (raw.nodes.length > 1) raw.edges.push({ id: 'e_self', source: raw.nodes[1]!.id, sourceHandle: 'out', target: raw.nodes[1]!.id, targetHandle: 'in' });
      break;
    case 'drop-field':
      delete raw[corruption.field];
      break;
  }
  const text = JSON.stringify(raw, null, 1);
  return corruption.kind === 'truncate' ? text.slice(0, Math.floor(corruption.at * text.length)) : text;
}

// ---------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------

type Outcome = 'refused-file' | 'invalid' | 'valid' | 'trained';

class PropertyFailure extends Error {
  constructor(
    readonly property: string,
    message: string,
  ) {
    super(message);
  }
}

/** JSON text → document, the way opening a project reads it. */
function load(text: string): GraphDocument | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null; // The host reports a JSON syntax error with its line and column (projects.ts).
  }
  try {
    return parseDocument(json);
  } catch (err) {
    if (!(err instanceof DocumentError)) throw new PropertyFailure('load refuses with a DocumentError', describe(err));
    // The root-level refusals (not an object) concern the whole file; every other names a path.
    if (err.path === undefined && !/must be a JSON object/.test(err.message))
      throw new PropertyFailure('a refused file names its JSON path', err.message);
    return null;
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}\n${err.stack?.split('\n').slice(1, 4).join('\n')}` : String(err);
}

function checkProblems(analysis: GraphAnalysis) {
  for (const problem of analysis.problems) {
    if (!problem.nodeId && !WHOLE_GRAPH_CODES.has(problem.code))
      throw new PropertyFailure('every problem names a node', `${problem.code}: ${problem.message}`);
    if (!problem.message || /undefined|NaN|\[object Object\]/.test(problem.message))
      throw new PropertyFailure('problems are plain sentences', `${problem.code}: ${problem.message}`);
  }
}

function checkRoundTrip(doc: GraphDocument) {
  const again = parseDocument(JSON.parse(serializeDocument(doc)));
  if (serializeDocument(again) !== serializeDocument(doc)) throw new PropertyFailure('save → load is the identity', 'the document changed on a round trip');
}

/** A concrete size for a free dimension, small enough to train on. */
const concrete = (shape: Shape, free = 3) => shape.map((d) => d ?? free);

/** Tiny random data of the model's input shapes: ids and graph indices 0, so any vocabulary fits. */
function randomBatch(model: tf.LayersModel, batch: number): tf.Tensor[] {
  return model.inputs.map((input) => {
    const shape = [batch, ...concrete(input.shape.slice(1))];
    return input.dtype === 'int32' ? tf.zeros(shape, 'int32') : tf.randomUniform(shape);
  });
}

async function checkCompileAndTrain(doc: GraphDocument, analysis: GraphAnalysis): Promise<boolean> {
  let compiled;
  try {
    compiled = compileGraph(doc, tfjsCatalog);
  } catch (err) {
    throw new PropertyFailure('every graph that validates compiles', describe(err));
  }
  const { model } = compiled;
  try {
    const inferred = analysis.outputs.flatMap((id) => analysis.nodes.get(id)!.outputShapes);
    const actual = model.outputs.map((o) => o.shape);
    if (JSON.stringify(inferred) !== JSON.stringify(actual))
      throw new PropertyFailure('tfjs shapes equal the inferred ones', `inferred ${JSON.stringify(inferred)}, tfjs ${JSON.stringify(actual)}`);
    // The run refuses a model without weights before training (runner.ts, nothingToTrain).
    if (model.trainableWeights.length === 0) return false;
    // A free length (a sequence of any size) has no one size to make data of; compiling it was the check.
    if (model.inputs.some((input) => input.shape.slice(1).includes(null))) return false;
    // Graph models train full-batch on one graph through their own loop (node and graph
    // outputs differ in length): compiling them was the check.
    if (doc.nodes.some((n) => n.type === 'Input' && (n.params as { role?: string }).role)) return false;
    const batch = 2;
    const xs = randomBatch(model, batch);
    try {
      const predicted = model.predict(xs) as tf.Tensor | tf.Tensor[];
      const outputs = Array.isArray(predicted) ? predicted : [predicted];
      const ys = outputs.map((o) => tf.randomUniform(o.shape));
      tf.dispose(outputs);
      // One step the way the app's training loop takes it (shared/training/loop.ts): the
      // optimizer minimizes a loss over model.apply in training mode. Not model.fit: its
      // weighting of several outputs fails in tfjs when one is a sequence ("Operands could not
      // be broadcast together with shapes 2,8 and 2"), a path the app never takes.
      const optimizer = tf.train.sgd(0.01);
      tf.tidy(() => {
        optimizer.minimize(() => {
          const applied = model.apply(xs.length === 1 ? xs[0]! : xs, { training: true }) as tf.Tensor | tf.Tensor[];
          const predictions = Array.isArray(applied) ? applied : [applied];
          const losses = predictions.map((p, i) => tf.losses.meanSquaredError(ys[i]!, p));
          for (const penalty of model.calculateLosses()) losses.push(penalty);
          return tf.addN(losses) as tf.Scalar;
        });
      });
      optimizer.dispose();
      tf.dispose(ys);
    } catch (err) {
      // Sizes the validator accepts but that cannot be allocated here are a finding of their own, not a crash of ours.
      if (/out of memory|Array buffer allocation|Invalid typed array length|exceeds/i.test(String(err))) return false;
      throw new PropertyFailure('a graph that validates trains a step', describe(err));
    } finally {
      tf.dispose(xs);
    }
    return true;
  } finally {
    model.dispose();
  }
}

/** Random edits with undo history; undoing them all must give back the first document. */
function checkUndo(doc: GraphDocument, seed: number) {
  const random = mulberry32(seed);
  let history = startHistory(doc);
  const edits = 1 + Math.floor(random() * 6);
  for (let i = 0; i < edits; i++) {
    const present = history.present;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const node = pick(present.nodes);
    let next = present;
    try {
      const choice = Math.floor(random() * 6);
      if (choice === 0) next = addNode(present, { type: pick(TYPES)!, params: {} });
      else if (choice === 1 && node) next = removeNodes(present, [node.id]);
      else if (choice === 2 && node) next = setParams(present, node.id, { units: 1 + Math.floor(random() * 9) });
      else if (choice === 3 && node) next = renameNode(present, node.id, `renamed_${i}`);
      else if (choice === 4 && node) next = moveNodes(present, { [node.id]: { x: random() * 500, y: random() * 500 } });
      else if (choice === 5 && present.edges.length) next = disconnect(present, [present.edges[0]!.id]);
      else if (node && present.nodes.length > 1) next = connect(present, { source: present.nodes[0]!.id, target: node.id });
    } catch (err) {
      // Edit actions refuse impossible edits with an EditError; anything else escaped them.
      if ((err as Error).name !== 'EditError') throw new PropertyFailure('edit actions refuse with an EditError', describe(err));
    }
    history = pushHistory(history, next);
  }
  while (history.past.length) history = undoHistory(history);
  if (serializeDocument(history.present) !== serializeDocument(doc)) throw new PropertyFailure('undo restores the document', 'undoing every edit gave another document');
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One case through every property; throws a PropertyFailure on a violation. */
export async function runGraphCase(text: string, seed: number, train: boolean): Promise<Outcome> {
  const doc = load(text);
  if (!doc) return 'refused-file';
  let analysis: GraphAnalysis;
  try {
    analysis = analyzeGraph(doc, catalog);
  } catch (err) {
    throw new PropertyFailure('validation never throws', describe(err));
  }
  checkProblems(analysis);
  checkRoundTrip(doc);
  checkUndo(doc, seed);
  if (analysis.problems.some((p) => p.severity === 'error')) return 'invalid';
  if (!train) return 'valid';
  return (await checkCompileAndTrain(doc, analysis)) ? 'trained' : 'valid';
}

/**
 * What `nnd validate FILE` does with the text, in this process: it must answer 0 or 1 with
 * plain lines, or refuse the file with one of our located errors (printed as one line).
 */
async function checkValidateCommand(text: string): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'nnd-fuzz-validate-'));
  const file = path.join(dir, 'fuzzed.nnd.json');
  try {
    await writeFile(file, text);
    let outcome;
    try {
      outcome = await validateProjectFile(file);
    } catch (err) {
      const name = (err as Error).name;
      if (!['ProjectFileError', 'DocumentError', 'CliError'].includes(name)) throw new PropertyFailure('nnd validate answers with located lines', describe(err));
      if (!(err as Error).message.includes(file)) throw new PropertyFailure('nnd validate names the file it refuses', (err as Error).message);
      return;
    }
    if (outcome.exitCode !== 0 && outcome.exitCode !== 1) throw new PropertyFailure('nnd validate exits 0 or 1', String(outcome.exitCode));
    if (outcome.lines.length === 0 || outcome.lines.some((line) => !line.trim() || /\n\s+at /.test(line)))
      throw new PropertyFailure('nnd validate answers with plain lines', JSON.stringify(outcome.lines));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function fuzzGraphs(options: { count: number; seed: number; train?: boolean; onProgress?: (done: number) => void }): Promise<GraphFuzzStats> {
  const stats: GraphFuzzStats = { graphs: 0, refusedFiles: 0, invalid: 0, valid: 0, trained: 0, crashes: [] };
  const cases = fc.sample(graphCaseArb, { seed: options.seed, numRuns: options.count });
  for (const [index, c] of cases.entries()) {
    const text = caseText(c);
    stats.graphs++;
    try {
      // One case in ten also goes through `nnd validate` as a file (the rest stay in memory: faster).
      if (index % 10 === 0) await checkValidateCommand(text);
      const outcome = await runGraphCase(text, options.seed + index, options.train ?? true);
      if (outcome === 'refused-file') stats.refusedFiles++;
      else if (outcome === 'invalid') stats.invalid++;
      else if (outcome === 'valid') stats.valid++;
      else {
        stats.valid++;
        stats.trained++;
      }
    } catch (err) {
      const property = err instanceof PropertyFailure ? err.property : 'nothing throws past the API';
      stats.crashes.push({ property, message: describe(err), input: text });
    }
    options.onProgress?.(index + 1);
  }
  return stats;
}

export { GRAPH_FORMAT };
