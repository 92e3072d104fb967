import { z } from 'zod';

/** Param schema building blocks shared by many kinds, so the inspector sees one vocabulary. */

export const positiveInt = (def: number) => z.number().int().min(1).default(def);

/** A dropout rate: dropping everything (1) leaves nothing to scale up, and tfjs refuses it. */
export const dropRate = (def: number) => z.number().min(0).lt(1).default(def);

/**
 * Activation functions a layer can apply to its output. The names are tfjs's identifiers
 * (`hardSigmoid`, `gelu`, …) so the compiler passes them through unchanged.
 */
export const ACTIVATIONS = [
  'linear',
  'relu',
  'relu6',
  'elu',
  'selu',
  'sigmoid',
  'hardSigmoid',
  'tanh',
  'softmax',
  'softplus',
  'softsign',
  'swish',
  'mish',
  'gelu',
] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];
export const activation = (def: ActivationName) => z.enum(ACTIVATIONS).default(def);

export const INITIALIZERS = [
  'glorotUniform',
  'glorotNormal',
  'heUniform',
  'heNormal',
  'leCunNormal',
  'leCunUniform',
  'zeros',
  'ones',
  'randomNormal',
  'randomUniform',
  'truncatedNormal',
  'orthogonal',
] as const;
export const initializer = (def: (typeof INITIALIZERS)[number]) => z.enum(INITIALIZERS).default(def);

export const padding = z.enum(['valid', 'same']).default('valid');

/** A size given per spatial axis, e.g. a 2-D kernel `[3, 3]`. */
export const pair = (def: [number, number]) =>
  z.tuple([z.number().int().min(1), z.number().int().min(1)]).default(def);

/** Keras writes snake_case activation names; tfjs and we use camelCase. */
export function activationFromKeras(name: unknown): ActivationName {
  if (name === undefined || name === null) return 'linear';
  const raw = typeof name === 'object' ? (name as { class_name?: string; config?: { name?: string } }).config?.name ?? (name as { class_name?: string }).class_name : name;
  // Keras 3 serializes swish under its other name, silu.
  const key = raw === 'silu' ? 'swish' : String(raw).replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const match = ACTIVATIONS.find((a) => a.toLowerCase() === key.toLowerCase());
  if (!match) throw new Error(`activation "${String(raw)}" is not supported`);
  return match;
}
