import { z } from 'zod';
import type { LayerCatalog } from './catalog';
import type { AnyLayerSpec, LayerFamily, PortSpec } from './types';

/** One param of a kind as a person or a script reads it, derived from the kind's zod schema. */
export interface ParamDescription {
  name: string;
  /** integer, number, boolean, string, enum, tuple (fixed length), list, or object (anything else). */
  type: 'integer' | 'number' | 'boolean' | 'string' | 'enum' | 'tuple' | 'list' | 'object';
  /** Absent when the param has no default (it is then optional). */
  default?: unknown;
  /** enum: the values it takes. */
  options?: string[];
  /** The bounds of a number, or of each item of a tuple or list. */
  min?: number;
  max?: number;
  /** The bound itself is not allowed (a dropout rate below 1). */
  exclusiveMin?: true;
  exclusiveMax?: true;
  /** tuple and list: the type of the items. */
  items?: 'integer' | 'number';
  /** tuple: how many items. */
  length?: number;
  /** null is a value it takes (e.g. "same as the pool size", a free length). */
  nullable?: boolean;
  description?: string;
}

export interface KindDescription {
  type: string;
  family: LayerFamily;
  label: string;
  doc: string;
  inputs: PortSpec[];
  outputs: PortSpec[];
  params: ParamDescription[];
}

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
};

// zod writes ±Number.MAX_SAFE_INTEGER for integers without bounds: no bound worth saying.
const bound = (v: number | undefined) => (v === undefined || Math.abs(v) >= Number.MAX_SAFE_INTEGER ? undefined : v);

function withoutNull(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const options = schema.anyOf ?? schema.oneOf;
  if (!options) return { schema, nullable: false };
  const rest = options.filter((o) => o.type !== 'null');
  if (rest.length === 1 && rest.length < options.length) return { schema: rest[0]!, nullable: true };
  return { schema, nullable: false };
}

const numberType = (s: JsonSchema | undefined): 'integer' | 'number' | undefined =>
  s?.type === 'integer' ? 'integer' : s?.type === 'number' ? 'number' : undefined;

function bounds(s: JsonSchema): Pick<ParamDescription, 'min' | 'max' | 'exclusiveMin' | 'exclusiveMax'> {
  const min = bound(s.minimum ?? s.exclusiveMinimum);
  const max = bound(s.maximum ?? s.exclusiveMaximum);
  return {
    ...(min !== undefined ? { min } : {}),
    ...(min !== undefined && s.minimum === undefined ? { exclusiveMin: true as const } : {}),
    ...(max !== undefined ? { max } : {}),
    ...(max !== undefined && s.maximum === undefined ? { exclusiveMax: true as const } : {}),
  };
}

function describeParam(name: string, raw: JsonSchema): ParamDescription {
  const { schema, nullable } = withoutNull(raw);
  const common = {
    name,
    ...(raw.default !== undefined ? { default: raw.default } : {}),
    ...(nullable ? { nullable } : {}),
    ...(raw.description ?? schema.description ? { description: raw.description ?? schema.description } : {}),
  };
  const number = numberType(schema);
  if (number) return { ...common, type: number, ...bounds(schema) };
  if (schema.type === 'string' && schema.enum) return { ...common, type: 'enum', options: schema.enum.map(String) };
  if (schema.type === 'string') return { ...common, type: 'string' };
  if (schema.type === 'boolean') return { ...common, type: 'boolean' };
  if (schema.type === 'array' && schema.prefixItems?.every((s) => numberType(s))) {
    const first = schema.prefixItems[0]!;
    return { ...common, type: 'tuple', items: numberType(first)!, length: schema.prefixItems.length, ...bounds(first) };
  }
  if (schema.type === 'array' && schema.items) {
    const item = withoutNull(schema.items);
    const items = numberType(item.schema);
    if (items) return { ...common, type: 'list', items, ...bounds(item.schema) };
  }
  return { ...common, type: 'object' };
}

/** A kind's params with their defaults, from its zod schema (the one the inspector's form comes from too). */
export function describeParams(kind: AnyLayerSpec): ParamDescription[] {
  const json = z.toJSONSchema(kind.params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return Object.entries(json.properties ?? {}).map(([name, raw]) => describeParam(name, raw));
}

/** Every kind of the catalog, in catalog order: what `nnd layers` prints. */
export function describeKinds(catalog: LayerCatalog): KindDescription[] {
  return catalog.all().map((kind) => ({
    type: kind.type,
    family: kind.family,
    label: kind.label,
    doc: kind.doc,
    inputs: kind.inputs,
    outputs: kind.outputs,
    params: describeParams(kind),
  }));
}
