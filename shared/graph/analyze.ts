import type { LayerCatalog } from '../layers/catalog';
import { shapeError, shapeErrorMessage, type ShapeError } from '../layers/shape-errors';
import { formatShape } from '../layers/shape-utils';
import type { PortableIssue } from '../zod-issue';
import type { AnyLayerSpec, ParamCount, PortSpec, Shape, TensorDtype } from '../layers/types';
import type { GraphDocument, GraphEdge, GraphNode } from './document';

export type ProblemCode =
  | 'unknown-type'
  | 'invalid-param'
  | 'duplicate-name'
  | 'cycle'
  | 'unconnected-input'
  | 'too-many-inputs'
  | 'bad-edge'
  | 'shape-mismatch'
  | 'shared-weights'
  | 'no-input'
  | 'no-output'
  | 'too-large'
  | 'dtype-mismatch'
  // The document cannot train: see objectives.ts.
  | 'objective-missing'
  | 'input-unbound'
  | 'target-missing'
  | 'target-shape'
  | 'loss-misfit'
  // A GAN's players: see gan.ts.
  | 'gan-role'
  | 'gan-shape'
  | 'gan-discriminator-output';

export interface Problem {
  /** Empty for problems of the whole graph (no input, no output). */
  nodeId: string;
  port?: string;
  severity: 'error' | 'warning';
  code: ProblemCode;
  /**
   * The values the message names, so a user interface can say it in its own language from
   * `code` (+ `params.reason` where one code has several messages). `message` stays the
   * English sentence the CLI prints.
   */
  params: ProblemParams;
  /** shape-mismatch from a layer kind: its own code and values (its sentence is `params.detail`). */
  shapeError?: ShapeError;
  /** invalid-param: the schema's complaint, to be said again in the interface language. */
  issue?: PortableIssue;
  message: string;
}

export type ProblemParams = Record<string, string | number>;

export interface NodeAnalysis {
  kind: AnyLayerSpec;
  /** Defaults filled in; for a node that shares weights, the params of the node it shares with. */
  params: Record<string, unknown>;
  inputShapes: Shape[];
  /** One per output port of the kind. */
  outputShapes: Shape[];
  /** What its outputs carry: int32 ids from an int32 Input (and the kinds that pass them on), else float32. */
  outputDtype: TensorDtype;
  /** Zero for a node that reuses another node's weights. */
  paramCount: ParamCount;
}

export interface GraphAnalysis {
  /** Nodes that could be placed in a topological order (cyclic ones are missing). */
  order: string[];
  /** Only nodes whose shapes could be inferred. */
  nodes: Map<string, NodeAnalysis>;
  problems: Problem[];
  /** Input node ids in document order. */
  inputs: string[];
  /** Sink nodes (no outgoing edges) in document order: the model's outputs. */
  outputs: string[];
  totals: ParamCount & { total: number };
}

/** Incoming edges of a node grouped by its input ports, in the kind's port order. */
export function incomingByPort(kind: AnyLayerSpec, edges: readonly GraphEdge[]): Map<string, GraphEdge[]> {
  const byPort = new Map<string, GraphEdge[]>(kind.inputs.map((p) => [p.name, []]));
  for (const e of edges) byPort.get(e.targetHandle)?.push(e);
  return byPort;
}

export interface AnalyzeOptions {
  /**
   * The memory of the machine that trains, in bytes: a model whose training needs more is
   * a problem before training starts (`too-large`). Default DEFAULT_MEMORY_BYTES.
   */
  memoryBytes?: number;
}

/** What a caller that does not know the machine assumes: a laptop's 16 GiB. */
export const DEFAULT_MEMORY_BYTES = 16 * 2 ** 30;

/**
 * Training keeps each float32 weight four times (the weight, its gradient and Adam's two
 * moments) and each activation of a batch twice (its value for the backward pass and its
 * gradient). Rough on purpose: it catches models off by orders of magnitude, not by 10 %.
 */
const BYTES_PER_PARAM_IN_TRAINING = 4 * 4;
const BYTES_PER_ACTIVATION_IN_TRAINING = 4 * 2;

