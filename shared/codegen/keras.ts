import { pythonHelper, pyString, pyValue, type Params, type PythonHelper } from './python';
import { kerasHardSigmoidPy } from './python/keras_hard_sigmoid.py.generated';

/**
 * How a layer kind becomes Keras (3) code (each kind's `keras.ts` holds its emitter): the
 * layer constructor of a node in model.py's functional `build_model`, and the classes of our
 * own the model.py needs for it.
 */

/** What an emitter may ask of the other kinds (the wrappers write the layer they wrap). */
export interface KerasContext {
  /** The constructor of another kind's layer, or null when that kind is not written to Keras. */
  layer(type: string, params: Params): string | null;
  /** The params of a wrapped layer with its kind's defaults filled in. */
  params(type: string, params: Params): Params;
  /** The classes of our own another kind's layer needs. */
  helpers(type: string, params: Params): PythonHelper[];
}

export interface KerasLayerEmitter {
  type: string;
  /** The layer constructor without its call, named `name` when given; null when these settings are not written. */
  layer(p: Params, ctx: KerasContext, name?: string): string | null;
  /** Classes and functions of our own that model.py defines for the layer. */
  helpers?(p: Params, ctx: KerasContext): PythonHelper[];
  /** The call's arguments, when the layer takes more than its inputs (as one tensor, or a list). */
  call?(p: Params, args: string[]): string;
  /** get_weights() order, by the tfjs weight name's ending, where Keras's differs from the tfjs layer's. */
  weightOrder?: readonly string[];
}

/** An Input kind: `keras.Input(…)`. */
export interface KerasInputEmitter {
  type: string;
  input(p: Params, name: string): string;
}

export type KerasEmitter = KerasLayerEmitter | KerasInputEmitter;

export const isKerasInput = (emitter: KerasEmitter): emitter is KerasInputEmitter => 'input' in emitter;

export const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Keras's activation names; hardSigmoid is TensorFlow.js's (Keras 3 redefined it), so it is a function in model.py. */
export function kerasActivation(name: string): string {
  if (name === 'hardSigmoid') return 'tfjs_hard_sigmoid';
  return pyString(name === 'leakyRelu' ? 'leaky_relu' : snake(name));
}

/** Defines `tfjs_hard_sigmoid`, which kerasActivation names; model.py writes it when a line uses it. */
export const HARD_SIGMOID_HELPER = pythonHelper('tfjs_hard_sigmoid', kerasHardSigmoidPy);

/** Our param → [Keras's keyword, Keras's default]. */
export type KerasKeywords = Record<string, [string, unknown?]>;

/** `keyword=value` for each param that differs from Keras's default (the rest are left out to keep lines short). */
export function kwargs(p: Params, mapping: KerasKeywords): string[] {
  const out: string[] = [];
  for (const [ours, [theirs, keras]] of Object.entries(mapping)) {
    const value = p[ours];
    if (value === undefined || JSON.stringify(value) === JSON.stringify(keras)) continue;
    out.push(`${theirs}=${ours === 'activation' || ours === 'recurrentActivation' ? kerasActivation(value as string) : pyValue(value)}`);
  }
  return out;
}

/** A constructor's arguments, with `name=` last when the layer is named. */
export const named = (args: string[], name?: string): string => (name ? [...args, `name=${pyString(name)}`] : args).join(', ');

/** `cls(args…, name=…)`. */
export const construct = (cls: string, args: string[], name?: string): string => `${cls}(${named(args, name)})`;
