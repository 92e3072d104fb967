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
  unknownChannels: (p: { layer: string; shape: string }) => `${p.layer} needs a known number of channels (the last axis) but gets ${p.shape}`,
  kernelDoesNotFit: (p: { layer: string; size: string; shape: string }) => `${p.layer}'s kernel of ${p.size} does not fit in ${p.shape} with padding "valid"`,
  dilatedKernelDoesNotFit: (p: { layer: string; size: string; reach: number; dilation: number; shape: string }) =>
    `${p.layer}'s kernel of ${p.size} (spanning ${p.reach} with dilation ${p.dilation}) does not fit in ${p.shape} with padding "valid"`,
  poolDoesNotFit: (p: { layer: string; size: string; shape: string }) => `${p.layer}'s pool of ${p.size} does not fit in ${p.shape} with padding "valid"`,
  unknownStepFeatures: (p: { layer: string; shape: string }) => `${p.layer} needs a known number of features per step but gets ${p.shape}`,
  keyValueSteps: (p: { layer: string; key: string; value: string }) =>
    `${p.layer} pairs each key step with a value step, but the key is ${p.key} and the value ${p.value} — they need the same number of steps`,
  nodeFeaturesMissing: (p: { layer: string }) => `${p.layer} needs node features [nodes, features] — connect a graph's node-features Input`,
  nodeFeaturesShape: (p: { layer: string; port: string; shape: string }) => `${p.layer} expects node features [nodes, features] on "${p.port}" but gets ${p.shape}`,
  edgeIndexMissing: (p: { layer: string }) => `${p.layer} needs an edge index [edges, 2] — connect a graph's edge-index Input (int32, shape [2])`,
  edgeIndexShape: (p: { layer: string; port: string; shape: string }) =>
    `${p.layer} expects an edge index [edges, 2] (source, target per row) on "${p.port}" but gets ${p.shape} — set the edge Input's shape to [2]`,
  /** `detail` is the schema's message, said again from `issue` in the interface language. */
  innerParam: (p: { owner: string; inner: string; param: string; detail: string }) => `${p.owner}'s inner ${p.inner} has an invalid parameter ${p.param}: ${p.detail}`,
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

/** A code of shared/layers' own errors; a kind's own codes live in its folder (`defineShapeErrors`). */
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
  /** A ShapeErrorCode, or a code a kind defines in its folder. */
  code: string;
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

/**
 * A layer kind's own shape errors, kept in its folder: per code, the sentence as a template
 * (`{{name}}` for each value) in every interface language. The CLI fills in the English one;
 * the renderer loads them all into its translations.
 */
export type KindShapeErrorTexts = Record<string, { en: string; 'zh-CN': string }>;

type TemplateValues<S extends string> = S extends `${string}{{${infer V}}}${infer Rest}` ? V | TemplateValues<Rest> : never;
type KindErrorParams<S extends string> = Record<Exclude<TemplateValues<S>, 'detail'>, Value>;

const kindErrorTexts = new Map<string, KindShapeErrorTexts[string]>();

/** Registers a kind's shape errors (its spec module does, on load) and gives it a typed maker for them. */
export function defineShapeErrors<const T extends KindShapeErrorTexts>(texts: T) {
  for (const [code, text] of Object.entries(texts)) {
    if (code in SHAPE_ERROR_TEXT) throw new Error(`shape error "${code}" is already one of shared/layers/shape-errors.ts`);
    kindErrorTexts.set(code, text);
  }
  return {
    texts,
    error<C extends keyof T & string>(
      code: C,
      ...[params, extra]: keyof KindErrorParams<T[C]['en']> extends never
        ? [params?: Record<string, never>, extra?: Pick<ShapeError, 'hint' | 'cause' | 'issue' | 'detail'>]
        : [params: KindErrorParams<T[C]['en']>, extra?: Pick<ShapeError, 'hint' | 'cause' | 'issue' | 'detail'>]
    ): ShapeError {
      return { code, params: (params ?? {}) as Record<string, Value>, ...extra };
    },
  };
}

/** Every code an error may carry: shared/layers' own and those of every kind loaded. */
export function shapeErrorCodes(): string[] {
  return [...SHAPE_ERROR_CODES, ...kindErrorTexts.keys()];
}

function fillIn(template: string, values: Record<string, Value>): string {
  return template.replace(/{{(\w+)}}/g, (_, name: string) => String(sizeWord(values[name] ?? '')));
}

/** The English sentence, as the CLI prints it. */
export function shapeErrorMessage(error: ShapeError): string {
  const detail = error.cause ? shapeErrorMessage(error.cause) : (error.issue?.message ?? error.detail);
  const values = detail === undefined ? error.params : { ...error.params, detail };
  const own = SHAPE_ERROR_TEXT[error.code as ShapeErrorCode] as ((p: Record<string, Value>) => string) | undefined;
  const kind = kindErrorTexts.get(error.code);
  if (!own && !kind) throw new Error(`no text for shape error "${error.code}"`);
  const text = own ? own(values) : fillIn(kind!.en, values);
  if (!error.hint) return text;
  return `${text} — ${(SHAPE_HINT_TEXT[error.hint.code] as (p: Record<string, Value>) => string)(error.hint.params)}`;
}
