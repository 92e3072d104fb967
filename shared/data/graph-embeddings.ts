import { z } from 'zod';

/**
 * What a graph run's learned embeddings look like in two dimensions: a chosen layer's output
 * row for every node (or every graph, after a readout), projected onto its two principal
 * components, each point with its class.
 */
export const NodeEmbeddingsSchema = z.object({
  /** The layer whose outputs are shown, and the layers that could be. */
  layer: z.string(),
  layers: z.array(z.string()),
  /** Width of the layer's output before projection. */
  dimensions: z.number().int().min(1),
  /** Whether the rows are nodes or whole graphs. */
  rows: z.enum(['nodes', 'graphs']),
  points: z.array(
    z.object({
      x: z.number(),
      y: z.number(),
      /** Class index into classNames. */
      label: z.number().int().min(0),
      name: z.string().optional(),
      split: z.enum(['train', 'validation', 'test']),
    }),
  ),
  classNames: z.array(z.string()),
  /** Share of the variance along each of the two axes. */
  explained: z.tuple([z.number(), z.number()]),
});
export type NodeEmbeddings = z.infer<typeof NodeEmbeddingsSchema>;

/**
 * The two principal components of `rows` (n × d, row-major): centre the columns, then
 * power iteration on the d × d covariance with deflation. d is a layer's width (tens), so
 * the covariance is small whatever n is. Returns each row's coordinates and the share of
 * the variance each axis carries.
 */
export function principalComponents2d(rows: Float32Array, n: number, d: number): { coordinates: Float64Array; explained: [number, number] } {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += rows[i * d + j]! / n;
  const covariance = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++) {
      const va = rows[i * d + a]! - mean[a]!;
      for (let b = a; b < d; b++) covariance[a * d + b]! += (va * (rows[i * d + b]! - mean[b]!)) / Math.max(1, n - 1);
    }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) covariance[a * d + b] = covariance[b * d + a]!;
  let total = 0;
  for (let a = 0; a < d; a++) total += covariance[a * d + a]!;

  const axes: Float64Array[] = [];
  const variances: number[] = [];
  for (let k = 0; k < Math.min(2, d); k++) {
    // A fixed, uneven start vector: deterministic, and never orthogonal to every eigenvector in practice.
    let v = Float64Array.from({ length: d }, (_, j) => 1 + j / d);
    let value = 0;
    for (let iteration = 0; iteration < 200; iteration++) {
      const next = new Float64Array(d);
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) next[a]! += covariance[a * d + b]! * v[b]!;
      for (const axis of axes) {
        const dot = next.reduce((s, x, j) => s + x * axis[j]!, 0);
        for (let j = 0; j < d; j++) next[j]! -= dot * axis[j]!;
      }
      const norm = Math.hypot(...next);
      if (norm < 1e-12) break;
      for (let j = 0; j < d; j++) next[j]! /= norm;
      const change = next.reduce((s, x, j) => s + Math.abs(x - v[j]!), 0);
      v = next;
      value = norm;
      if (change < 1e-9) break;
    }
    axes.push(v);
    variances.push(value);
  }
  while (axes.length < 2) {
    axes.push(new Float64Array(d));
    variances.push(0);
  }
  const coordinates = new Float64Array(n * 2);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < 2; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (rows[i * d + j]! - mean[j]!) * axes[k]![j]!;
      coordinates[i * 2 + k] = s;
    }
  return { coordinates, explained: [total > 0 ? variances[0]! / total : 0, total > 0 ? variances[1]! / total : 0] };
}
