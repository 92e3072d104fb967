import { z } from 'zod';

/**
 * Where a graph comes from. One kind with a `source`, so the dataset form stays one form:
 * - `miserables`: the Les Misérables co-occurrence network (vega-datasets), node groups as labels
 * - `sbm`: a stochastic block model, communities as labels (node classification)
 * - `motifs`: small graphs, cycles vs trees (graph classification)
 * - `csv`: a nodes CSV (id, features…, label) and an edges CSV (source, target, features…)
 * - `json`: one JSON file `{ nodes: [...], links: [{ source, target }] }` (d3 / networkx style)
 */
export const GRAPH_SOURCES = ['miserables', 'sbm', 'motifs', 'csv', 'json'] as const;

export const GraphDatasetSchema = z
  .object({
    kind: z.literal('graph'),
    source: z.enum(GRAPH_SOURCES),
    /** The nodes CSV (`csv`) or the JSON file (`json`); relative to the project file, or absolute. */
    path: z.string().min(1).optional(),
    /** The edges CSV (`csv`). */
    edgesPath: z.string().min(1).optional(),
    /** Node column / field holding the class; default `label` (`group` for JSON). */
    label: z.string().min(1).optional(),
    /** Node column naming each node, used by the edges; default `id` (row order when absent). */
    idColumn: z.string().min(1).optional(),
    /** Edge columns; default `source` and `target`. */
    sourceColumn: z.string().min(1).optional(),
    targetColumn: z.string().min(1).optional(),
    /** Read every edge both ways (an undirected graph). */
    undirected: z.boolean().default(true),
    /** sbm: nodes, communities, expected neighbours inside / outside a node's community, feature width and signal. */
    nodes: z.number().int().min(4).max(2_000_000).default(300),
    communities: z.number().int().min(2).max(20).default(3),
    degreeWithin: z.number().min(0).default(8),
    degreeBetween: z.number().min(0).default(1),
    features: z.number().int().min(1).max(256).default(8),
    /** How far a community's feature mean sits from the others', in noise standard deviations. */
    signal: z.number().min(0).max(10).default(0.5),
    /** motifs: how many small graphs, and their size range. */
    graphs: z.number().int().min(4).max(100_000).default(400),
    minNodes: z.number().int().min(3).max(100).default(6),
    maxNodes: z.number().int().min(3).max(100).default(14),
    seed: z.number().int().default(1),
    /** Fractions of nodes (node tasks) or graphs (graph tasks) trained on and validated on; the rest is the test set. */
    trainFraction: z.number().min(0.05).max(1).default(0.6),
    validationFraction: z.number().min(0).max(0.9).default(0.2),
  })
  .refine((r) => !(r.source === 'csv' || r.source === 'json') || r.path, { message: 'a csv or json graph needs `path`', path: ['path'] })
  .refine((r) => r.source !== 'csv' || r.edgesPath, { message: 'a csv graph needs `edgesPath` (the edges CSV)', path: ['edgesPath'] })
  .refine((r) => r.trainFraction + r.validationFraction <= 1, { message: 'train and validation fractions add up to more than 1', path: ['validationFraction'] });

export type GraphDatasetReference = z.infer<typeof GraphDatasetSchema>;

/** The files a graph reference reads. */
export function graphDatasetPaths(ref: GraphDatasetReference): string[] {
  return [ref.path, ref.edgesPath].filter((p): p is string => p !== undefined);
}

/** The same reference with its file paths passed through `resolve`. */
export function mapGraphDatasetPaths(ref: GraphDatasetReference, resolve: (p: string) => string): GraphDatasetReference {
  return { ...ref, ...(ref.path ? { path: resolve(ref.path) } : {}), ...(ref.edgesPath ? { edgesPath: resolve(ref.edgesPath) } : {}) };
}
