import type { PortableIssue } from '../zod-issue';

/**
 * What a layer kind says when it cannot infer its output shape: a stable code and the values
 * the sentence names, so an interface can say it in its own language (the renderer's
 * `shapeErrors.*` keys), plus the English sentence the CLI and logs print. Shapes are passed
 * already written out (`[batch, 28, 28, 1]`): that notation reads the same in every language.
 */
type Value = string | number;

/** The size parameter that stands for "not known". */
export const UNKNOWN_SIZE = '?';
const sizeWord = (size: Value) => (size === UNKNOWN_SIZE ? 'unknown' : size);

export const SHAPE_ERROR_TEXT = {
  oneInput: (p: { layer: string; count: number }) => `${p.layer} takes exactly one input but has ${p.count}`,
  rank: (p: { layer: string; rank: number; layout: string; shape: string }) => `${p.layer} expects a ${p.rank}-D input ${p.layout} but gets ${p.shape}`,
  featureAxis: (p: { layer: string; shape: string }) => `${p.layer} expects an input with a feature axis but gets ${p.shape}`,
  unknownFeatures: (p: { layer: string; shape: string }) => `${p.layer} needs a known number of input features but gets ${p.shape}`,
  flattenTooFewAxes: (p: { shape: string }) => `Flatten expects an input with at least two axes after the batch, e.g. [batch, 28, 28, 1], but gets ${p.shape}`,
  flattenUnknownSize: (p: { shape: string }) => `Flatten needs every axis but the batch to have a known size but gets ${p.shape}`,
  reshapeNotMultiple: (p: { shape: string; total: number; target: string; known: number }) =>
    `Reshape cannot turn ${p.shape} (${p.total} values per sample) into ${p.target}: ${p.total} is not a multiple of ${p.known}`,
  reshapeWrongTotal: (p: { target: string; known: number; shape: string; total: number }) =>
    `Reshape to ${p.target} needs ${p.known} values per sample but gets ${p.shape} with ${p.total}`,
  permuteAxes: (p: { dims: string; count: number; shape: string; axes: number }) =>
    `Permute with dims ${p.dims} reorders ${p.count} axes but gets ${p.shape} with ${p.axes} after the batch`,
  unknownChannels: (p: { layer: string; shape: string }) => `${p.layer} needs a known number of channels (the last axis) but gets ${p.shape}`,
  kernelDoesNotFit: (p: { layer: string; size: string; shape: string }) => `${p.layer}'s kernel of ${p.size} does not fit in ${p.shape} with padding "valid"`,
  dilatedKernelDoesNotFit: (p: { layer: string; size: string; reach: number; dilation: number; shape: string }) =>
    `${p.layer}'s kernel of ${p.size} (spanning ${p.reach} with dilation ${p.dilation}) does not fit in ${p.shape} with padding "valid"`,
  poolDoesNotFit: (p: { layer: string; size: string; shape: string }) => `${p.layer}'s pool of ${p.size} does not fit in ${p.shape} with padding "valid"`,
  unknownStepFeatures: (p: { layer: string; shape: string }) => `${p.layer} needs a known number of features per step but gets ${p.shape}`,
  multiHeadSequence: (p: { port: string; shape: string }) =>
    `MultiHeadAttention expects a sequence [batch, steps, features] with known features on "${p.port}" but gets ${p.shape}`,
  multiHeadNeedsTwo: () => 'MultiHeadAttention needs a query and a value — for self-attention, wire the same sequence into both',
  keyValueSteps: (p: { layer: string; key: string; value: string }) =>
    `${p.layer} pairs each key step with a value step, but the key is ${p.key} and the value ${p.value} — they need the same number of steps`,
  causalSteps: (p: { querySteps: number; keySteps: number }) =>
    `a causal mask lines query step i up with key step i, but the query has ${p.querySteps} steps and the key ${p.keySteps} — use the same sequence length, or turn causal off`,
  attentionSequence: (p: { port: string; shape: string }) => `Attention expects a sequence [batch, steps, features] on "${p.port}" but gets ${p.shape}`,
  attentionNeedsTwo: () => 'Attention needs both a query and a value — connect a sequence to each',
  attentionFeatures: (p: { query: string; key: string }) =>
    `Attention scores query · key, so both need the same number of features, but the query is ${p.query} and the key is ${p.key} — add a Dense before one of them to match`,
  attentionFeaturesValueAsKey: (p: { query: string; value: string }) =>
    `Attention scores query · key, so both need the same number of features, but the query is ${p.query} and the value (used as key) is ${p.value} — add a Dense before one of them to match`,
  additiveNeedsTwo: () => 'AdditiveAttention needs both a query and a value — connect a sequence to each',
  additiveSequence: (p: { port: string; shape: string }) => `AdditiveAttention expects a sequence [batch, steps, features] on "${p.port}" but gets ${p.shape}`,
  additiveFeatures: (p: { query: string; key: string }) =>
    `AdditiveAttention adds query and key, so both need the same number of features, but the query is ${p.query} and the key is ${p.key} — add a Dense before one of them`,
  additiveFeaturesValueAsKey: (p: { query: string; value: string }) =>
    `AdditiveAttention adds query and key, so both need the same number of features, but the query is ${p.query} and the value (used as key) is ${p.value} — add a Dense before one of them`,
  nodeFeaturesMissing: (p: { layer: string }) => `${p.layer} needs node features [nodes, features] — connect a graph's node-features Input`,
  nodeFeaturesShape: (p: { layer: string; port: string; shape: string }) => `${p.layer} expects node features [nodes, features] on "${p.port}" but gets ${p.shape}`,
  edgeIndexMissing: (p: { layer: string }) => `${p.layer} needs an edge index [edges, 2] — connect a graph's edge-index Input (int32, shape [2])`,
  edgeIndexShape: (p: { layer: string; port: string; shape: string }) =>
    `${p.layer} expects an edge index [edges, 2] (source, target per row) on "${p.port}" but gets ${p.shape} — set the edge Input's shape to [2]`,
  graphIdsShape: (p: { shape: string }) => `GraphReadout expects one graph id per node, [nodes, 1], on "graph" but gets ${p.shape}`,
  edgeFeaturesShape: (p: { shape: string }) => `MessagePassing expects edge features [edges, features] on "edgeFeatures" but gets ${p.shape}`,
  embeddingIds: (p: { shape: string }) => `Embedding expects integer ids [batch, steps] but gets ${p.shape}`,
  embeddingLength: (p: { inputLength: number; steps: number; shape: string }) =>
    `Embedding has inputLength ${p.inputLength} but gets sequences of ${p.steps} ids ${p.shape} — set inputLength to ${p.steps} or clear it`,
  patchHeight: (p: { patch: number; shape: string; size: number }) =>
    `PatchEmbedding cuts ${p.patch}×${p.patch} patches, but the image ${p.shape} has height ${p.size}, not a multiple of ${p.patch} — choose a patch size that divides it`,
  patchWidth: (p: { patch: number; shape: string; size: number }) =>
    `PatchEmbedding cuts ${p.patch}×${p.patch} patches, but the image ${p.shape} has width ${p.size}, not a multiple of ${p.patch} — choose a patch size that divides it`,
  /** `detail` is the schema's message, said again from `issue` in the interface language. */
  innerParam: (p: { owner: string; inner: string; param: string; detail: string }) => `${p.owner}'s inner ${p.inner} has an invalid parameter ${p.param}: ${p.detail}`,
  wrapUnknown: (p: { layer: string }) => `TimeDistributed wraps a "${p.layer}", which is not a known layer type`,
  wrapOneInput: (p: { layer: string }) => `TimeDistributed can only wrap a layer with one input, not ${p.layer}`,
  timeDistributedSteps: (p: { shape: string }) =>
    `TimeDistributed expects a sequence [batch, steps, …] but gets ${p.shape} — it applies its layer once per step, so the input needs a steps axis`,
  /** `detail` is the wrapped layer's own error (the `cause`). */
  perStep: (p: { layer: string; step: string; detail: string }) => `TimeDistributed applies ${p.layer} to each step ${p.step}: ${p.detail}`,
  oneOutput: (p: { layer: string; count: number }) => `TimeDistributed needs a layer with one output, but ${p.layer} has ${p.count} with these settings`,
  graphInputSingle: (p: { role: string; dtype: string }) => `a ${p.role} Input takes ${p.dtype} rows of 1 value: set its shape to [1] and its dtype to ${p.dtype}`,
  graphInputRows: (p: { role: string; dtype: string; width: number }) =>
    `a ${p.role} Input takes ${p.dtype} rows of ${p.width} values: set its shape to [${p.width}] and its dtype to ${p.dtype}`,
  graphInputFeatures: (p: { role: string; dtype: string }) => `a ${p.role} Input takes ${p.dtype} rows of F values: set its shape to [features] and its dtype to ${p.dtype}`,
  takeStepSequence: (p: { shape: string }) => `TakeStep expects a sequence [batch, steps, features] but gets ${p.shape}`,
  takeStepIndex: (p: { index: number; shape: string; steps: number; last: number }) =>
    `TakeStep keeps step ${p.index}, but the sequence ${p.shape} has ${p.steps} steps (0 … ${p.last}, or −1 … −${p.steps})`,
  mergeNeedsTwo: (p: { layer: string; count: number }) => `${p.layer} merges two or more inputs but has ${p.count} — connect another layer to it`,
  mergeRank: (p: { layer: string; first: string; index: number; other: string; firstRank: number; otherRank: number }) =>
    `${p.layer} needs inputs of the same shape, but input 1 is ${p.first} and input ${p.index} is ${p.other} (${p.firstRank} vs ${p.otherRank} axes) — add a Reshape or Flatten so they match`,
  mergeAxis: (p: { layer: string; first: string; index: number; other: string; axis: number; a: Value; b: Value }) =>
    `${p.layer} needs inputs of the same shape, but input 1 is ${p.first} and input ${p.index} is ${p.other} (axis ${p.axis}: ${p.a} vs ${p.b}) — change the layers before it so the sizes agree`,
  concatBatchAxis: (p: { axis: number }) => `Concatenate cannot join along axis ${p.axis}, the batch axis — use -1 for the features`,
  concatAxisRange: (p: { axis: number; shape: string; rank: number }) =>
    `Concatenate joins along axis ${p.axis}, but the input ${p.shape} has only ${p.rank} axes — use -1 for the last axis`,
  concatRank: (p: { first: string; index: number; other: string }) =>
    `Concatenate needs inputs with the same number of axes, but input 1 is ${p.first} and input ${p.index} is ${p.other} — add a Reshape or Flatten so they match`,
  /** `a` / `b`: a size, or `?` where it is not known (said as a word). */
  concatOtherAxis: (p: { axis: number; first: string; index: number; other: string; differing: number; a: Value; b: Value }) =>
    `Concatenate joins along axis ${p.axis}, so every other axis must match, but input 1 is ${p.first} and input ${p.index} is ${p.other} (axis ${p.differing}: ${sizeWord(p.a)} vs ${sizeWord(p.b)}) — choose another axis or make those sizes equal`,
  positionsTooFew: (p: { maxLength: number; shape: string; steps: number }) =>
    `PositionalEmbedding learns ${p.maxLength} positions but the sequence ${p.shape} has ${p.steps} — raise maxLength to ${p.steps}`,
  normFeatureAxis: (p: { layer: string; shape: string }) => `${p.layer} expects an input with a feature axis [batch, …, features] but gets ${p.shape}`,
  normAxisRange: (p: { layer: string; axis: number; shape: string; rank: number }) =>
    `${p.layer} normalizes along axis ${p.axis}, but the input ${p.shape} has only ${p.rank} axes — use -1 for the last (feature) axis`,
  normBatchAxis: (p: { layer: string; axis: number }) => `${p.layer} cannot normalize along axis ${p.axis}, the batch axis — use -1 for the last (feature) axis`,
  normUnknownSize: (p: { layer: string; axis: number; shape: string }) =>
    `${p.layer} needs a known size along axis ${p.axis} to hold one scale and offset per feature, but the input is ${p.shape}`,
  /** A bug in a kind (it threw): `detail` is the thrown message, which only a developer reads. */
  inferCrashed: (p: { layer: string; shapes: string; detail: string }) => `${p.layer} could not infer its shape from ${p.shapes}: ${p.detail}`,
} as const;

