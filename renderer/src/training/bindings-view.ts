import type { FieldDescription, FieldKind } from '../../../shared/data/fields';
import type { GraphAnalysis, Problem } from '../../../shared/graph/analyze';
import type { GraphDocument } from '../../../shared/graph/document';
import { defaultLossFor, defaultMetricsFor, resolveBindings } from '../../../shared/graph/objectives';
import type { InputBinding, InputNoise, LossName, MetricName, OutputObjective, TrainingConfig } from '../../../shared/graph/training-config';
import type { TargetHint } from '../../../shared/data/targets';
import type { Shape } from '../../../shared/layers/types';

/**
 * The training panel's "Inputs and outputs": one row per Input and one block per model
 * output, showing what the model trains with — the document's binding where it has one,
 * else the automatic choice of `resolveBindings`, marked so — and the problems of each node.
 */

/** The fields a dataset offers: their names, and what they hold where that is known without reading the data. */
export interface FieldChoices {
  names: string[];
  descriptions: Record<string, FieldDescription> | null;
}

export interface InputRow {
  nodeId: string;
  name: string;
  /** One sample's shape as the Input declares it. */
  shape: Shape;
  /** The field it reads; null when no rule picks one (several Inputs, none named like a field). */
  field: string | null;
  /** The document has no binding for it: `field` is the automatic choice. */
  automatic: boolean;
  noise: InputNoise | null;
  /** Fields to pick from: the dataset's, and the bound one should the dataset lack it. */
  choices: string[];
  problems: Problem[];
}

export interface OutputRow {
  nodeId: string;
  name: string;
  /** One sample's shape as the node produces it. */
  shape: Shape;
  /** Null when no rule gives the output an objective (several outputs, none named like a field). */
  target: string | null;
  loss: LossName | null;
  weight: number;
  metrics: MetricName[];
  automatic: boolean;
  /** The one output without an objective of its own trains with the settings' loss and metrics: they are edited there. */
  fromSettings: boolean;
  /** The activation the node ends with, for a loss to suggest when a target is first chosen. */
  activation: string | null;
  choices: string[];
  problems: Problem[];
}

export interface BindingsView {
  /**
   * A graph dataset feeds each Input by its role (node features, edges, graph ids) and trains
   * the output on its labels with the settings' loss: no fields to bind, no rows.
   */
  fedByGraph: boolean;
  inputs: InputRow[];
  outputs: OutputRow[];
  /** Whether the settings' single loss and metrics train the model (else each output's block sets its own). */
  settingsObjective: boolean;
}

/** Corruption a denoising autoencoder starts from when one is first chosen. */
export const DEFAULT_NOISE: Record<InputNoise['kind'], InputNoise> = {
  gaussian: { kind: 'gaussian', std: 0.1 },
  mask: { kind: 'mask', rate: 0.25 },
};

function choicesWith(names: string[], bound: string | null): string[] {
  return bound === null || names.includes(bound) ? names : [...names, bound];
}

/** The model's outputs, one per output port of each sink node, as resolveBindings counts them. */
function outputEnds(analysis: GraphAnalysis): { nodeId: string; shape: Shape }[] {
  return analysis.outputs.flatMap((id) => (analysis.nodes.get(id)?.outputShapes ?? []).map((shape) => ({ nodeId: id, shape: shape.slice(1) })));
}

/**
 * What `auto` label encoding fits the label to, as the loaders see the model: the first
 * output's units and the settings' loss (so the fields shown are the ones training reads).
 */
export function targetHintOf(analysis: GraphAnalysis, training: Pick<TrainingConfig, 'loss'>): TargetHint {
  const first = outputEnds(analysis)[0]?.shape;
  return { units: first?.length ? (first[first.length - 1] ?? null) : null, loss: training.loss };
}

/** Whether the settings' loss and metrics are what the model trains with: one output (or none yet) and no objective of its own. */
export function settingsObjectiveUsed(doc: GraphDocument, analysis: GraphAnalysis): boolean {
  if (doc.dataset?.kind === 'graph') return true;
  const ends = outputEnds(analysis);
  return ends.length === 0 || (ends.length === 1 && !doc.training.outputs?.[ends[0]!.nodeId]);
}