/** 1.5 GB, 820 MB: the figure a person reads in a memory problem. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Parameters or one batch's activations that cannot fit in the training machine's memory. */
function memoryProblems(doc: GraphDocument, nodes: Map<string, NodeAnalysis>, totalParams: number, memoryBytes: number): Problem[] {
  const problems: Problem[] = [];
  const paramBytes = totalParams * BYTES_PER_PARAM_IN_TRAINING;
  // Named on the layer with the most parameters: the one to make smaller first.
  let heaviest = '';
  let heaviestCount = -1;
  for (const [nodeId, a] of nodes) {
    const count = a.paramCount.trainable + a.paramCount.nonTrainable;
    if (count > heaviestCount) [heaviest, heaviestCount] = [nodeId, count];
  }
  if (paramBytes > memoryBytes)
    problems.push({
      nodeId: heaviest,
      severity: 'error',
      code: 'too-large',
      params: { reason: 'parameters', count: totalParams.toLocaleString('en-US'), needed: formatBytes(paramBytes), memory: formatBytes(memoryBytes) },
      message: `the model's ${totalParams.toLocaleString('en-US')} parameters need about ${formatBytes(paramBytes)} to train (weights, gradients and optimizer state), more than this machine's ${formatBytes(memoryBytes)} — make the largest layers smaller`,
    });
  const batch = doc.training.batchSize;
  let values = 0;
  let largest: { nodeId: string; values: number } | null = null;
  for (const [nodeId, a] of nodes) {
    // Free dimensions (sequence lengths) count as 1: the figure is a lower bound.
    const nodeValues = a.outputShapes.reduce((sum, shape) => sum + shape.slice(1).reduce<number>((p, d) => p * (d ?? 1), 1), 0);
    values += nodeValues;
    if (!largest || nodeValues > largest.values) largest = { nodeId, values: nodeValues };
  }
  const activationBytes = values * batch * BYTES_PER_ACTIVATION_IN_TRAINING;
  if (activationBytes > memoryBytes && largest)
    problems.push({
      nodeId: largest.nodeId,
      severity: 'error',
      code: 'too-large',
      params: { reason: 'activations', batch, needed: formatBytes(activationBytes), memory: formatBytes(memoryBytes) },
      message: `the layer outputs of one batch of ${batch} need about ${formatBytes(activationBytes)} to train, more than this machine's ${formatBytes(memoryBytes)} — make this layer's output smaller or the batch size lower`,
    });
  return problems;
}

/**
 * Shape inference and validation of a whole document. Pure and total: every problem is
 * reported as data, nothing throws, so the editor can call it on every keystroke.
 */
