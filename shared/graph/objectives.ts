import { describeReferenceFields } from '../data/field-descriptions';
import { INPUT_FIELD, TARGET_FIELD, type FieldDescription, type FieldKind } from '../data/fields';
import type { DatasetReference } from '../data/reference';
import { declaredInputRoles } from '../layers/graph/roles';
import { formatSampleShape } from '../layers/shape-utils';
import type { Shape } from '../layers/types';
import type { GraphAnalysis, NodeAnalysis, Problem } from './analyze';
import type { GraphDocument, GraphNode } from './document';
import { ganDataProblems, ganRoles } from './gan';
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

/** The nodes whose values reach `nodeId`, itself included. */
function upstreamOf(doc: GraphDocument, nodeId: string): Set<string> {
  const seen = new Set([nodeId]);
  const stack = [nodeId];
  while (stack.length) {
    const id = stack.pop()!;
    for (const e of doc.edges)
      if (e.target === id && !seen.has(e.source)) {
        seen.add(e.source);
        stack.push(e.source);
      }
  }
  return seen;
}

function pair(value: unknown): [number, number] | null {
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'number') return [value[0], value[1]];
  return null;
}

/** Whether a 2-D convolution or pooling made the image smaller than 'same' padding would have (a window larger than 1 that pads 'valid'). */
function shrinksByValidPadding(node: NodeAnalysis): boolean {
  if (node.params.padding !== 'valid' || node.kind.type.includes('Transpose')) return false;
  const input = node.inputShapes[0];
  const output = node.outputShapes[0];
  if (input?.length !== 4 || output?.length !== 4) return false;
  const strides = pair(node.params.strides) ?? pair(node.params.poolSize) ?? [1, 1];
  return [1, 2].some((axis, i) => {
    const before = input[axis];
    const after = output[axis];
    return typeof before === 'number' && typeof after === 'number' && after < Math.ceil(before / strides[i]!);
  });
}

/** The layers upstream of `nodeId` that shrank the image by padding 'valid', in document order. */
function validPaddingLayers(doc: GraphDocument, analysis: GraphAnalysis, nodeId: string): string[] {
  const upstream = upstreamOf(doc, nodeId);
  return doc.nodes.filter((n) => upstream.has(n.id) && analysis.nodes.has(n.id) && shrinksByValidPadding(analysis.nodes.get(n.id)!)).map((n) => n.name);
}

function fieldList(fields: Record<string, FieldDescription>): string {
  return Object.keys(fields)
    .map((f) => `"${f}"`)
    .join(', ');
}

/**
 * `its target` for the one target every table has (the label, `y`), `its target "mask"` for
 * another field: the name is said where it tells something. The field goes into the params
 * only when the message names it.
 */
function targetWords(field: string): { text: string; params: Problem['params'] } {
  return field === TARGET_FIELD ? { text: 'its target', params: {} } : { text: `its target "${field}"`, params: { field } };
}

/** Whether `shape` is an image (height, width, channels) smaller than the target's height or width. */
function smallerImage(shape: Shape, target: Shape): boolean {
  if (shape.length !== 3 || target.length < 2 || target.length > 3) return false;
  return [0, 1].some((axis) => typeof shape[axis] === 'number' && typeof target[axis] === 'number' && shape[axis]! < target[axis]!);
}

