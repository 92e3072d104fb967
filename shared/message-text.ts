import { z } from 'zod';

/**
 * Sentences a person reads, kept as a message id and the values they name, so an interface
 * can say them in its own language while the CLI and the logs print the English. A table
 * maps each id to its English template in i18next's `{{name}}` form, so the English locale
 * can hold the very same strings. An entry with `one`/`other` forms is picked by the `count`
 * value, as i18next picks plural keys; `count` itself is never printed. A value may be
 * another message of the same table (a phrase such as "the labels in y.npy").
 */
export type Template = string | { readonly one: string; readonly other: string };
export type TemplateTable = Readonly<Record<string, Template>>;

export type MessageValue<Id extends string = string> = string | number | MessageText<Id>;
export interface MessageText<Id extends string = string> {
  id: Id;
  values: Record<string, MessageValue<Id>>;
}

/** The placeholders of a template, read from its type: `'{{a}} and {{b}}'` → `'a' | 'b'`. */
type Placeholders<S> = S extends `${string}{{${infer Name}}}${infer Rest}` ? Name | Placeholders<Rest> : never;
type Forms<E> = E extends { one: infer One; other: infer Other } ? One | Other : E;
type ValuesOf<T extends TemplateTable, I extends keyof T & string> = { [K in Placeholders<Forms<T[I]>>]: MessageValue<keyof T & string> } & (T[I] extends { one: string }
  ? { count: number }
  : unknown);
type ArgsOf<T extends TemplateTable, I extends keyof T & string> = [Placeholders<Forms<T[I]>>] extends [never] ? [] : [values: ValuesOf<T, I>];

/** A function that makes a table's messages, each with exactly the values its template names. */
export function messageMaker<T extends TemplateTable>(_table: T) {
  return <I extends keyof T & string>(id: I, ...[values]: ArgsOf<T, I>): MessageText<keyof T & string> => ({
    id,
    values: (values ?? {}) as Record<string, MessageValue<keyof T & string>>,
  });
}

/** The template of a message, its plural form picked as i18next picks it for English. */
export function pickTemplate(table: TemplateTable, text: MessageText): string {
  const entry = table[text.id]!;
  return typeof entry === 'string' ? entry : text.values.count === 1 ? entry.one : entry.other;
}

/** The message in the table's language, values written as they are. */
export function fillTemplates(table: TemplateTable, text: MessageText): string {
  return pickTemplate(table, text).replace(/{{(\w+)}}/g, (_, name: string) => {
    const value = text.values[name];
    if (value === undefined) return '';
    return typeof value === 'object' ? fillTemplates(table, value) : String(value);
  });
}

/** Checks a message that crossed a process boundary: a known id, values of the right kinds. */
export function messageTextSchema<Id extends string>(ids: readonly Id[]): z.ZodType<MessageText<Id>> {
  const idSchema = z.enum(ids as unknown as [Id, ...Id[]]);
  const schema: z.ZodType<MessageText<Id>> = z.lazy(() => z.object({ id: idSchema, values: z.record(z.string(), z.union([z.string(), z.number(), schema])) })) as z.ZodType<
    MessageText<Id>
  >;
  return schema;
}

/**
 * Everything a table of messages needs, made once from the table: its ids, the maker of
 * its messages, the English sentence of one (as the CLI, the logs and the run record keep
 * it) and the schema that checks one crossing a process boundary.
 */
export function messageTable<T extends TemplateTable>(table: T) {
  type Id = keyof T & string;
  const ids = Object.keys(table) as Id[];
  return {
    ids,
    make: messageMaker(table),
    english: (text: MessageText<Id>): string => fillTemplates(table, text),
    schema: messageTextSchema(ids),
  };
}