export function analyzeGraph(doc: GraphDocument, catalog: LayerCatalog, options: AnalyzeOptions = {}): GraphAnalysis {
  const problems: Problem[] = [];
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const kinds = new Map<string, AnyLayerSpec>();
  const params = new Map<string, Record<string, unknown>>();

  const seenNames = new Map<string, string>();
  for (const node of doc.nodes) {
    const other = seenNames.get(node.name);
    if (other !== undefined)
      problems.push({
        nodeId: node.id,
        severity: 'error',
        code: 'duplicate-name',
        params: { name: node.name },
        message: `the name "${node.name}" is already used by another layer — layer names must be unique`,
      });
    else seenNames.set(node.name, node.id);

    const kind = catalog.kind(node.type);
    if (!kind) {
      problems.push({ nodeId: node.id, severity: 'error', code: 'unknown-type', params: { type: node.type }, message: `unknown layer type "${node.type}"` });
      continue;
    }
    kinds.set(node.id, kind);
    const resolved = catalog.resolveParams(node.type, node.params);
    if (!resolved.success) {
      // resolveParams says "<param path>: <schema message>"; the path is kept apart so it reads the same in any language.
      const separator = resolved.error.indexOf(': ');
      const params = separator > 0 ? { param: resolved.error.slice(0, separator), detail: resolved.error.slice(separator + 2) } : { param: 'params', detail: resolved.error };
      problems.push({
        nodeId: node.id,
        severity: 'error',
        code: 'invalid-param',
        params,
        ...('issue' in resolved ? { issue: resolved.issue } : {}),
        message: `invalid parameter ${resolved.error}`,
      });
      continue;
    }
    params.set(node.id, resolved.params);
  }

  // Weight sharing: the sharing node takes the params of the node that owns the weights.
  for (const node of doc.nodes) {
    if (node.sharesWeightsWith === undefined) continue;
    const owner = byId.get(node.sharesWeightsWith);
    const problem = (params: ProblemParams, message: string) =>
      problems.push({ nodeId: node.id, severity: 'error', code: 'shared-weights', params, message });
    if (!owner) problem({ reason: 'missing-owner', owner: node.sharesWeightsWith }, `shares weights with "${node.sharesWeightsWith}", which does not exist`);
    else if (owner.type !== node.type)
      problem({ reason: 'different-type', owner: owner.name, ownerType: owner.type, type: node.type }, `shares weights with ${owner.name}, a ${owner.type}, but is a ${node.type}`);
    else if (owner.sharesWeightsWith !== undefined)
      problem({ reason: 'owner-shares', owner: owner.name }, `shares weights with ${owner.name}, which itself shares weights — point at the owner`);
    else if (params.has(owner.id)) {
      params.set(node.id, params.get(owner.id)!);
      continue;
    }
    params.delete(node.id);
  }

  // Edges: keep only those between existing nodes and real ports.
  const incoming = new Map<string, GraphEdge[]>(doc.nodes.map((n) => [n.id, []]));
  const outgoing = new Map<string, GraphEdge[]>(doc.nodes.map((n) => [n.id, []]));
  for (const e of doc.edges) {
    const source = byId.get(e.source);
    const target = byId.get(e.target);
    const badEdge = (nodeId: string, params: ProblemParams, message: string, port?: string) =>
      problems.push({ nodeId, severity: 'error', code: 'bad-edge', params, message, ...(port ? { port } : {}) });
    if (!source || !target) {
      const missing = !source ? e.source : e.target;
      badEdge(source?.id ?? target?.id ?? '', { reason: 'missing-layer', layer: missing }, `a connection refers to a missing layer (${missing})`);
      continue;
    }
    const sourceKind = kinds.get(source.id);
    const targetKind = kinds.get(target.id);
    if (sourceKind && !sourceKind.outputs.some((p) => p.name === e.sourceHandle)) {
      badEdge(source.id, { reason: 'no-such-output', layer: source.name, port: e.sourceHandle }, `${source.name} has no output "${e.sourceHandle}"`);
      continue;
    }
    if (targetKind && !targetKind.inputs.some((p) => p.name === e.targetHandle)) {
      badEdge(target.id, { reason: 'no-such-input', layer: target.name, port: e.targetHandle }, `${target.name} has no input "${e.targetHandle}"`, e.targetHandle);
      continue;
    }
    incoming.get(target.id)!.push(e);
    outgoing.get(source.id)!.push(e);
  }

  // Kahn's algorithm; what remains afterwards sits on a cycle.
  const indegree = new Map(doc.nodes.map((n) => [n.id, incoming.get(n.id)!.length]));
  const ready = doc.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const e of outgoing.get(id)!) {
      const d = indegree.get(e.target)! - 1;
      indegree.set(e.target, d);
      if (d === 0) ready.push(e.target);
    }
  }
  if (order.length < doc.nodes.length) {
    const placed = new Set(order);
    const cyclic = doc.nodes.filter((n) => !placed.has(n.id));
    const names = cyclic.map((n) => n.name).join(' → ');
    for (const n of cyclic)
      problems.push({
        nodeId: n.id,
        severity: 'error',
        code: 'cycle',
        params: { layer: n.name, cycle: names },
        message: `${n.name} is part of a cycle (${names}) — a feed-forward network cannot loop; remove one connection`,
      });
  }

  const nodes = new Map<string, NodeAnalysis>();
  for (const id of order) {
    const node = byId.get(id)!;
    const kind = kinds.get(id);
    const p = params.get(id);
    if (!kind || !p) continue;
    const collected = collectInputs(node, kind, incoming.get(id)!, nodes, byId, problems);
    if (!collected) continue;
    const { shapes: inputShapes, arrivals } = collected;
    const wrongDtype = arrivals.map((a) => dtypeProblem(node, a, byId)).filter((p) => p !== null);
    if (wrongDtype.length) {
      problems.push(...wrongDtype);
      continue;
    }
    const result = safeInfer(kind, inputShapes, p, catalog);
    if (!result.ok) {
      problems.push({
        nodeId: id,
        severity: 'error',
        code: 'shape-mismatch',
        params: { reason: 'layer', detail: result.message },
        shapeError: result.error,
        message: result.message,
        ...(result.port ? { port: result.port } : {}),
      });
      continue;
    }
    const paramCount = node.sharesWeightsWith !== undefined ? { trainable: 0, nonTrainable: 0 } : safeCount(kind, inputShapes, p, catalog);
    const outputDtype = kind.inputSpec ? kind.inputSpec(p).dtype : kind.outputDtype === 'input' ? (arrivals[0]?.dtype ?? 'float32') : 'float32';
    nodes.set(id, { kind, params: p, inputShapes, outputShapes: result.shapes, outputDtype, paramCount });
  }

  // A reused layer has weights built for its owner's input; another input shape cannot fit them.
  for (const node of doc.nodes) {
    if (node.sharesWeightsWith === undefined) continue;
    const mine = nodes.get(node.id);
    const owner = nodes.get(node.sharesWeightsWith);
    if (!mine || !owner) continue;
    const same = mine.inputShapes.length === owner.inputShapes.length && mine.inputShapes.every((s, i) => sameKnownDims(s, owner.inputShapes[i]!));
    if (!same) {
      problems.push({
        nodeId: node.id,
        severity: 'error',
        code: 'shape-mismatch',
        params: {
          reason: 'shared-input',
          layer: node.name,
          owner: byId.get(node.sharesWeightsWith)!.name,
          expected: owner.inputShapes.map(formatShape).join(', '),
          actual: mine.inputShapes.map(formatShape).join(', '),
        },
        message: `${node.name} reuses the weights of ${byId.get(node.sharesWeightsWith)!.name}, which takes ${owner.inputShapes.map(formatShape).join(', ')}, but gets ${mine.inputShapes.map(formatShape).join(', ')}`,
      });
      nodes.delete(node.id);
    }
  }

  const inputs = doc.nodes.filter((n) => kinds.get(n.id)?.inputSpec).map((n) => n.id);
  const outputs = doc.nodes.filter((n) => outgoing.get(n.id)!.length === 0 && !kinds.get(n.id)?.inputSpec).map((n) => n.id);
  if (doc.nodes.length > 0 && inputs.length === 0)
    problems.push({ nodeId: '', severity: 'error', code: 'no-input', params: {}, message: 'the network has no Input layer — add one where the data enters' });
  if (outputs.length === 0)
    problems.push({
      nodeId: '',
      severity: 'error',
      code: 'no-output',
      params: {},
      message: 'the network has no output — connect at least one layer after the Input',
    });

  let trainable = 0;
  let nonTrainable = 0;
  for (const a of nodes.values()) {
    trainable += a.paramCount.trainable;
    nonTrainable += a.paramCount.nonTrainable;
  }
  problems.push(...memoryProblems(doc, nodes, trainable + nonTrainable, options.memoryBytes ?? DEFAULT_MEMORY_BYTES));
  return { order, nodes, problems, inputs, outputs, totals: { trainable, nonTrainable, total: trainable + nonTrainable } };
}

