import { INPUT_FIELD, TARGET_FIELD, type FieldDescription, type FieldKind } from '../data/fields';
import { formatShape } from '../layers/shape-utils';
import type { Shape } from '../layers/types';
import type { GraphAnalysis, Problem } from './analyze';
import type { GraphDocument, GraphNode } from './document';
import type { InputNoise, LossName, MetricName, TrainingConfig } from './training-config';

/**
 * Which dataset field feeds each Input and which one each output learns, with what loss:
 * the document's `training.inputs` / `training.outputs` where it says, else the one obvious
 * choice (one Input reads `x`, one output learns `y` with the settings' loss; several read and
 * learn the fields named like them). Pure: the editor, `nnd validate`, the worker and the
 * exporters resolve a document the same way, and say the same problems.
 */
export interface BoundInput {
  nodeId: string;
  name: string;
  /** Position among the model's inputs. */
  index: number;
  field: string;
  noise?: InputNoise;
  /** One sample's shape as the Input declares it. */
  shape: Shape;
}

export interface BoundOutput {
  nodeId: string;
  name: string;
  /** Position among the model's outputs. */
  index: number;
  field: string;
  loss: LossName;
  weight: number;
  metrics: MetricName[];
  /** One sample's shape as the output node produces it. */
  shape: Shape;
}

export interface Bindings {
  inputs: BoundInput[];
  outputs: BoundOutput[];
  problems: Problem[];
}

const CROSSENTROPIES: readonly LossName[] = ['binaryCrossentropy', 'categoricalCrossentropy', 'sparseCategoricalCrossentropy'];
/** Activations whose outputs are probabilities, as a crossentropy needs them. */
const PROBABILITIES = new Set(['softmax', 'sigmoid', 'hardSigmoid']);

/** The loss that fits a field as a target, when the document does not name one. */
export function defaultLossFor(kind: FieldKind, units: number | null): LossName {
  switch (kind) {
    case 'classes':
      return units === 1 ? 'binaryCrossentropy' : 'categoricalCrossentropy';
    case 'class-index':
    case 'tokens':
      return units === 1 ? 'binaryCrossentropy' : 'sparseCategoricalCrossentropy';
    default:
      return 'mse';
  }
}

/** The metrics shown for a field as a target, when the document does not name them. */
export function defaultMetricsFor(kind: FieldKind): MetricName[] {
  switch (kind) {
    case 'classes':
    case 'class-index':
    case 'tokens':
      return ['accuracy'];
    case 'image':
      return ['psnr'];
    default:
      return ['mae'];
  }
}

/** The activation a node ends with, when it has one as a parameter (Dense, Conv, Activation…). */
function finalActivation(node: GraphNode | undefined, params: Record<string, unknown> | undefined): string | null {
  const activation = params?.activation ?? node?.params.activation;
  return typeof activation === 'string' ? activation : null;
}

/** The shape a target must have for `loss` on an output of `shape` (one sample, no batch axis). */
export function expectedTargetShape(loss: LossName, shape: Shape): Shape {
  return loss === 'sparseCategoricalCrossentropy' ? shape.slice(0, -1) : shape;
}

function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === null || b[i] === null || d === b[i]);
}

/** A class index target may carry a trailing axis of 1 ([h, w, 1] masks, [1] labels). */
function fitsSparse(expected: Shape, field: Shape): boolean {
  if (sameShape(expected, field)) return true;
  return field.length === expected.length + 1 && field[field.length - 1] === 1 && sameShape(expected, field.slice(0, -1));
}

function problem(nodeId: string, code: Problem['code'], params: Problem['params'], message: string): Problem {
  return { nodeId, severity: 'error', code, params, message };
}

/** Whether some convolution or pooling of the graph pads 'valid': what shrinks an image on its way through. */
function hasValidPadding(doc: GraphDocument): boolean {
  return doc.nodes.some((n) => n.params.padding === 'valid' && (n.type.includes('Conv') || n.type.includes('Pool')));
}

