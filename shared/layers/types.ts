import type { z } from 'zod';
import type { LayerFamily } from './families';
import type { KindShapeErrorTexts, ShapeError } from './shape-errors';

/**
 * A tensor shape. `null` stands for the batch dimension and any other dimension that is
 * only known at run time (a variable sequence length, say).
 */
export type Shape = (number | null)[];

export type { LayerFamily } from './families';

export interface PortSpec {
  name: string;
  /** A port that takes any number of edges (merges). Edge order is document order. */
  multiple?: boolean;
  /** A port the layer works without. */
  optional?: boolean;
}

export type InferResult =
  | { ok: true; shapes: Shape[] }
  /**
   * `port` names the input port at fault, when one is. `error` is the problem as a code and
   * values (for an interface in any language); `message` its English sentence.
   */
  | { ok: false; message: string; error: ShapeError; port?: string };

export interface ParamCount {
  trainable: number;
  nonTrainable: number;
}

/** What a layer kind may ask of the rest of the catalog (wrappers such as TimeDistributed). */
export interface LayerContext {
  kind(type: string): AnyLayerSpec | undefined;
}

/** One Keras class this kind reads in model.json / `to_json()` files. */
export interface KerasMapping {
  classNames: string[];
  /**
   * Keras layer `config` → our params (the catalog's zod schema fills the rest with
   * defaults). Throw an Error with a clear message for a config we cannot represent.
   * `className` is the Keras class being read: one kind may claim several whose configs
   * look alike (LeakyReLU and ELU both write only `alpha`).
   */
  fromConfig(config: Record<string, unknown>, ctx: LayerContext, className: string): Record<string, unknown>;
}

/**
 * One kind of layer node as the editor, validator and importer know it: everything but the
 * tensors. Its tfjs builder lives beside it (`tfjs.ts` in the kind's folder) so that the
 * editor never loads tfjs.
 */
export interface LayerSpec<S extends z.ZodObject = z.ZodObject> {
  type: string;
  family: LayerFamily;
  /**
   * Where the kind stands in the catalog (and so in its palette family): lower first. The
   * registry lists folders alphabetically; this keeps the order a course meets them in.
   */
  order: number;
  label: string;
  /** One line for the palette. */
  doc: string;
  params: S;
  inputs: PortSpec[];
  outputs: PortSpec[];
  /** The kind's own shape errors (in its folder's shape-errors.ts), for the interface to say in its language. */
  shapeErrors?: KindShapeErrorTexts;
  /**
   * Pure. `inputs` holds the incoming shapes in port order (a `multiple` port contributes
   * one shape per edge). Never throws: an impossible input is `{ ok: false }`.
   */
  inferShape(inputs: Shape[], params: z.output<S>, ctx: LayerContext): InferResult;
  /** Pure. Only called when `inferShape` succeeded for the same inputs. */
  countParams(inputs: Shape[], params: z.output<S>, ctx: LayerContext): ParamCount;
  /** The dtype its input must have when not float32 (an Embedding reads integer ids). */
  inputDtype?: 'int32';
  /** Its output is its input when predicting (Dropout): a view of that output repeats the layer before it. */
  passesInputWhenPredicting?: true;
  /** Its attention weights can be drawn, head by head, in the attention view of a finished run. */
  hasAttentionMaps?: true;
  /** Input nodes only: the model input this node stands for. */
  inputSpec?(params: z.output<S>): { shape: Shape; dtype: 'float32' | 'int32' };
  keras?: KerasMapping;
}

// Kinds are stored type-erased in the catalog; each file keeps its precise types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLayerSpec = LayerSpec<any>;

/** Lets a kind's spec keep its params type while the catalog holds it erased. */
export function defineSpec<S extends z.ZodObject>(spec: LayerSpec<S>): LayerSpec<S> {
  return spec;
}

export const NO_PARAMS: ParamCount = { trainable: 0, nonTrainable: 0 };