/** One edge's value as it reaches a port: for the dtype check. */
interface Arrival {
  port: PortSpec;
  source: string;
  dtype: TensorDtype;
}

/**
 * tfjs computes in the dtype it is given: int32 ids reaching a float op fail deep inside
 * training (conv2d, tanh, matMul, dropout), and float ids cannot index an edge list.
 */
function dtypeProblem(node: GraphNode, arrival: Arrival, byId: Map<string, GraphNode>): Problem | null {
  const wanted = arrival.port.dtype ?? 'float32';
  if (wanted === 'any' || wanted === arrival.dtype) return null;
  const source = byId.get(arrival.source)?.name ?? arrival.source;
  const params = { layer: node.name, port: arrival.port.name, source };
  const base = { nodeId: node.id, port: arrival.port.name, severity: 'error' as const, code: 'dtype-mismatch' as const };
  if (wanted === 'float32')
    return {
      ...base,
      params: { reason: 'needs-float', ...params },
      message: `${node.name} needs float values but ${source} gives int32 ids — add an Embedding after the Input, or set the Input's dtype to float32`,
    };
  return {
    ...base,
    params: { reason: 'needs-ids', ...params },
    message: `${node.name}'s ${arrival.port.name} port takes int32 ids but ${source} gives float32 values — set the Input's dtype to int32 and connect it here directly`,
  };
}