/** What to do about it: said after the error, following " — ". */
export const SHAPE_HINT_TEXT = {
  addFlatten: () => 'add a Flatten before it',
  addFlattenOrPooling: () => 'add a Flatten or a global pooling layer before it',
  removeFlatten: () => 'it is already flat, so remove the Flatten',
  fixSizeOrPool: () => 'give the Input a fixed size, or pool the free axis away with a global pooling layer instead',
  sizesDividing: (p: { total: number }) => `choose sizes whose product divides ${p.total}`,
  sizesMultiplying: (p: { total: number }) => `choose sizes that multiply to ${p.total}, or use -1 for one of them`,
  listEachAxis: () => 'list each of its axes once in dims',
  reshapeTo: (p: { target: string }) => `add a Reshape to ${p.target} before it`,
  reshapeToImage: () => 'add a Reshape before it that gives each sample [height, width, channels]',
  reshapeAddChannel: (p: { target: string }) => `add a Reshape to ${p.target} before it to give it a channel axis`,
  imagesOnly: () => 'it works on images [batch, height, width, channels] only',
  reshapeToSteps: (p: { target: string }) => `add a Reshape to ${p.target} before it so each feature becomes a time step`,
  use2DVersion: () => 'use the 2-D version of this layer for images, or Reshape to [steps, channels] first',
  sequencesOnly: () => 'it works on sequences [batch, steps, channels] only',
  fixChannels: () => 'give the Input a fixed channel count',
  smallerKernel: () => 'use padding "same", a smaller kernel, or less downsampling before it',
  smallerPool: () => 'use padding "same", a smaller pool, or less downsampling before it',
  reshapeOrEmbedding: (p: { target: string }) => `add a Reshape to [steps, features] (e.g. ${p.target}) or an Embedding before it`,
  reshapeToStepsFeatures: () => 'add a Reshape to [steps, features] before it',
  attentionNeedsSteps: () => 'attention works on sequences; add a steps axis (Reshape or RepeatVector), or an Embedding before it',
  imageToPatches: () => 'for an image, cut it into a sequence of patches with PatchEmbedding first',
  addStepsAxis: () => 'add a steps axis (RepeatVector or Reshape) or attend over a sequence layer',
  idsNotVectors: () => 'it looks up one vector per id, so feed integer ids, not one-hot or feature vectors (or Reshape to [steps])',
  giveStepsAxis: () => 'give the Input a steps axis, e.g. shape [10]',
} as const;

