import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GraphDocument } from '../../shared/graph/document';
import { exportModel } from './model-export';
import { readProject } from '../node/project-files';

/**
 * Strings a document or a dataset carries (the project's name and description, column names,
 * class names, a dataset path) must reach generated code only as escaped data. Each export is
 * written twice — once with plain strings, once with hostile ones — and the Python files must
 * parse to the same statements once every string constant is set aside: a string that
 * escaped its quotes would add, drop or change a statement.
 */
const HOSTILE = ["quote'd", 'dq"uote', 'tri"""ple', "tri'''ple", 'back\\slash', 'new\nline', '</script><b>', 'zero\u200bwidth', 'rtl\u202eevil', '${x}{{y}}', '#comment', '\\N{BULLET}'];

const STRUCTURE = String.raw`
import ast, sys
class Blank(ast.NodeTransformer):
    # The model's class is named after the project (made an identifier); its name is data too.
    def __init__(self, classes):
        self.classes = classes
    def visit_ClassDef(self, node):
        self.generic_visit(node)
        if node.name in self.classes:
            node.name = 'C'
        return node
    def visit_Name(self, node):
        if node.id in self.classes:
            node.id = 'C'
        return node
    def visit_Constant(self, node):
        return ast.copy_location(ast.Constant(value='S' if isinstance(node.value, str) else node.value), node)
    def visit_JoinedStr(self, node):
        return ast.copy_location(ast.Constant(value='S'), node)
for file in sys.argv[1:]:
    tree = ast.parse(open(file, encoding='utf-8').read())
    tree = Blank({n.name for n in tree.body if isinstance(n, ast.ClassDef)}).visit(tree)
    print(file.rsplit('/', 1)[-1], ast.dump(tree, include_attributes=False))
`;

function python(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('/usr/bin/python3', args, { timeout: 60_000, maxBuffer: 64 * 2 ** 20 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))),
  );
}

let dir: string;
afterAll(() => (process.env.KEEP ? undefined : rm(dir, { recursive: true, force: true })));

/** mlp-xor with its own CSV, every string of it made from `word`. */
async function documentWith(word: (i: number) => string, where: string): Promise<GraphDocument> {
  const base = await readProject(path.resolve('examples/mlp-xor.nnd.json'));
  const columns = [word(1), word(2), word(3)];
  const classes = [word(4), word(5)];
  const csv = [columns.map(quoteCsv).join(','), ...[0, 1, 0, 1, 1, 0, 1, 0].map((y, i) => `${i % 2},${(i >> 1) % 2},${quoteCsv(classes[y]!)}`)].join('\n');
  const csvName = `data ${word(6).replace(/[\n/\\\0]/g, '_')}.csv`;
  await writeFile(path.join(where, csvName), csv);
  return {
    ...base,
    name: word(7),
    description: word(8),
    dataset: { kind: 'csv', path: csvName, columns: {}, label: columns[2], labelEncoding: 'auto', normalize: 'none' },
  } as GraphDocument;
}

const quoteCsv = (s: string) => `"${s.replaceAll('"', '""')}"`;

async function exportAll(doc: GraphDocument, where: string): Promise<Map<string, string>> {
  const python = new Map<string, string>();
  for (const format of ['tfjs', 'pytorch', 'keras'] as const) {
    const outDir = path.join(where, format);
    await exportModel({ document: doc, format, outDir, weightsDir: null, baseDir: where });
    for (const name of await readdir(outDir)) if (name.endsWith('.py') || name.endsWith('.json')) python.set(`${format}/${name}`, path.join(outDir, name));
  }
  return python;
}

describe('hostile strings in a document and its dataset', () => {
  it('reach every export as data: the generated Python has the same statements, the JSON parses', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nnd-hostile-'));
    const plainDir = path.join(dir, 'plain');
    const hostileDir = path.join(dir, 'hostile');
    await Promise.all([plainDir, hostileDir].map((d) => mkdir(d, { recursive: true })));
    const plain = await exportAll(await documentWith((i) => `plain${i}`, plainDir), plainDir);
    const hostile = await exportAll(await documentWith((i) => `${HOSTILE.slice(i % 3).join(" ")}${i}`, hostileDir), hostileDir);
    expect([...hostile.keys()].sort()).toEqual([...plain.keys()].sort());

    const pyFiles = [...plain.keys()].filter((k) => k.endsWith('.py'));
    expect(pyFiles.length).toBeGreaterThanOrEqual(3);
    await writeFile(path.join(dir, 'structure.py'), STRUCTURE);
    for (const key of pyFiles) {
      const [plainTree, hostileTree] = await Promise.all([python([path.join(dir, 'structure.py'), plain.get(key)!]), python([path.join(dir, 'structure.py'), hostile.get(key)!])]);
      const at = [...hostileTree].findIndex((ch, i) => ch !== plainTree[i]);
      expect(at === -1 && hostileTree.length === plainTree.length, `${key} differs at: …${hostileTree.slice(Math.max(0, at - 200), at + 200)}`).toBe(true);
    }
    for (const key of [...hostile.keys()].filter((k) => k.endsWith('.json'))) {
      const text = await readFile(hostile.get(key)!, 'utf8');
      expect(() => JSON.parse(text), key).not.toThrow();
    }
  }, 240_000);
});