/** What is wrong with learning `field` through `output` with `loss`; empty when it fits. */
function targetProblems(doc: GraphDocument, analysis: GraphAnalysis, output: BoundOutput, field: FieldDescription | undefined, fields: Record<string, FieldDescription> | null): Problem[] {
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
      problem(nodeId, 'loss-misfit', { reason: 'crossentropy-numbers', output: name, loss, field: output.field }, `${name} learns "${output.field}", numbers rather than classes, with ${loss} — use mse or mae for numbers`),
    ];
  const target = targetWords(output.field);
  if (sparse ? !fitsSparse(expected, field.shape) : !sameShape(expected, field.shape)) {
    const outputShape = formatSampleShape(shape);
    const targetShape = formatSampleShape(field.shape);
    // The output may well have the one-hot target's shape: the loss is what is wrong, so the sentence says the loss.
    if (field.kind === 'classes' && sparse)
      return [
        problem(
          nodeId,
          'target-shape',
          { output: name, shape: outputShape, target: targetShape, ...target.params, hint: 'one-hot' },
          `${name} outputs ${outputShape} and ${target.text} is one-hot ${targetShape}, but sparseCategoricalCrossentropy takes class indices — use categoricalCrossentropy`,
        ),
      ];
    const shrunk = smallerImage(shape, field.shape) ? validPaddingLayers(doc, analysis, nodeId) : [];
    const hint: { params: Problem['params']; text: string } = shrunk.length
      ? { params: { hint: 'valid-padding', layers: shrunk.join(', ') }, text: ` — 'valid' padding shrank the image; use 'same' in ${shrunk.join(', ')}` }
      : field.kind === 'class-index' && loss === 'categoricalCrossentropy'
        ? { params: { hint: 'indices' }, text: ' — the target holds class indices: use sparseCategoricalCrossentropy' }
        : { params: { hint: 'none' }, text: '' };
    return [
      problem(nodeId, 'target-shape', { output: name, shape: outputShape, target: targetShape, ...target.params, ...hint.params }, `${name} outputs ${outputShape} but ${target.text} is ${targetShape}${hint.text}`),
    ];
  }
  const classes = field.classNames?.length;
  if (sparse && classes && units !== null && units < classes)
    return [
      problem(nodeId, 'target-shape', { output: name, units, classes, ...target.params, hint: 'classes' }, `${name} outputs ${units} classes but ${target.text} has ${classes} — give it ${classes} units`),
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
      problem(nodeId, 'loss-misfit', { reason: 'crossentropy-unbounded', output: name, loss, activation }, `${name} ends with activation "${activation}", so its values are not probabilities, but ${loss} needs probabilities — end it with softmax (classes) or sigmoid (one unit), or use mse for numbers`),
    ];
  return [];
}

/** The model's outputs in order, one per output port of each sink node, as the compiler lays them out. */
function modelOutputs(analysis: GraphAnalysis): { nodeId: string; shape: Shape }[] {
  return analysis.outputs.flatMap((id) => (analysis.nodes.get(id)?.outputShapes ?? []).map((shape) => ({ nodeId: id, shape: shape.slice(1) })));
}

/**
 * Binds the document's Inputs and outputs to dataset fields. `fields` describes the dataset
 * (null when it is not known without reading its file: only what needs no data is checked;
 * with no dataset at all, nothing can be bound by its name).
 */
export function resolveBindings(doc: GraphDocument, analysis: GraphAnalysis, fields: Record<string, FieldDescription> | null, training: TrainingConfig = doc.training): Bindings {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const problems: Problem[] = [];
  // Several Inputs or outputs bind by name to fields: undecided while the fields are unknown.
  const namesUnknown = fields === null && doc.dataset !== null;
  const inputs: BoundInput[] = [];
  const inputCount = analysis.inputs.length;
  analysis.inputs.forEach((nodeId, index) => {
    const node = byId.get(nodeId)!;
    const shape = analysis.nodes.get(nodeId)?.outputShapes[0]?.slice(1) ?? [];
    const declared = training.inputs?.[nodeId];
    const field = declared?.field ?? (inputCount === 1 ? INPUT_FIELD : fields && node.name in fields ? node.name : null);
    if (field === null) {
      if (namesUnknown) return;
      problems.push(
        fields
          ? problem(
              nodeId,
              'input-unbound',
              { reason: 'unbound', input: node.name, count: inputCount, fields: fieldList(fields) },
              `${node.name} is one of ${inputCount} Inputs and reads no dataset field: bind it to one of the dataset's fields (${fieldList(fields)}) in the training settings, or name it like one`,
            )
          : problem(
              nodeId,
              'input-unbound',
              { reason: 'no-dataset', input: node.name, count: inputCount },
              `${node.name} is one of ${inputCount} Inputs and reads no dataset field: choose a dataset, then bind each Input to one of its fields in the training settings`,
            ),
      );
      return;
    }
    if (fields && !(field in fields))
      problems.push(
        problem(
          nodeId,
          'input-unbound',
          { reason: 'field-missing', input: node.name, field, fields: fieldList(fields) },
          `${node.name} reads the dataset field "${field}", which this dataset does not have (it has ${fieldList(fields)})`,
        ),
      );
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
      if (namesUnknown) return;
      problems.push(
        fields
          ? problem(
              nodeId,
              'objective-missing',
              { reason: 'unbound', output: node.name, count: ends.length, fields: fieldList(fields) },
              `${node.name} is one of ${ends.length} outputs and has no training objective: give it a target from the dataset (${fieldList(fields)}) and a loss in the training settings, or connect it into the rest of the model`,
            )
          : problem(
              nodeId,
              'objective-missing',
              { reason: 'no-dataset', output: node.name, count: ends.length },
              `${node.name} is one of ${ends.length} outputs and has no training objective: choose a dataset, then give it a target and a loss in the training settings, or connect it into the rest of the model`,
            ),
      );
      return;
    }
    const activation = finalActivation(node, analysis.nodes.get(nodeId)?.params);
    const fit = lossFitProblems(bound, activation);
    problems.push(...(fit.length ? fit : targetProblems(doc, analysis, bound, fields?.[bound.field], fields)));
    outputs.push(bound);
  });
  return { inputs, outputs, problems };
}