function fieldList(fields: Record<string, FieldDescription>): string {
  return Object.keys(fields)
    .map((f) => `"${f}"`)
    .join(', ');
}

/** What is wrong with learning `field` through `output` with `loss`; empty when it fits. */
function targetProblems(doc: GraphDocument, output: BoundOutput, field: FieldDescription | undefined, fields: Record<string, FieldDescription> | null): Problem[] {
  const { nodeId, name, loss, shape } = output;
  if (!fields) return [];
  if (!field)
    return [
      problem(nodeId, 'target-missing', { output: name, field: output.field, fields: fieldList(fields) }, `${name} learns the dataset field "${output.field}", which this dataset does not have (it has ${fieldList(fields)}) — pick one of those as its target`),
    ];
  const expected = expectedTargetShape(loss, shape);
  const sparse = loss === 'sparseCategoricalCrossentropy';
  const units = shape[shape.length - 1] ?? null;
  // A binary crossentropy fits any values in 0..1 (0/1 labels read as numbers, pixels); one over classes needs classes.
  if (loss !== 'binaryCrossentropy' && CROSSENTROPIES.includes(loss) && (field.kind === 'numbers' || field.kind === 'features' || field.kind === 'image'))
    return [
      problem(nodeId, 'loss-misfit', { reason: 'crossentropy-numbers', output: name, loss, field: output.field }, `${name} learns "${output.field}", numbers to regress, with ${loss} — use mse or mae for numbers`),
    ];
  if (sparse ? !fitsSparse(expected, field.shape) : !sameShape(expected, field.shape)) {
    const shrank = expected.length === 3 && field.shape.length === 3 && (expected[0] ?? 0) < (field.shape[0] ?? 0) && hasValidPadding(doc);
    const hint = shrank
      ? { hint: 'valid-padding', text: " — 'valid' padding shrank the image; use 'same'" }
      : field.kind === 'classes' && sparse
        ? { hint: 'one-hot', text: ' — the target is one-hot: use categoricalCrossentropy' }
        : field.kind === 'class-index' && loss === 'categoricalCrossentropy'
          ? { hint: 'indices', text: ' — the target holds class indices: use sparseCategoricalCrossentropy' }
          : { hint: 'none', text: '' };
    return [
      problem(
        nodeId,
        'target-shape',
        { output: name, shape: formatShape([null, ...shape]).replace(/^\[null, /, '['), target: formatShape(field.shape), field: output.field, hint: hint.hint },
        `${name} outputs ${formatShape(shape)} but its target "${output.field}" is ${formatShape(field.shape)}${hint.text}`,
      ),
    ];
  }
  const classes = field.classNames?.length;
  if (sparse && classes && units !== null && units < classes)
    return [
      problem(nodeId, 'target-shape', { output: name, shape: formatShape(shape), target: formatShape(field.shape), field: output.field, hint: 'classes', classes }, `${name} outputs ${units} classes but its target "${output.field}" has ${classes} — give it ${classes} units`),
    ];
  return [];
}

/** A loss that cannot work on what the output produces, whatever the data. */
function lossFitProblems(output: BoundOutput, activation: string | null): Problem[] {
  const { nodeId, name, loss, shape } = output;
  const units = shape[shape.length - 1];
  if (activation === 'softmax' && units === 1)
    return [problem(nodeId, 'loss-misfit', { reason: 'softmax-one-unit', output: name }, `${name} applies softmax over 1 unit, which always outputs 1 — use sigmoid for one unit, or one unit per class`)];
  if ((loss === 'categoricalCrossentropy' || loss === 'sparseCategoricalCrossentropy') && units === 1)
    return [problem(nodeId, 'loss-misfit', { reason: 'categorical-one-unit', output: name, loss }, `${name} has 1 unit, but ${loss} needs one unit per class — use binaryCrossentropy with a sigmoid for two classes`)];
  if (CROSSENTROPIES.includes(loss) && activation !== null && !PROBABILITIES.has(activation))
    return [
      problem(nodeId, 'loss-misfit', { reason: 'crossentropy-unbounded', output: name, loss, activation }, `${name} ends with a ${activation} activation, but ${loss} needs probabilities — end it with softmax (classes) or sigmoid (one unit), or use mse for numbers`),
    ];
  return [];
}

/** The model's outputs in order, one per output port of each sink node, as the compiler lays them out. */
function modelOutputs(analysis: GraphAnalysis): { nodeId: string; shape: Shape }[] {
  return analysis.outputs.flatMap((id) => (analysis.nodes.get(id)?.outputShapes ?? []).map((shape) => ({ nodeId: id, shape: shape.slice(1) })));
}

/**
 * Binds the document's Inputs and outputs to dataset fields. `fields` describes the dataset
 * (null when it is not known without reading its file: only what needs no data is checked).
 */
export function resolveBindings(doc: GraphDocument, analysis: GraphAnalysis, fields: Record<string, FieldDescription> | null, training: TrainingConfig = doc.training): Bindings {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const problems: Problem[] = [];
  const inputs: BoundInput[] = [];
  analysis.inputs.forEach((nodeId, index) => {
    const node = byId.get(nodeId)!;
    const shape = analysis.nodes.get(nodeId)?.outputShapes[0]?.slice(1) ?? [];
    const declared = training.inputs?.[nodeId];
    const field = declared?.field ?? (analysis.inputs.length === 1 ? INPUT_FIELD : fields && node.name in fields ? node.name : null);
    if (field === null) {
      problems.push(
        problem(nodeId, 'input-unbound', { input: node.name, fields: fields ? fieldList(fields) : '' }, `${node.name} reads no dataset field: with several Inputs, bind each to a field${fields ? ` (${fieldList(fields)})` : ''} in the training settings, or name it like one`),
      );
      return;
    }
    if (fields && !(field in fields))
      problems.push(problem(nodeId, 'input-unbound', { input: node.name, field, fields: fieldList(fields) }, `${node.name} reads the dataset field "${field}", which this dataset does not have (it has ${fieldList(fields)})`));
    inputs.push({ nodeId, name: node.name, index, field, ...(declared?.noise ? { noise: declared.noise } : {}), shape });
  });

  const outputs: BoundOutput[] = [];
  const ends = modelOutputs(analysis);
  ends.forEach(({ nodeId, shape }, index) => {
    const node = byId.get(nodeId)!;
    const units = shape[shape.length - 1] ?? null;
    const declared = training.outputs?.[nodeId];
    let bound: BoundOutput | null = null;
    if (declared) bound = { nodeId, name: node.name, index, field: declared.target, loss: declared.loss, weight: declared.weight, metrics: [...declared.metrics], shape };
    else if (ends.length === 1) bound = { nodeId, name: node.name, index, field: TARGET_FIELD, loss: training.loss, weight: 1, metrics: [...new Set(training.metrics)], shape };
    else if (fields && node.name in fields) {
      const kind = fields[node.name]!.kind;
      bound = { nodeId, name: node.name, index, field: node.name, loss: defaultLossFor(kind, units), weight: 1, metrics: defaultMetricsFor(kind), shape };
    }
    if (!bound) {
      problems.push(
        problem(nodeId, 'objective-missing', { output: node.name, fields: fields ? fieldList(fields) : '' }, `${node.name} is an output with no training objective: give it a target from the dataset and a loss in the training settings${fields ? ` (fields: ${fieldList(fields)})` : ''}, or connect it into the rest of the model`),
      );
      return;
    }
    const activation = finalActivation(node, analysis.nodes.get(nodeId)?.params);
    const fit = lossFitProblems(bound, activation);
    problems.push(...(fit.length ? fit : targetProblems(doc, bound, fields?.[bound.field], fields)));
    outputs.push(bound);
  });
  return { inputs, outputs, problems };
}
