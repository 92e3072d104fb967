import { z } from 'zod';
import type { AnyLayerSpec } from '../../../shared/layers';

/**
 * What the inspector draws for each param, read from the kind's zod schema through its
 * JSON Schema (zod v4's z.toJSONSchema), so a new kind gets a form without UI code.
 */
export type ParamField =
  | { kind: 'number'; name: string; integer: boolean; min?: number; max?: number; nullable: boolean; optional: boolean; default?: unknown; description?: string }
  | { kind: 'enum'; name: string; options: string[]; optional: boolean; default?: unknown; description?: string }
  | { kind: 'boolean'; name: string; optional: boolean; default?: unknown; description?: string }
  | { kind: 'tuple'; name: string; length: number; integer: boolean; min?: number; max?: number; nullable: boolean; optional: boolean; default?: unknown; description?: string }
  | { kind: 'list'; name: string; integer: boolean; nullableItems: boolean; min?: number; minItems?: number; optional: boolean; default?: unknown; description?: string }
  | { kind: 'json'; name: string; optional: boolean; default?: unknown; description?: string };

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  minItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

// zod writes ±Number.MAX_SAFE_INTEGER for integers without bounds; they are no bound a person needs to see.
const bound = (v: number | undefined) => (v === undefined || Math.abs(v) >= Number.MAX_SAFE_INTEGER ? undefined : v);

function withoutNull(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const options = schema.anyOf ?? schema.oneOf;
  if (!options) return { schema, nullable: false };
  const rest = options.filter((o) => o.type !== 'null');
  if (rest.length === 1 && rest.length < options.length) return { schema: { ...rest[0], default: schema.default, description: schema.description }, nullable: true };
  return { schema, nullable: false };
}

const isNumberType = (s: JsonSchema | undefined) => s?.type === 'integer' || s?.type === 'number';

export function paramFields(kind: AnyLayerSpec): ParamField[] {
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(kind.params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return Object.keys(kind.params.shape).map((name) => ({ kind: 'json', name, optional: true }));
  }
  return Object.entries(json.properties ?? {}).map(([name, raw]): ParamField => {
    const { schema, nullable } = withoutNull(raw);
    const common = {
      name,
      // Every param with a default may be left alone; only params without one are truly optional.
      optional: raw.default === undefined,
      ...(raw.default !== undefined ? { default: raw.default } : {}),
      ...(raw.description ? { description: raw.description } : {}),
    };
    if (isNumberType(schema))
      return { kind: 'number', integer: schema.type === 'integer', min: bound(schema.minimum ?? schema.exclusiveMinimum), max: bound(schema.maximum), nullable, ...common };
    if (schema.type === 'string' && schema.enum) return { kind: 'enum', options: schema.enum.map(String), ...common };
    if (schema.type === 'boolean') return { kind: 'boolean', ...common };
    if (schema.type === 'array' && schema.prefixItems && schema.prefixItems.every(isNumberType))
      return {
        kind: 'tuple',
        length: schema.prefixItems.length,
        integer: schema.prefixItems.every((s) => s.type === 'integer'),
        min: bound(schema.prefixItems[0]!.minimum),
        max: bound(schema.prefixItems[0]!.maximum),
        nullable,
        ...common,
      };
    if (schema.type === 'array' && schema.items) {
      const item = withoutNull(schema.items);
      if (isNumberType(item.schema))
        return {
          kind: 'list',
          integer: item.schema.type === 'integer',
          nullableItems: item.nullable,
          min: bound(item.schema.minimum),
          minItems: schema.minItems,
          ...common,
        };
    }
    return { kind: 'json', ...common };
  });
}

export type Parsed = { ok: true; value: unknown } | { ok: false; error: { key: string; values?: Record<string, string> } };

/** One number typed by a person, checked against the field's bounds. */
export function parseNumber(text: string, field: { integer: boolean; min?: number; max?: number }): Parsed {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) return { ok: false, error: { key: 'inspector.invalidNumber' } };
  if (field.integer && !Number.isInteger(value)) return { ok: false, error: { key: 'inspector.invalidInteger' } };
  if (field.min !== undefined && value < field.min) return { ok: false, error: { key: 'inspector.minimum', values: { min: String(field.min) } } };
  if (field.max !== undefined && value > field.max) return { ok: false, error: { key: 'inspector.maximum', values: { max: String(field.max) } } };
  return { ok: true, value };
}

/** A list typed as `28, 28, 1`; with nullable items `?`, `None` or `null` is a free length. */
export function parseList(text: string, field: { integer: boolean; min?: number; nullableItems: boolean; minItems?: number }): Parsed {
  const parts = text
    .replace(/[[\]()]/g, '')
    .split(/[,\s×x]+/)
    .filter(Boolean);
  if (field.minItems !== undefined && parts.length < field.minItems) return { ok: false, error: { key: 'inspector.invalidNumber' } };
  const values: (number | null)[] = [];
  for (const part of parts) {
    if (field.nullableItems && /^(\?|none|null)$/i.test(part)) {
      values.push(null);
      continue;
    }
    const parsed = parseNumber(part, field);
    if (!parsed.ok) return parsed;
    values.push(parsed.value as number);
  }
  return { ok: true, value: values };
}

export function formatList(value: unknown): string {
  return Array.isArray(value) ? value.map((v) => (v === null ? '?' : String(v))).join(', ') : '';
}