export type ShapeErrorCode = keyof typeof SHAPE_ERROR_TEXT;
export type ShapeHintCode = keyof typeof SHAPE_HINT_TEXT;
export const SHAPE_ERROR_CODES = Object.keys(SHAPE_ERROR_TEXT) as ShapeErrorCode[];
export const SHAPE_HINT_CODES = Object.keys(SHAPE_HINT_TEXT) as ShapeHintCode[];

type ParamsOf<F> = F extends (p: infer P) => string ? P : Record<string, never>;
/** `detail` is filled from `cause` or `issue`, never given. */
type GivenParams<C extends ShapeErrorCode> = Omit<ParamsOf<(typeof SHAPE_ERROR_TEXT)[C]>, 'detail'>;

export interface ShapeHint {
  code: ShapeHintCode;
  params: Record<string, Value>;
}

export interface ShapeError {
  code: ShapeErrorCode;
  params: Record<string, Value>;
  hint?: ShapeHint;
  /** The error of a wrapped layer (perStep). */
  cause?: ShapeError;
  /** The schema problem of a wrapped layer's params (innerParam). */
  issue?: PortableIssue;
  /** Only for inferCrashed: what the kind threw. */
  detail?: string;
}

export function shapeError<C extends ShapeErrorCode>(
  code: C,
  ...[params, extra]: keyof GivenParams<C> extends never
    ? [params?: Record<string, never>, extra?: Pick<ShapeError, 'hint' | 'cause' | 'issue' | 'detail'>]
    : [params: GivenParams<C>, extra?: Pick<ShapeError, 'hint' | 'cause' | 'issue' | 'detail'>]
): ShapeError {
  return { code, params: (params ?? {}) as Record<string, Value>, ...extra };
}

export function shapeHint<H extends ShapeHintCode>(
  code: H,
  ...[params]: keyof ParamsOf<(typeof SHAPE_HINT_TEXT)[H]> extends never ? [] : [params: ParamsOf<(typeof SHAPE_HINT_TEXT)[H]>]
): ShapeHint {
  return { code, params: (params ?? {}) as Record<string, Value> };
}

/** The English sentence, as the CLI prints it. */
export function shapeErrorMessage(error: ShapeError): string {
  const detail = error.cause ? shapeErrorMessage(error.cause) : (error.issue?.message ?? error.detail);
  const text = (SHAPE_ERROR_TEXT[error.code] as (p: Record<string, Value>) => string)(detail === undefined ? error.params : { ...error.params, detail });
  if (!error.hint) return text;
  return `${text} — ${(SHAPE_HINT_TEXT[error.hint.code] as (p: Record<string, Value>) => string)(error.hint.params)}`;
}
