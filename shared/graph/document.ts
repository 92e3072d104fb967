import { z } from 'zod';
import { firstIssue, type PortableIssue } from '../zod-issue';
import { DatasetReferenceSchema } from '../data/reference';
import { TrainingConfigSchema } from './training-config';

export const GRAPH_FORMAT = 'nn-designer.graph';
/** Bump when the document changes shape, and add a step to MIGRATIONS. */
export const GRAPH_VERSION = 1;

/** Layer names end up as tfjs / Keras / PyTorch identifiers, so keep them to that alphabet. */
export const LAYER_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const GraphNodeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  /** The layer name in every export; unique in the document. */
  name: z.string().regex(LAYER_NAME_PATTERN, 'a layer name uses letters, digits and _ and starts with a letter or _'),
  params: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
  label: z.string().optional(),
  /**
   * Reuse the weights of another node of the same type (a Keras shared layer, a siamese
   * branch). The node is applied again; its own params are ignored.
   */
  sharesWeightsWith: z.string().optional(),
});
export type GraphNode = z.infer<typeof GraphNodeSchema>;

export const GraphEdgeSchema = z.object({
  id: z.string().min(1),
  source: z.string().min(1),
  sourceHandle: z.string().min(1).default('out'),
  target: z.string().min(1),
  targetHandle: z.string().min(1).default('in'),
  /**
   * The wire's bends as `[x, y]` pairs, from the last layout (layout.ts): the wire runs
   * around the layers it passes. Dropped when either end moves, since it would then lie.
   */
  route: z.array(z.tuple([z.number(), z.number()])).optional(),
});
export type GraphEdge = z.infer<typeof GraphEdgeSchema>;

/** A named block of layers the editor can collapse to one box (see groups.ts). */
export const NodeGroupSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  nodeIds: z.array(z.string().min(1)),
  collapsed: z.boolean().default(false),
});
export type NodeGroup = z.infer<typeof NodeGroupSchema>;

/** Where trained weights live (a sidecar file written by `nnd train --save`). */
export const WeightsReferenceSchema = z.object({
  path: z.string().min(1),
  savedAt: z.string(),
  /** Metrics at the end of the run that produced them. */
  metrics: z.record(z.string(), z.number()).default({}),
});

export const GraphDocumentSchema = z.object({
  format: z.literal(GRAPH_FORMAT),
  version: z.number().int().min(1),
  name: z.string().default('Untitled'),
  description: z.string().optional(),
  nodes: z.array(GraphNodeSchema),
  edges: z.array(GraphEdgeSchema),
  groups: z.array(NodeGroupSchema).optional(),
  dataset: DatasetReferenceSchema.nullable().default(null),
  training: TrainingConfigSchema.default(TrainingConfigSchema.parse({})),
  weights: WeightsReferenceSchema.optional(),
});
export type GraphDocument = z.infer<typeof GraphDocumentSchema>;

export function emptyDocument(name = 'Untitled'): GraphDocument {
  return GraphDocumentSchema.parse({ format: GRAPH_FORMAT, version: GRAPH_VERSION, name, nodes: [], edges: [] });
}

type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;
/** MIGRATIONS[v] turns a version-v document into version v+1. */
const MIGRATIONS: Record<number, Migration> = {};

export class DocumentError extends Error {
  constructor(
    message: string,
    /** JSON path of the offending value, e.g. `nodes.3.type`. */
    readonly path?: string,
    /** The schema's complaint, when that is what is wrong, for the page to say in its language. */
    readonly issue?: PortableIssue,
  ) {
    super(message);
    this.name = 'DocumentError';
  }
}

/**
 * Reads a project document from untrusted JSON. Older versions are migrated; newer ones and
 * malformed ones are refused with a message that names the place.
 */
