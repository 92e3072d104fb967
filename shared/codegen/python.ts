/**
 * Writing Python: literals, the helper definitions a model.py embeds, and the template files
 * the exporters fill in. The Python itself lives in real `.py` files (checked by py_compile
 * and pyflakes in the tests); `scripts/house/generate-python-templates.ts` turns each into a
 * `.py.generated.ts` beside it so that every process (Node, the page, the bundle) has the text.
 */

/** A node's params (defaults filled in) as the emitters read them. */
export type Params = Record<string, unknown>;

/** A Python string literal (JSON's escapes are Python's). */
export const pyString = (s: string): string => JSON.stringify(s);

export const pyBool = (v: boolean): string => (v ? 'True' : 'False');

/** A tuple of numbers, `(3,)` for one. */
export const pyTuple = (xs: readonly number[]): string => (xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(', ')})`);

/** A JSON-like value as a Python literal; arrays become tuples (what Keras's arguments take). */
export function pyValue(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return pyBool(v);
  if (typeof v === 'string') return pyString(v);
  if (Array.isArray(v)) return v.length === 1 ? `(${pyValue(v[0])},)` : `(${v.map(pyValue).join(', ')})`;
  return String(v);
}

/**
 * Python definitions a model.py may need (a class, a few functions), written into it only
 * when a layer asks for them. `needs` are written before it.
 */
export interface PythonHelper {
  /** Unique among helpers; two layers asking for the same helper get it once. */
  name: string;
  code: string;
  needs?: readonly PythonHelper[];
}

const PREAMBLE_LINE = /^(\s*$|#|import\s|from\s\S+\s+import\s)/;

/**
 * A helper from the text of its `.py` file. The file starts with the imports (and comments)
 * it needs to be checked on its own; model.py writes its imports once, so those lines are
 * left out and the rest is the helper.
 */
export function pythonHelper(name: string, fileText: string, needs: readonly PythonHelper[] = []): PythonHelper {
  const lines = fileText.split('\n');
  const start = lines.findIndex((line) => !PREAMBLE_LINE.test(line));
  if (start < 0) throw new Error(`Python helper ${name} has no code after its imports`);
  return { name, code: lines.slice(start).join('\n').trim(), needs };
}

/** The helpers and everything they need, each once, what one needs before it, otherwise in the order asked. */
export function helpersInOrder(asked: Iterable<PythonHelper>): PythonHelper[] {
  const out: PythonHelper[] = [];
  const seen = new Set<string>();
  const visit = (helper: PythonHelper) => {
    if (seen.has(helper.name)) return;
    seen.add(helper.name);
    for (const need of helper.needs ?? []) visit(need);
    out.push(helper);
  };
  for (const helper of asked) visit(helper);
  return out;
}

const FILL_IN = /#\s*<<([a-z_]+)>>\s*$/;

/**
 * A template `.py` file filled in. A line ending in a comment `# <<name>>` is a fill-in
 * point: the whole line (a working sample, so the template stays a module Python tools can
 * check) is replaced by the lines given for `name`, written as they are. Every fill-in point
 * needs its lines and every line list its point, so a template and its exporter cannot drift apart.
 */
export function fillTemplate(template: string, fills: Record<string, readonly string[]>): string {
  const used = new Set<string>();
  const out = template.split('\n').flatMap((line) => {
    const match = FILL_IN.exec(line);
    if (!match) return [line];
    const name = match[1]!;
    const lines = fills[name];
    if (!lines) throw new Error(`the template's fill-in point <<${name}>> was given no lines`);
    used.add(name);
    return [...lines];
  });
  const unused = Object.keys(fills).filter((name) => !used.has(name));
  if (unused.length) throw new Error(`the template has no fill-in point for ${unused.map((n) => `<<${n}>>`).join(', ')}`);
  return out.join('\n');
}
