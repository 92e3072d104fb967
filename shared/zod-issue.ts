import { z } from 'zod';

/**
 * A zod issue as plain JSON, so it can cross to the page and be said there in the interface
 * language (zod's own locales format it again from its code and values). The value that
 * failed is kept only when it is a primitive: its type is all the messages use, and a whole
 * document has no place in an error.
 */
export const PortableIssueSchema = z
  .object({
    code: z.string(),
    path: z.array(z.union([z.string(), z.number()])),
    message: z.string(),
    input: z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.never()), z.object({}).strict()]).optional(),
  })
  .catchall(z.unknown());
type Primitive = string | number | boolean | null;
export interface PortableIssue {
  code: string;
  path: Array<string | number>;
  message: string;
  input?: Primitive | never[] | Record<string, never>;
  /** The issue's own values (expected, minimum, origin, …). */
  [value: string]: unknown;
}

export function portableIssue(issue: z.core.$ZodIssue & { input?: unknown }): PortableIssue {
  const { input, ...rest } = issue;
  const plain = JSON.parse(JSON.stringify(rest, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value))) as PortableIssue;
  if (input === undefined || typeof input === 'function' || typeof input === 'symbol' || typeof input === 'bigint') return plain;
  if (Array.isArray(input)) return { ...plain, input: [] };
  if (typeof input === 'object' && input !== null) return { ...plain, input: {} };
  return { ...plain, input: input as Primitive };
}

/** The first issue of a failed parse, with the value it failed on (for "received string"). */
export function firstIssue<T>(schema: z.ZodType<T>, value: unknown): { success: true; data: T } | { success: false; issue: PortableIssue } {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { success: true, data: parsed.data };
  // Asked again only on failure: reporting inputs turns off zod's fast path, ten times slower.
  const reported = schema.safeParse(value, { reportInput: true });
  return { success: false, issue: portableIssue((reported.error ?? parsed.error).issues[0]!) };
}
