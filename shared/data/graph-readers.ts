import Papa from 'papaparse';
import { z } from 'zod';
import { datasetText } from './dataset-messages';
import { DatasetError } from './errors';
import { bothDirections, identityFeatures, splitGraphItems, type GraphDataset } from './graph';
import type { GraphDatasetReference } from './graph-reference';

type ReadOptions = Pick<GraphDatasetReference, 'label' | 'idColumn' | 'sourceColumn' | 'targetColumn' | 'undirected' | 'seed' | 'trainFraction' | 'validationFraction'> & {
  /** The file named in errors. */
  source: string;
};

/** Fields that name or number a node rather than describe it. */
const NODE_NAME_FIELDS = new Set(['id', 'name', 'index', 'label', 'x', 'y', 'vx', 'vy', 'fx', 'fy']);

type Row = Record<string, unknown>;

const NodeLinkSchema = z.object({
  nodes: z.array(z.record(z.string(), z.unknown())).min(1),
  links: z.array(z.record(z.string(), z.unknown())),
});

function isNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/**
 * Builds a node-classification graph from node rows and edge rows, whatever file they came
 * from: numeric node fields (other than the id, name and label) become features — none
 * at all gives one-hot identities — the label field becomes class indices, and numeric
 * edge fields (other than the endpoints) become edge features.
 */
function buildGraph(nodes: Row[], links: Row[], o: ReadOptions & { labelField: string; idField: string }): GraphDataset {
  const sourceField = o.sourceColumn ?? 'source';
  const targetField = o.targetColumn ?? 'target';
  if (!nodes.length) throw new DatasetError(datasetText('graphNoNodes', { source: o.source }), 'empty', { source: o.source });
  if (!(o.labelField in nodes[0]!))
    throw new DatasetError(datasetText('graphNoLabelField', { source: o.source, field: o.labelField, fields: Object.keys(nodes[0]!).join(', ') }), 'mapping', { source: o.source });

  const featureFields = Object.keys(nodes[0]!).filter(
    (k) => k !== o.labelField && k !== o.idField && !NODE_NAME_FIELDS.has(k) && nodes.every((n) => isNumber(n[k])),
  );
  const n = nodes.length;
  const nodeFeatures = featureFields.length ? new Float32Array(n * featureFields.length) : identityFeatures(n);
  if (featureFields.length) nodes.forEach((node, i) => featureFields.forEach((f, j) => (nodeFeatures[i * featureFields.length + j] = node[f] as number)));

  const rawLabels = nodes.map((node) => node[o.labelField]);
  const distinct = [...new Set(rawLabels.map(String))];
  if (rawLabels.every(isNumber)) distinct.sort((a, b) => Number(a) - Number(b));
  else distinct.sort();
  const classOf = new Map(distinct.map((c, i) => [c, i]));
  const labels = Int32Array.from(rawLabels, (v) => classOf.get(String(v))!);

  // Endpoints name nodes by id when the nodes have one, else by row number.
  const byId = new Map<string, number>();
  const hasIds = nodes.every((node) => node[o.idField] !== undefined && node[o.idField] !== '');
  if (hasIds) nodes.forEach((node, i) => byId.set(String(node[o.idField]), i));
  const endpoint = (value: unknown, e: number, which: string): number => {
    if (hasIds && byId.has(String(value))) return byId.get(String(value))!;
    const index = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (isNumber(index) && Number.isInteger(index) && index >= 0 && index < n) return index;
    const values = { source: o.source, edge: e + 1, which, value: String(value) };
    throw new DatasetError(
      hasIds ? datasetText('graphEdgeNoNodeId', { ...values, field: o.idField }) : datasetText('graphEdgeNoNodeRow', { ...values, last: n - 1 }),
      'mapping',
      { source: o.source },
    );
  };
  const edgeFeatureFields = links.length
    ? Object.keys(links[0]!).filter((k) => k !== sourceField && k !== targetField && links.every((l) => isNumber(l[k])))
    : [];
  let edges: Int32Array = new Int32Array(links.length * 2);
  let edgeFeatures: Float32Array | undefined = edgeFeatureFields.length ? new Float32Array(links.length * edgeFeatureFields.length) : undefined;
  links.forEach((link, e) => {
    edges[2 * e] = endpoint(link[sourceField], e, sourceField);
    edges[2 * e + 1] = endpoint(link[targetField], e, targetField);
    edgeFeatureFields.forEach((f, j) => (edgeFeatures![e * edgeFeatureFields.length + j] = link[f] as number));
  });
  if (o.undirected) {
    edges = bothDirections(edges);
    if (edgeFeatures) {
      const doubled = new Float32Array(edgeFeatures.length * 2);
      doubled.set(edgeFeatures);
      doubled.set(edgeFeatures, edgeFeatures.length);
      edgeFeatures = doubled;
    }
  }
  const names = nodes.map((node, i) => String(node.name ?? node[o.idField] ?? i));
  return {
    task: 'node',
    nodeFeatures,
    nodeCount: n,
    featureNames: featureFields.length ? featureFields : names.map((name) => `is ${name}`),
    edges,
    edgeCount: edges.length / 2,
    ...(edgeFeatures ? { edgeFeatures, edgeFeatureNames: edgeFeatureFields } : {}),
    graphCount: 1,
    labels,
    classNames: distinct,
    nodeNames: names,
    split: splitGraphItems(n, o.trainFraction, o.validationFraction, o.seed + 1),
  };
}

/** `{ nodes: [...], links: [{ source, target, … }] }`, the node-link JSON of d3 and networkx. */
export function readNodeLinkJson(text: string, o: ReadOptions): GraphDataset {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new DatasetError(datasetText('graphJsonInvalid', { source: o.source, detail: (err as Error).message }), 'format', { source: o.source });
  }
  const parsed = NodeLinkSchema.safeParse(raw);
  if (!parsed.success)
    throw new DatasetError(
      datasetText('graphJsonShape', { source: o.source, place: parsed.error.issues[0]!.path.join('.') || 'file', detail: parsed.error.issues[0]!.message }),
      'format',
      { source: o.source },
    );
  return buildGraph(parsed.data.nodes, parsed.data.links, { ...o, labelField: o.label ?? 'group', idField: o.idColumn ?? 'id' });
}

function parseCsv(text: string, source: string): Row[] {
  const result = Papa.parse<Row>(text.trim(), { header: true, dynamicTyping: true, skipEmptyLines: true });
  const problem = result.errors[0];
  if (problem) throw new DatasetError(datasetText('graphCsvLine', { source, line: (problem.row ?? 0) + 2, detail: problem.message }), 'format', { source, line: (problem.row ?? 0) + 2 });
  return result.data;
}

/** A nodes CSV (id, features…, label) and an edges CSV (source, target, edge features…). */
export function readGraphCsv(nodesText: string, edgesText: string, o: ReadOptions & { edgesSource: string }): GraphDataset {
  const nodes = parseCsv(nodesText, o.source);
  const links = parseCsv(edgesText, o.edgesSource);
  const sourceField = o.sourceColumn ?? 'source';
  const targetField = o.targetColumn ?? 'target';
  if (links.length && !(sourceField in links[0]! && targetField in links[0]!))
    throw new DatasetError(
      datasetText('graphEdgeColumns', { edgesSource: o.edgesSource, sourceField, targetField, columns: Object.keys(links[0]!).join(', ') }),
      'mapping',
      { source: o.edgesSource },
    );
  return buildGraph(nodes, links, { ...o, labelField: o.label ?? 'label', idField: o.idColumn ?? 'id' });
}