export function bindingsView(doc: GraphDocument, analysis: GraphAnalysis, fields: FieldChoices): BindingsView {
  if (doc.dataset?.kind === 'graph') return { fedByGraph: true, inputs: [], outputs: [], settingsObjective: true };
  const resolved = resolveBindings(doc, analysis, fields.descriptions);
  const problemsOf = (nodeId: string) => resolved.problems.filter((p) => p.nodeId === nodeId);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const settingsObjective = settingsObjectiveUsed(doc, analysis);

  const inputs = analysis.inputs.map((nodeId): InputRow => {
    const bound = resolved.inputs.find((b) => b.nodeId === nodeId);
    const field = bound?.field ?? null;
    return {
      nodeId,
      name: byId.get(nodeId)?.name ?? nodeId,
      shape: bound?.shape ?? analysis.nodes.get(nodeId)?.outputShapes[0]?.slice(1) ?? [],
      field,
      automatic: !doc.training.inputs?.[nodeId],
      noise: bound?.noise ?? null,
      choices: choicesWith(fields.names, field),
      problems: problemsOf(nodeId),
    };
  });

  const seen = new Set<string>();
  const outputs: OutputRow[] = [];
  // A node with several output ports has one objective for the document: one block for it.
  for (const { nodeId, shape } of outputEnds(analysis)) {
    if (seen.has(nodeId)) continue;
    seen.add(nodeId);
    const bound = resolved.outputs.find((b) => b.nodeId === nodeId);
    const target = bound?.field ?? null;
    const automatic = !doc.training.outputs?.[nodeId];
    const activation = analysis.nodes.get(nodeId)?.params.activation ?? byId.get(nodeId)?.params.activation;
    outputs.push({
      nodeId,
      name: byId.get(nodeId)?.name ?? nodeId,
      shape,
      target,
      loss: bound?.loss ?? null,
      weight: bound?.weight ?? 1,
      metrics: bound?.metrics ?? [],
      automatic,
      fromSettings: automatic && settingsObjective,
      activation: typeof activation === 'string' ? activation : null,
      choices: choicesWith(fields.names, target),
      problems: problemsOf(nodeId),
    });
  }
  return { fedByGraph: false, inputs, outputs, settingsObjective };
}

/** A loss and metrics for an output first given a target: from what the field holds, else from how the output ends. */
export function suggestedObjective(kind: FieldKind | undefined, units: number | null, activation: string | null): { loss: LossName; metrics: MetricName[] } {
  if (kind) return { loss: defaultLossFor(kind, units), metrics: defaultMetricsFor(kind) };
  if (activation === 'softmax' && units !== 1) return { loss: 'categoricalCrossentropy', metrics: ['accuracy'] };
  if (activation === 'sigmoid' && units === 1) return { loss: 'binaryCrossentropy', metrics: ['accuracy'] };
  return { loss: 'mse', metrics: ['mae'] };
}

/**
 * The objective to write when a person changes part of an output's block: what the block
 * shows (the automatic choice included), with the change. Null while it has no target.
 */
export function editedObjective(row: OutputRow, change: Partial<OutputObjective>, descriptions: Record<string, FieldDescription> | null): OutputObjective | null {
  const target = change.target ?? row.target;
  if (target === null) return null;
  const suggestion = row.loss === null ? suggestedObjective(descriptions?.[target]?.kind, row.shape[row.shape.length - 1] ?? null, row.activation) : null;
  return {
    target,
    loss: change.loss ?? row.loss ?? suggestion!.loss,
    weight: change.weight ?? row.weight,
    metrics: change.metrics ?? (suggestion ? suggestion.metrics : row.metrics),
  };
}

/** The binding to write when a person changes an Input's row. Null while it reads no field. */
export function editedBinding(row: InputRow, change: { field?: string; noise?: InputNoise | null }): InputBinding | null {
  const field = change.field ?? row.field;
  if (field === null) return null;
  const noise = change.noise === undefined ? row.noise : change.noise;
  return noise ? { field, noise } : { field };
}