function collectInputs(
  node: GraphNode,
  kind: AnyLayerSpec,
  edges: GraphEdge[],
  analysed: Map<string, NodeAnalysis>,
  byId: Map<string, GraphNode>,
  problems: Problem[],
): { shapes: Shape[]; arrivals: Arrival[] } | null {
  const shapes: Shape[] = [];
  const arrivals: Arrival[] = [];
  let complete = true;
  const byPort = incomingByPort(kind, edges);
  for (const port of kind.inputs) {
    const portEdges = byPort.get(port.name)!;
    if (portEdges.length === 0 && !port.optional) {
      problems.push({
        nodeId: node.id,
        port: port.name,
        severity: 'error',
        code: 'unconnected-input',
        params: kind.inputs.length > 1 ? { reason: 'port', layer: node.name, port: port.name } : { reason: 'single', layer: node.name },
        message:
          kind.inputs.length > 1
            ? `${node.name} has nothing connected to its "${port.name}" input`
            : `${node.name} has nothing connected to its input — wire a layer into it`,
      });
      complete = false;
      continue;
    }
    if (portEdges.length > 1 && !port.multiple) {
      problems.push({
        nodeId: node.id,
        port: port.name,
        severity: 'error',
        code: 'too-many-inputs',
        params: { layer: node.name, port: port.name, count: portEdges.length },
        message: `${node.name} takes one connection on "${port.name}" but has ${portEdges.length} — merge them first (Add, Concatenate…)`,
      });
      complete = false;
      continue;
    }
    for (const e of portEdges) {
      const upstream = analysed.get(e.source);
      if (!upstream) {
        complete = false; // The upstream problem is already reported where it belongs.
        continue;
      }
      const sourceKind = upstream.kind;
      const index = sourceKind.outputs.findIndex((p) => p.name === e.sourceHandle);
      const shape = upstream.outputShapes[index];
      if (!shape) {
        problems.push({
          nodeId: node.id,
          severity: 'error',
          code: 'bad-edge',
          params: { reason: 'not-produced', layer: byId.get(e.source)?.name ?? e.source, port: e.sourceHandle },
          message: `${byId.get(e.source)?.name ?? e.source} does not produce "${e.sourceHandle}" with these settings`,
        });
        complete = false;
        continue;
      }
      shapes.push(shape);
      arrivals.push({ port, source: e.source, dtype: upstream.outputDtype });
    }
  }
  return complete ? { shapes, arrivals } : null;
}

// A kind's code is ours, but a bug in one must not take down validation of the whole graph.
function safeInfer(kind: AnyLayerSpec, inputs: Shape[], params: Record<string, unknown>, catalog: LayerCatalog) {
  try {
    return kind.inferShape(inputs, params, catalog);
  } catch (err) {
    const error = shapeError('inferCrashed', { layer: kind.type, shapes: inputs.map(formatShape).join(', ') }, { detail: (err as Error).message });
    return { ok: false as const, message: shapeErrorMessage(error), error };
  }
}

function safeCount(kind: AnyLayerSpec, inputs: Shape[], params: Record<string, unknown>, catalog: LayerCatalog): ParamCount {
  try {
    return kind.countParams(inputs, params, catalog);
  } catch {
    return { trainable: 0, nonTrainable: 0 };
  }
}

function sameKnownDims(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => i === 0 || d === null || b[i] === null || d === b[i]);
}

/** Problems only: what `nnd validate` prints and the editor badges. */
export function validateGraph(doc: GraphDocument, catalog: LayerCatalog, options: AnalyzeOptions = {}): Problem[] {
  return analyzeGraph(doc, catalog, options).problems;
}
