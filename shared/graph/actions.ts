import type { GraphDocument, GraphEdge, GraphNode } from './document';
import { LAYER_NAME_PATTERN } from './document';
import { InputBindingSchema, OutputObjectiveSchema, type InputBinding, type OutputObjectiveInput } from './training-config';

/**
 * Pure edits of a graph document: `(doc, args) → doc`. They never mutate their input, so
 * the editor's undo history is simply the list of documents they returned.
 * An edit that cannot apply throws an `EditError`; the document is unchanged.
 */
export class EditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditError';
  }
}

/** A type in Keras's own snake_case naming, e.g. Conv2D → conv2d and MaxPooling2D → max_pooling2d. */
export function baseNameFor(type: string): string {
  // The two regular expressions of Keras's own to_snake_case.
  return type
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
}

/** The first `${base}_${k}` (k ≥ 1) not in `taken`. */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  const stem = LAYER_NAME_PATTERN.test(base) ? base.replace(/_\d+$/, '') : 'layer';
  for (let k = 1; ; k++) {
    const candidate = `${stem}_${k}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** `base` itself when free, else `base_2`, `base_3`, … (an edge id keeps the node names it joins intact). */
function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let k = 2; ; k++) if (!taken.has(`${base}_${k}`)) return `${base}_${k}`;
}

function nodeById(doc: GraphDocument, id: string): GraphNode {
  const node = doc.nodes.find((n) => n.id === id);
  if (!node) throw new EditError(`no node with id "${id}"`);
  return node;
}

export interface AddNodeArgs {
  type: string;
  params?: Record<string, unknown>;
  position?: { x: number; y: number };
  /** Chosen when absent: Keras-style `dense_3`. */
  name?: string;
  id?: string;
}

export function addNode(doc: GraphDocument, args: AddNodeArgs): GraphDocument {
  const names = new Set(doc.nodes.map((n) => n.name));
  const ids = new Set(doc.nodes.map((n) => n.id));
  if (args.name !== undefined) {
    if (!LAYER_NAME_PATTERN.test(args.name)) throw new EditError(`"${args.name}" is not a valid layer name`);
    if (names.has(args.name)) throw new EditError(`a layer named "${args.name}" already exists`);
  }
  if (args.id !== undefined && ids.has(args.id)) throw new EditError(`a node with id "${args.id}" already exists`);
  const name = args.name ?? uniqueName(baseNameFor(args.type), names);
  const id = args.id ?? (ids.has(name) ? uniqueName(name, ids) : name);
  const node: GraphNode = {
    id,
    type: args.type,
    name,
    params: { ...(args.params ?? {}) },
    position: args.position ?? { x: 0, y: 0 },
  };
  return { ...doc, nodes: [...doc.nodes, node] };
}

/** The id `addNode` gives the next node of this type (so a caller can wire it at once). */
export function nextNodeId(doc: GraphDocument, type: string): string {
  const after = addNode(doc, { type });
  return after.nodes[after.nodes.length - 1]!.id;
}

export function removeNodes(doc: GraphDocument, ids: readonly string[]): GraphDocument {
  const gone = new Set(ids);
  // A removed node's binding goes with it: a later node given the same id must not inherit it unseen.
  let training = doc.training;
  for (const id of ids) training = withoutBinding(training, id);
  return {
    ...doc,
    training,
    nodes: doc.nodes
      .filter((n) => !gone.has(n.id))
      .map((n) => (n.sharesWeightsWith && gone.has(n.sharesWeightsWith) ? withoutSharing(n) : n)),
    edges: doc.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
  };
}

function withoutSharing(n: GraphNode): GraphNode {
  const { sharesWeightsWith: _dropped, ...rest } = n;
  return rest;
}

export interface ConnectArgs {
  source: string;
  sourceHandle?: string;
  target: string;
  targetHandle?: string;
  id?: string;
  /**
   * A single-edge port already wired is rewired (what dropping a new wire on it means);
   * ports that take many edges (merges) keep their other edges.
   */
  targetTakesMany?: boolean;
}

export function connect(doc: GraphDocument, args: ConnectArgs): GraphDocument {
  nodeById(doc, args.source);
  nodeById(doc, args.target);
  if (args.source === args.target) throw new EditError('a layer cannot feed itself');
  const sourceHandle = args.sourceHandle ?? 'out';
  const targetHandle = args.targetHandle ?? 'in';
  const duplicate = doc.edges.some(
    (e) => e.source === args.source && e.sourceHandle === sourceHandle && e.target === args.target && e.targetHandle === targetHandle,
  );
  if (duplicate) return doc;
  const edgeIds = new Set(doc.edges.map((e) => e.id));
  const id = args.id ?? uniqueId(`e_${args.source}_${args.target}`, edgeIds);
  if (edgeIds.has(id)) throw new EditError(`an edge with id "${id}" already exists`);
  const kept = args.targetTakesMany
    ? doc.edges
    : doc.edges.filter((e) => !(e.target === args.target && e.targetHandle === targetHandle));
  const edge: GraphEdge = { id, source: args.source, sourceHandle, target: args.target, targetHandle };
  return { ...doc, edges: [...kept, edge] };
}

export function disconnect(doc: GraphDocument, edgeIds: readonly string[]): GraphDocument {
  const gone = new Set(edgeIds);
  return { ...doc, edges: doc.edges.filter((e) => !gone.has(e.id)) };
}

/** Merges `patch` into the node's params; a key set to `undefined` returns to its default. */
export function setParams(doc: GraphDocument, id: string, patch: Record<string, unknown>): GraphDocument {
  nodeById(doc, id);
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      if (n.id !== id) return n;
      const params = { ...n.params, ...patch };
      for (const [k, v] of Object.entries(patch)) if (v === undefined) delete params[k];
      return { ...n, params };
    }),
  };
}

export function renameNode(doc: GraphDocument, id: string, name: string): GraphDocument {
  nodeById(doc, id);
  if (!LAYER_NAME_PATTERN.test(name)) throw new EditError(`"${name}" is not a valid layer name`);
  if (doc.nodes.some((n) => n.name === name && n.id !== id)) throw new EditError(`a layer named "${name}" already exists`);
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, name } : n)) };
}

export function setLabel(doc: GraphDocument, id: string, label: string | undefined): GraphDocument {
  nodeById(doc, id);
  return {
    ...doc,
    nodes: doc.nodes.map((n) => {
      if (n.id !== id) return n;
      const { label: _old, ...rest } = n;
      return label ? { ...rest, label } : rest;
    }),
  };
}

export function moveNodes(doc: GraphDocument, positions: Record<string, { x: number; y: number }>): GraphDocument {
  // A routed wire whose end moved would now run through the old places: it goes back to a plain one.
  const routeStale = (e: GraphEdge) => e.route !== undefined && (positions[e.source] !== undefined || positions[e.target] !== undefined);
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (positions[n.id] ? { ...n, position: { ...positions[n.id]! } } : n)),
    edges: doc.edges.some(routeStale) ? doc.edges.map((e) => (routeStale(e) ? withoutRoute(e) : e)) : doc.edges,
  };
}

export function withoutRoute(edge: GraphEdge): GraphEdge {
  const { route: _dropped, ...plain } = edge;
  return plain;
}

/** A piece of a graph on its own: what copy puts on the clipboard and paste takes. */
export interface Subgraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The selected nodes and the edges between them (edges leaving the selection are dropped). */
export function extractSubgraph(doc: GraphDocument, ids: readonly string[]): Subgraph {
  const chosen = new Set(ids);
  return {
    nodes: doc.nodes.filter((n) => chosen.has(n.id)).map((n) => structuredClone(n)),
    edges: doc.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target)).map(withoutRoute),
  };
}

/**
 * Inserts a subgraph with fresh ids and names (so it can come from another project or be
 * pasted twice), moved by `offset`. Returns the document and the new ids in input order.
 */
export function pasteSubgraph(
  doc: GraphDocument,
  sub: Subgraph,
  offset: { x: number; y: number } = { x: 40, y: 40 },
): { doc: GraphDocument; nodeIds: string[] } {
  const names = new Set(doc.nodes.map((n) => n.name));
  const ids = new Set(doc.nodes.map((n) => n.id));
  const idMap = new Map<string, string>();
  const nodes: GraphNode[] = [];
  for (const n of sub.nodes) {
    const name = names.has(n.name) ? uniqueName(n.name, names) : n.name;
    names.add(name);
    const id = ids.has(n.id) || ids.has(name) ? uniqueName(name, ids) : n.id;
    ids.add(id);
    idMap.set(n.id, id);
    nodes.push({ ...structuredClone(n), id, name, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } });
  }
  for (const n of nodes) {
    if (n.sharesWeightsWith === undefined) continue;
    const mapped = idMap.get(n.sharesWeightsWith);
    // Sharing with a node outside the paste only makes sense in the same document.
    if (mapped) n.sharesWeightsWith = mapped;
    else if (!doc.nodes.some((m) => m.id === n.sharesWeightsWith)) delete n.sharesWeightsWith;
  }
  const edgeIds = new Set(doc.edges.map((e) => e.id));
  const edges: GraphEdge[] = [];
  for (const e of sub.edges) {
    const source = idMap.get(e.source);
    const target = idMap.get(e.target);
    if (!source || !target) continue;
    const id = uniqueId(`e_${source}_${target}`, edgeIds);
    edgeIds.add(id);
    edges.push({ ...e, id, source, target });
  }
  return { doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] }, nodeIds: nodes.map((n) => n.id) };
}

export function duplicateNodes(doc: GraphDocument, ids: readonly string[]): { doc: GraphDocument; nodeIds: string[] } {
  return pasteSubgraph(doc, extractSubgraph(doc, ids));
}

export function setTraining(doc: GraphDocument, training: GraphDocument['training']): GraphDocument {
  return { ...doc, training };
}

export function setDataset(doc: GraphDocument, dataset: GraphDocument['dataset']): GraphDocument {
  return { ...doc, dataset };
}

/** Drops `key` from a record, and the record itself once empty: a document without bindings saves as it did before them. */
function withoutKey<T>(record: Record<string, T> | undefined, key: string): Record<string, T> | undefined {
  if (!record || !(key in record)) return record;
  const { [key]: _dropped, ...rest } = record;
  return Object.keys(rest).length ? rest : undefined;
}

function withoutBinding(training: GraphDocument['training'], nodeId: string): GraphDocument['training'] {
  if (!training.inputs?.[nodeId] && !training.outputs?.[nodeId]) return training;
  const next = { ...training, inputs: withoutKey(training.inputs, nodeId), outputs: withoutKey(training.outputs, nodeId) };
  if (!next.inputs) delete next.inputs;
  if (!next.outputs) delete next.outputs;
  return next;
}

function withTrainingRecord<K extends 'inputs' | 'outputs'>(doc: GraphDocument, key: K, record: GraphDocument['training'][K]): GraphDocument {
  const training = { ...doc.training };
  if (record) training[key] = record;
  else delete training[key];
  return { ...doc, training };
}

/**
 * Binds an Input node to a dataset field (`training.inputs[nodeId]`); null removes the
 * binding, so the Input reads what the automatic rules give it again.
 */
export function setInputBinding(doc: GraphDocument, nodeId: string, binding: InputBinding | null): GraphDocument {
  if (binding === null) return withTrainingRecord(doc, 'inputs', withoutKey(doc.training.inputs, nodeId));
  if (nodeById(doc, nodeId).type !== 'Input') throw new EditError(`"${nodeId}" is not an Input`);
  return withTrainingRecord(doc, 'inputs', { ...doc.training.inputs, [nodeId]: InputBindingSchema.parse(binding) });
}

/**
 * Gives a model output its own objective (`training.outputs[nodeId]`: target, loss, weight,
 * metrics); null removes it, so the output trains as the automatic rules say again.
 */
export function setOutputObjective(doc: GraphDocument, nodeId: string, objective: OutputObjectiveInput | null): GraphDocument {
  if (objective === null) return withTrainingRecord(doc, 'outputs', withoutKey(doc.training.outputs, nodeId));
  nodeById(doc, nodeId);
  return withTrainingRecord(doc, 'outputs', { ...doc.training.outputs, [nodeId]: OutputObjectiveSchema.parse(objective) });
}
