import { catalog } from '.';
import type { InferResult, Shape } from './types';

/** Shape inference for a kind with its params resolved the way the validator resolves them. */
export function inferWith(type: string, params: Record<string, unknown>, inputs: Shape[]): InferResult {
  const resolved = catalog.resolveParams(type, params);
  if (!resolved.success) throw new Error(resolved.error);
  return catalog.kind(type)!.inferShape(inputs, resolved.params, catalog);
}

/** The failure message of an inference that must fail. */
export function failureOf(type: string, params: Record<string, unknown>, inputs: Shape[]): string {
  const result = inferWith(type, params, inputs);
  if (result.ok) throw new Error(`${type} accepted ${JSON.stringify(inputs)} and gave ${JSON.stringify(result.shapes)}`);
  return result.message;
}

/** A Keras config read by the kind that claims its class, then completed with our defaults. */
export function fromKeras(className: string, config: Record<string, unknown>): { type: string; params: Record<string, unknown> } {
  const kind = catalog.forKerasClass(className);
  if (!kind?.keras) throw new Error(`no kind claims Keras class ${className}`);
  const raw = kind.keras.fromConfig(config, catalog, className);
  const resolved = catalog.resolveParams(kind.type, raw);
  if (!resolved.success) throw new Error(resolved.error);
  return { type: kind.type, params: resolved.params };
}

/** Why a Keras config is refused. */
export function kerasRefusal(className: string, config: Record<string, unknown>): string {
  try {
    fromKeras(className, config);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${className} ${JSON.stringify(config)} was accepted`);
}
