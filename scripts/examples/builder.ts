/**
 * The few helpers every example script uses: lay nodes out on a grid, wire them in order,
 * and write a complete project file into examples/. Each family of examples (basics,
 * vision, sequences, graphs, …) lives in its own file beside this one; scripts/make-examples.ts
 * runs them all.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetReferenceSchema } from '../../shared/data/reference';
import { addNode, connect } from '../../shared/graph/actions';
import { emptyDocument, serializeDocument, type GraphDocument } from '../../shared/graph/document';
import { TrainingConfigSchema, type TrainingConfigInput } from '../../shared/graph/training-config';
import type { LayoutEngine } from '../../shared/graph/layout';
import { layOutEstimated } from '../../shared/graph/node-face';
import { catalog } from '../../shared/layers';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));
/** Wide enough for a 176-px layer and the shape label on the wire to the next column. */
export const COLUMN = 320;
export const ROW = 140;

export interface Step {
  type: string;
  /** The layer's name (and id); default: the kind's name numbered. Several Inputs are named like the dataset fields they read. */
  name?: string;
  params?: Record<string, unknown>;
  /** Grid cell; columns run left to right in data-flow order. */
  at: [column: number, row: number];
  /** Names of earlier nodes wired into this one (default: the one before). */
  from?: string[];
}

/** Layer kinds whose one input port takes several wires. */
const MERGE_KINDS = new Set(['Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate']);

/** Adds nodes in order, each wired from the named earlier nodes (default: the one before). */
export function build(name: string, description: string, steps: Step[]): GraphDocument {
  let doc: GraphDocument = { ...emptyDocument(name), description };
  let previous: string | undefined;
  for (const step of steps) {
    doc = addNode(doc, { type: step.type, ...(step.name ? { name: step.name } : {}), params: step.params ?? {}, position: { x: step.at[0] * COLUMN, y: step.at[1] * ROW } });
    const id = doc.nodes[doc.nodes.length - 1]!.id;
    for (const source of step.from ?? (previous ? [previous] : []))
      doc = connect(doc, { source, target: id, id: `${source}-${id}`, targetTakesMany: MERGE_KINDS.has(step.type) });
    previous = id;
  }
  return doc;
}

const pending: { file: string; doc: GraphDocument; arrange?: (laidOut: GraphDocument) => GraphDocument }[] = [];

/**
 * Queues `examples/<file>` with its dataset reference and training config, validated;
 * writeExamples lays each out (then lets `arrange` move the laid-out nodes) and writes it.
 */
export function save(file: string, doc: GraphDocument, dataset: unknown, training: TrainingConfigInput, arrange?: (laidOut: GraphDocument) => GraphDocument): void {
  pending.push({ file, doc: { ...doc, dataset: DatasetReferenceSchema.parse(dataset), training: TrainingConfigSchema.parse(training) }, arrange });
}

/** The queued examples, laid out in layers with their wires routed around the layers (the grid positions of the scripts only give the order), as the editor's Auto-layout does, and their data files: file name → contents. */
export async function examplesAsWritten(): Promise<Map<string, string>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const engine = new ELK() as unknown as LayoutEngine;
  const files = new Map(pendingData);
  for (const { file, doc, arrange } of pending) {
    const laidOut = await layOutEstimated(doc, catalog, engine);
    files.set(file, serializeDocument(arrange ? arrange(laidOut) : laidOut));
  }
  return files;
}

/** Writes the queued examples and data files into examples/. */
export async function writeExamples(): Promise<void> {
  for (const [file, contents] of await examplesAsWritten()) writeFileSync(path.join(EXAMPLES_DIR, file), contents);
}

const pendingData = new Map<string, string>();

/** Queues a data file an example trains on, written beside the examples. */
export function writeExampleData(file: string, contents: string): void {
  pendingData.set(file, contents);
}
