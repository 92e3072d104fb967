import { z } from 'zod';

/**
 * The training and dataset forms are read from their zod schemas (through z.toJSONSchema),
 * like the inspector's layer forms, so a new option in shared/ gets a field without UI code.
 */
export type ConfigField =
  | { kind: 'number'; name: string; integer: boolean; min?: number; max?: number; exclusiveMin: boolean; exclusiveMax: boolean; default?: number }
  | { kind: 'enum'; name: string; options: string[]; default?: string }
  | { kind: 'enumList'; name: string; options: string[]; default?: string[] }
  | { kind: 'boolean'; name: string; default?: boolean }
  | { kind: 'text'; name: string; default?: string }
  | { kind: 'object'; name: string; fields: ConfigField[] }
  /** A discriminated union on `kind`: one set of fields per option. */
  | { kind: 'union'; name: string; options: { value: string; fields: ConfigField[] }[] };

type JsonSchema = {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: unknown;
};

const bound = (v: number | undefined) => (v === undefined || Math.abs(v) >= Number.MAX_SAFE_INTEGER ? undefined : v);

function fieldOf(name: string, s: JsonSchema): ConfigField | null {
  const union = s.oneOf ?? s.anyOf;
  if (union && union.every((o) => o.properties?.kind?.const !== undefined))
    return { kind: 'union', name, options: union.map((o) => ({ value: String(o.properties!.kind!.const), fields: fieldsOfJson(o, ['kind']) })) };
  if (s.type === 'integer' || s.type === 'number')
    return {
      kind: 'number',
      name,
      integer: s.type === 'integer',
      min: bound(s.minimum ?? s.exclusiveMinimum),
      max: bound(s.maximum ?? s.exclusiveMaximum),
      exclusiveMin: s.exclusiveMinimum !== undefined,
      exclusiveMax: s.exclusiveMaximum !== undefined,
      ...(typeof s.default === 'number' ? { default: s.default } : {}),
    };
  if (s.type === 'string' && s.enum) return { kind: 'enum', name, options: s.enum.map(String), ...(typeof s.default === 'string' ? { default: s.default } : {}) };
  if (s.type === 'string') return { kind: 'text', name, ...(typeof s.default === 'string' ? { default: s.default } : {}) };
  if (s.type === 'boolean') return { kind: 'boolean', name, ...(typeof s.default === 'boolean' ? { default: s.default } : {}) };
  if (s.type === 'array' && s.items?.enum) return { kind: 'enumList', name, options: s.items.enum.map(String), ...(Array.isArray(s.default) ? { default: s.default.map(String) } : {}) };
  if (s.type === 'object' && s.properties && !s.additionalProperties) return { kind: 'object', name, fields: fieldsOfJson(s, []) };
  // Maps (a CSV's column roles) have their own editor or none.
  return null;
}

function fieldsOfJson(s: JsonSchema, skip: string[]): ConfigField[] {
  return Object.entries(s.properties ?? {})
    .filter(([name]) => !skip.includes(name))
    .map(([name, p]) => fieldOf(name, p))
    .filter((f): f is ConfigField => f !== null);
}

/** The fields of an object schema, in its declared order; `skip` leaves some out (a discriminator). */
export function configFields(schema: z.ZodType, skip: string[] = []): ConfigField[] {
  return fieldsOfJson(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, skip);
}

/** A number typed by a person against a field's bounds; the message key says what is wrong. */
export function checkNumber(text: string, field: Extract<ConfigField, { kind: 'number' }>): { ok: true; value: number } | { ok: false; key: string; limit?: number } {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) return { ok: false, key: 'training.invalidNumber' };
  if (field.integer && !Number.isInteger(value)) return { ok: false, key: 'training.invalidInteger' };
  if (field.min !== undefined && (field.exclusiveMin ? value <= field.min : value < field.min)) return { ok: false, key: field.exclusiveMin ? 'training.aboveMin' : 'training.atLeastMin', limit: field.min };
  if (field.max !== undefined && (field.exclusiveMax ? value >= field.max : value > field.max)) return { ok: false, key: field.exclusiveMax ? 'training.belowMax' : 'training.atMostMax', limit: field.max };
  return { ok: true, value };
}