export function parseDocument(json: unknown): GraphDocument {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new DocumentError('a project file must be a JSON object');
  let raw = json as Record<string, unknown>;
  if (raw.format !== GRAPH_FORMAT)
    throw new DocumentError(`not an NN Designer project (format is ${JSON.stringify(raw.format)}, expected "${GRAPH_FORMAT}")`, 'format');
  const version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    throw new DocumentError('the project file has no valid integer "version"', 'version');
  if (version > GRAPH_VERSION)
    throw new DocumentError(
      `this project was saved by a newer NN Designer (file version ${version}, this app reads up to ${GRAPH_VERSION}) — update the app to open it`,
      'version',
    );
  for (let v = version; v < GRAPH_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new DocumentError(`no migration from version ${v}`, 'version');
    raw = { ...step(raw), version: v + 1 };
  }
  const parsed = firstIssue(GraphDocumentSchema, raw);
  if (!parsed.success) {
    const { issue } = parsed;
    const path = issue.path.join('.');
    throw new DocumentError(`${path || 'document'}: ${issue.message}`, path, issue);
  }
  const doc = parsed.data;
  const ids = new Set<string>();
  for (const [i, n] of doc.nodes.entries()) {
    if (ids.has(n.id)) throw new DocumentError(`node id "${n.id}" appears twice`, `nodes.${i}.id`);
    ids.add(n.id);
  }
  const edgeIds = new Set<string>();
  for (const [i, e] of doc.edges.entries()) {
    if (edgeIds.has(e.id)) throw new DocumentError(`edge id "${e.id}" appears twice`, `edges.${i}.id`);
    edgeIds.add(e.id);
  }
  for (const [i, g] of (doc.groups ?? []).entries())
    for (const [j, id] of g.nodeIds.entries())
      if (!ids.has(id)) throw new DocumentError(`group "${g.name}" lists node "${id}", which does not exist`, `groups.${i}.nodeIds.${j}`);
  if (doc.groups?.length === 0) delete doc.groups;
  return doc;
}

/**
 * Stable, diff-friendly JSON: fixed key order at the top, one node per line block, and
 * params keys sorted so a save never reorders what the user did not touch.
 */
export function serializeDocument(doc: GraphDocument): string {
  const sortKeys = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortKeys);
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.keys(value as object)
          .sort()
          .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
      );
    return value;
  };
  const node = (n: GraphNode) => ({
    id: n.id,
    type: n.type,
    name: n.name,
    ...(n.label !== undefined ? { label: n.label } : {}),
    ...(n.sharesWeightsWith !== undefined ? { sharesWeightsWith: n.sharesWeightsWith } : {}),
    params: sortKeys(n.params),
    position: { x: n.position.x, y: n.position.y },
  });
  const ordered = {
    format: doc.format,
    version: doc.version,
    name: doc.name,
    ...(doc.description !== undefined ? { description: doc.description } : {}),
    nodes: doc.nodes.map(node),
    edges: doc.edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourceHandle: e.sourceHandle,
      target: e.target,
      targetHandle: e.targetHandle,
      ...(e.route ? { route: e.route } : {}),
    })),
    ...(doc.groups?.length ? { groups: doc.groups.map((g) => ({ id: g.id, name: g.name, nodeIds: g.nodeIds, collapsed: g.collapsed })) } : {}),
    dataset: doc.dataset,
    training: sortKeys(doc.training),
    ...(doc.weights ? { weights: doc.weights } : {}),
  };
  // Arrays of plain values (a shape, a kernel size, a metric list) read best on one line.
  // Strings are matched first so brackets inside them are left alone.
  const stringOrFlatArray = /"(?:[^"\\]|\\.)*"|\[(?:[^[\]{}"]|"(?:[^"\\]|\\.)*")*\]/g;
  const json = JSON.stringify(ordered, null, 2);
  return (
    json.replace(stringOrFlatArray, (text) =>
      text.startsWith('"') ? text : `[${(JSON.parse(text) as unknown[]).map((v) => JSON.stringify(v)).join(', ')}]`,
    ) + '\n'
  );
}
