import type { GraphAnalysis } from '../../shared/graph/analyze';
import type { GraphDocument } from '../../shared/graph/document';
import { formatShape, type Shape } from '../../shared/layers';

export interface SummaryLayer {
  name: string;
  type: string;
  /** One shape for a layer with one output; a list for a layer with several (an LSTM returning its state). */
  outputShape: Shape | Shape[];
  params: number;
  /** Names of the layers feeding this one, with the output port when it is not the default. */
  connectedTo: string[];
}

export interface ModelSummary {
  name: string;
  params: { total: number; trainable: number; nonTrainable: number };
  inputs: Shape[];
  outputs: Shape[];
  layers: SummaryLayer[];
}

/**
 * The summary of a valid graph, in topological order like Keras's `model.summary()`.
 * Reads only the analysis, so it needs no tfjs model; the CLI tests check its numbers
 * against the compiled model's `countParams()`.
 */
export function summarize(doc: GraphDocument, analysis: GraphAnalysis): ModelSummary {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const layers: SummaryLayer[] = [];
  for (const id of analysis.order) {
    const node = byId.get(id)!;
    const a = analysis.nodes.get(id);
    if (!a) continue;
    const connectedTo = doc.edges
      .filter((e) => e.target === id)
      .map((e) => {
        const source = byId.get(e.source)?.name ?? e.source;
        return e.sourceHandle === 'out' ? source : `${source}.${e.sourceHandle}`;
      });
    layers.push({
      name: node.name,
      type: node.type,
      outputShape: a.outputShapes.length === 1 ? a.outputShapes[0]! : a.outputShapes,
      params: a.paramCount.trainable + a.paramCount.nonTrainable,
      connectedTo,
    });
  }
  return {
    name: doc.name,
    params: { total: analysis.totals.total, trainable: analysis.totals.trainable, nonTrainable: analysis.totals.nonTrainable },
    inputs: analysis.inputs.flatMap((id) => analysis.nodes.get(id)?.outputShapes ?? []),
    outputs: analysis.outputs.flatMap((id) => analysis.nodes.get(id)?.outputShapes ?? []),
    layers,
  };
}

/** Exactly the machine-readable form `nnd summary --json` promises, nothing more. */
export function summaryJson(summary: ModelSummary): string {
  return JSON.stringify({
    params: summary.params,
    inputs: summary.inputs,
    outputs: summary.outputs,
    layers: summary.layers.map((l) => ({ name: l.name, type: l.type, outputShape: l.outputShape, params: l.params })),
  });
}

const thousands = (n: number) => n.toLocaleString('en-US');

function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(2)} ${units[unit]}`;
}

/** A Keras-style table: one row per layer, a rule between rows, totals below. */
export function summaryTable(summary: ModelSummary): string {
  const header = ['Layer (name)', 'Type', 'Output shape', 'Params', 'Connected to'];
  const rows = summary.layers.map((l) => {
    const shapes = Array.isArray(l.outputShape[0]) ? (l.outputShape as Shape[]) : [l.outputShape as Shape];
    return [l.name, l.type, shapes.map(formatShape).join(', '), thousands(l.params), l.connectedTo.join(', ')];
  });
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => r[col]!.length)));
  const line = (cells: string[]) =>
    ' ' +
    cells
      .map((cell, col) => (col === 3 ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join('   ')
      .trimEnd();
  const width = widths.reduce((a, b) => a + b, 0) + 3 * (widths.length - 1) + 2;
  const thin = '_'.repeat(width);
  const thick = '='.repeat(width);
  const out = [`Model: "${summary.name}"`, thin, line(header), thick];
  rows.forEach((row, i) => {
    out.push(line(row));
    out.push(i === rows.length - 1 ? thick : thin);
  });
  if (rows.length === 0) out.push(thick);
  const { total, trainable, nonTrainable } = summary.params;
  // float32 weights: what the exported weights.bin will weigh.
  out.push(`Total params: ${thousands(total)} (${formatBytes(total * 4)})`);
  out.push(`Trainable params: ${thousands(trainable)} (${formatBytes(trainable * 4)})`);
  out.push(`Non-trainable params: ${thousands(nonTrainable)} (${formatBytes(nonTrainable * 4)})`);
  out.push(`Inputs: ${summary.inputs.map(formatShape).join(', ')}   Outputs: ${summary.outputs.map(formatShape).join(', ')}`);
  return out.join('\n');
}
