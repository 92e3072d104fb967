import type { DatasetPreview } from '../../../shared/data/preview';
import type { DatasetReference } from '../../../shared/data/reference';
import { addNode, connect, setDataset, setParams, setTraining } from '../../../shared/graph/actions';
import type { GraphDocument } from '../../../shared/graph/document';

export type DatasetResult = NonNullable<DatasetPreview['result']>;

/** What the last layer and the loss should be for this data: the rule the course teaches. */
export interface OutputSuggestion {
  kind: 'multiclass' | 'binary' | 'regression';
  units: number;
  activation: 'softmax' | 'sigmoid' | 'linear';
  loss: 'categoricalCrossentropy' | 'binaryCrossentropy' | 'mse';
  metric: 'accuracy' | 'mae';
}

export function suggestOutput(result: Pick<DatasetResult, 'task' | 'classNames' | 'targetWidth'>): OutputSuggestion {
  if (result.task === 'regression') return { kind: 'regression', units: result.targetWidth, activation: 'linear', loss: 'mse', metric: 'mae' };
  if (result.classNames.length === 2) return { kind: 'binary', units: 1, activation: 'sigmoid', loss: 'binaryCrossentropy', metric: 'accuracy' };
  return { kind: 'multiclass', units: result.classNames.length, activation: 'softmax', loss: 'categoricalCrossentropy', metric: 'accuracy' };
}

export interface AppliedDataset {
  doc: GraphDocument;
  /** The Input whose shape was set, if the graph has exactly one. */
  inputId: string | null;
  /** The Dense at the end whose units and activation were set, if the graph ends in one. */
  outputId: string | null;
  suggestion: OutputSuggestion;
}

/**
 * "Use this dataset": one pure edit (one undo step) that stores the reference, gives the
 * Input the dataset's sample shape, turns a final Dense into the right output layer and sets
 * the loss and metric to match. A graph with several Inputs or a different last layer keeps
 * those as they are; the suggestion says what they should be.
 */
export function applyDataset(doc: GraphDocument, dataset: DatasetReference, result: DatasetResult): AppliedDataset {
  const suggestion = suggestOutput(result);
  let next = setDataset(doc.nodes.length === 0 ? starterNetwork(doc, result) : doc, dataset);
  const inputs = next.nodes.filter((n) => n.type === 'Input');
  const inputId = inputs.length === 1 ? inputs[0]!.id : null;
  if (inputId) next = setParams(next, inputId, { shape: result.sampleShape });
  const sources = new Set(next.edges.map((e) => e.source));
  const sinks = next.nodes.filter((n) => !sources.has(n.id) && n.type !== 'Input');
  const outputId = sinks.length === 1 && sinks[0]!.type === 'Dense' ? sinks[0]!.id : null;
  if (outputId) next = setParams(next, outputId, { units: suggestion.units, activation: suggestion.activation });
  next = setTraining(next, {
    ...next.training,
    loss: suggestion.loss,
    metrics: [suggestion.metric],
  });
  return { doc: next, inputId, outputId, suggestion };
}

/** The sample shape of a set read at training whose images have a known size: what one Input reads. */
export function readAtTrainingInputShape(dataset: DatasetReference): number[] | null {
  if (dataset.kind === 'shapes') return [dataset.size, dataset.size, 1];
  if (dataset.kind === 'image-masks') return [dataset.height, dataset.width, dataset.color === 'rgb' ? 3 : 1];
  return null;
}

/**
 * "Use this dataset" for a set read when training starts (no preview to suggest from): stores
 * the reference and, where its images have a known size and the graph has one Input, gives
 * that Input their shape. Outputs and the loss stay as drawn: the objectives bind them.
 */
export function applyReadAtTrainingDataset(doc: GraphDocument, dataset: DatasetReference): { doc: GraphDocument; inputId: string | null } {
  let next = setDataset(doc, dataset);
  const inputs = next.nodes.filter((n) => n.type === 'Input');
  const shape = readAtTrainingInputShape(dataset);
  const inputId = shape && inputs.length === 1 ? inputs[0]!.id : null;
  if (inputId && shape) next = setParams(next, inputId, { shape });
  return { doc: next, inputId };
}

/**
 * A blank project gets a first network to train at once: Input → (Flatten, for images) →
 * Dense 64 ReLU → the output layer. The person reshapes it from there.
 */
function starterNetwork(doc: GraphDocument, result: DatasetResult): GraphDocument {
  const steps: { type: string; params: Record<string, unknown> }[] = [
    { type: 'Input', params: { shape: result.sampleShape } },
    ...(result.sampleShape.length > 1 ? [{ type: 'Flatten', params: {} }] : []),
    { type: 'Dense', params: { units: 64, activation: 'relu' } },
    { type: 'Dense', params: {} },
  ];
  let next = doc;
  let previous: string | null = null;
  steps.forEach((step, i) => {
    next = addNode(next, { type: step.type, params: step.params, position: { x: i * 320, y: 0 } });
    const id = next.nodes[next.nodes.length - 1]!.id;
    if (previous) next = connect(next, { source: previous, target: id });
    previous = id;
  });
  return next;
}