/**
 * Whether the bindings are the run the table source always trained: features `x` into one
 * vector output that learns `y`. Its data is checked where it is loaded, with hints of its
 * own (the labels' encoding, the units), so only what the data cannot fix refuses it here.
 */
function isClassicBinding(bindings: Bindings): boolean {
  if (bindings.problems.some((p) => p.code === 'objective-missing' || p.code === 'input-unbound')) return false;
  // Every Input and output is bound: the bindings stand for the model itself.
  return isClassicRun({ inputs: bindings.inputs, outputs: bindings.outputs.map((o) => ({ shape: [null, ...o.shape] })) }, bindings);
}

/** The problems of `bindings` that refuse a run: all of them, but for the classic run only what its loader cannot say better. */
export function blockingProblems(bindings: Bindings): Problem[] {
  if (!isClassicBinding(bindings)) return bindings.problems;
  // target-missing: a set with no labels (a GAN's real samples) gives the classic run nothing to learn.
  return bindings.problems.filter((p) => p.code === 'loss-misfit' || p.code === 'target-missing' || (p.code === 'target-shape' && p.params.hint === 'classes'));
}

/** A graph model trains on a graph dataset, each Input fed by its role: its own trainer binds and checks them. */
function isGraphModel(doc: GraphDocument): boolean {
  return doc.dataset?.kind === 'graph' || Object.keys(declaredInputRoles(doc)).length > 0;
}

/**
 * What keeps a document from training, beside the problems of its graph: the one check that
 * `nnd validate`, `nnd train`, `nnd export` (code formats), the editor and the worker share.
 * `fields` as for resolveBindings (the editor, without data, passes what a reference promises or null).
 */
export function trainingProblems(doc: GraphDocument, analysis: GraphAnalysis, fields: Record<string, FieldDescription> | null, training: TrainingConfig = doc.training): Problem[] {
  if (training.gan) {
    const { roles, problems } = ganRoles(doc, analysis, training.gan);
    return roles ? ganDataProblems(doc, roles, training.gan, fields) : problems;
  }
  if (isGraphModel(doc)) return resolveBindings(doc, analysis, null, training).problems.filter((p) => p.code === 'loss-misfit');
  return blockingProblems(resolveBindings(doc, analysis, fields, training));
}

/** The units of the model's first output: what `auto` label encoding fits the labels to, as the worker loads them. */
export function firstOutputUnits(analysis: GraphAnalysis): number | null {
  const first = modelOutputs(analysis)[0]?.shape;
  return first?.length ? (first[first.length - 1] ?? null) : null;
}

/**
 * The fields `dataset` promises without reading a file, its labels encoded as the loaders
 * will for this model (`auto` fits the first output's units and the loss); null without a
 * dataset, or where the file decides (a CSV's columns).
 */
export function promisedFields(dataset: DatasetReference | null, analysis: GraphAnalysis, training: Pick<TrainingConfig, 'loss'>): Record<string, FieldDescription> | null {
  return dataset ? describeReferenceFields(dataset, { units: firstOutputUnits(analysis), loss: training.loss }) : null;
}

/**
 * Features `x` → one [batch, units] output learning `y`: the run the table loader always
 * trained, the one whose loader checks give their own hints and whose evaluation is one
 * confusion matrix or scatter. Anything else is checked and evaluated output by output.
 */
export function isClassicRun(
  model: { inputs: readonly unknown[]; outputs: readonly { shape: readonly unknown[] }[] },
  bindings: { inputs: readonly { field: string }[]; outputs: readonly { field: string }[] },
): boolean {
  return (
    model.inputs.length === 1 &&
    model.outputs.length === 1 &&
    bindings.inputs.length === 1 &&
    bindings.outputs.length === 1 &&
    bindings.inputs[0]!.field === INPUT_FIELD &&
    bindings.outputs[0]!.field === TARGET_FIELD &&
    model.outputs[0]!.shape.length === 2
  );
}
