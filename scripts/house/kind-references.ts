/**
 * Which files outside a layer kind's own folder name its type in code (`'Kind'`, `"Kind"`,
 * `` `Kind` `` or a `Kind:` key). A kind that is named in many places costs a contributor many
 * edits; the house rule (issue #16) is at most 2 (the registry and one more) for every kind but
 * the four the whole app is built around. `kind-references.test.ts` holds the repository to it.
 *
 * What is counted, and why:
 * - A kind's folder is the one whose `spec.ts` exports it, read by importing each folder's spec
 *   (as the generated registry does), so a kind whose `type` is set through a helper is placed.
 * - Only code: comments are blanked out first (found with the TypeScript parser, so a `//`
 *   inside a string or JSX is left alone). A comment that mentions a kind costs no edit.
 * - A `family:` key's value names a layer family, never a kind, even where the words are the
 *   same (the Reshape and Attention families): `family: 'Reshape'` is not counted. Nothing else
 *   is told apart, since a string alone does not say what it names.
 * - Tests, agreement cases, fixtures, test helpers (`test-*.ts`, `test-helpers.ts`, `testing/`),
 *   examples and scripts are not product code and are left out.
 *
 * Run: npx tsx scripts/house/kind-references.ts [--over N]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { kindFolders } from './generate-kind-registry';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE_ROOTS = ['shared', 'electron', 'renderer'];
/** The kinds every part of the app is allowed to know by name. */
export const FOUNDATION_KINDS = ['Input', 'Dense', 'Activation', 'Flatten'];
/** At most this many files outside a kind's folder may name it: the registry and one more. */
export const MAX_FILES_NAMING_A_KIND = 2;

const isTestOnly = (rel: string) =>
  /\.(test|cases|fixture)\.tsx?$/.test(rel) || /(^|\/)testing\//.test(rel) || /(^|\/)(test-[^/]*|test-helpers\.ts)$/.test(rel);

/** Product source files under shared/, electron/ and renderer/, relative to the repository, with `/`. */
export function productSourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|tsx|mts|mjs)$/.test(entry)) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  for (const top of SOURCE_ROOTS) walk(path.join(root, top));
  return out.filter((rel) => !isTestOnly(rel));
}

/** `source` with every comment replaced by spaces (line breaks kept). */
export function withoutComments(source: string, fileName = 'file.ts'): string {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, kind);
  const comments = new Map<number, number>();
  // Every comment is leading trivia of some token (the last ones, of the end-of-file token).
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.JsxText || ts.isJSDoc(node)) return;
    for (const range of ts.getLeadingCommentRanges(source, node.pos) ?? []) comments.set(range.pos, range.end);
    for (const child of node.getChildren(file)) visit(child);
  };
  visit(file);
  let out = source;
  for (const [start, end] of comments) out = out.slice(0, start) + source.slice(start, end).replace(/[^\n]/g, ' ') + out.slice(end);
  return out;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A `family:` key with its value: the value names a family, not a kind. */
const FAMILY_VALUE = /\bfamily\s*:\s*(['"`])[A-Za-z0-9]+\1/g;

/** What of `source` counts as naming kinds: its code, less the values of `family:` keys. */
export function countedCode(source: string, fileName?: string): string {
  return withoutComments(source, fileName).replace(FAMILY_VALUE, (match) => ' '.repeat(match.length));
}

/** Whether `code` (as `countedCode` gives it) names `type`: quoted, or as a key. */
export function namesKind(code: string, type: string): boolean {
  return new RegExp(`['"\`]${escape(type)}['"\`]|(^|[\\s{,(])${escape(type)}\\s*:`, 'm').test(code);
}

/** Each kind's type → its folder (`shared/layers/kinds/<folder>`), from the specs each folder exports. */
export async function kindFolderByType(): Promise<Map<string, string>> {
  const folderOf = new Map<string, string>();
  for (const folder of kindFolders()) {
    const spec = path.join(root, 'shared/layers/kinds', folder, 'spec.ts');
    if (!existsSync(spec)) continue;
    const { specs } = (await import(pathToFileURL(spec).href)) as { specs: readonly { type: string }[] };
    for (const { type } of specs) folderOf.set(type, `shared/layers/kinds/${folder}`);
  }
  return folderOf;
}

export interface KindReferences {
  type: string;
  folder: string | undefined;
  /** Product files outside the kind's folder that name its type in code. */
  files: string[];
}

/** For every kind the registry lists, the product files outside its folder that name it. */
export async function kindReferences(): Promise<KindReferences[]> {
  const folderOf = await kindFolderByType();
  const code = productSourceFiles().map((rel) => ({ rel, code: countedCode(readFileSync(path.join(root, rel), 'utf8'), rel) }));
  return [...folderOf].map(([type, folder]) => ({
    type,
    folder,
    files: code.filter((file) => !file.rel.startsWith(`${folder}/`) && namesKind(file.code, type)).map((file) => file.rel),
  }));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const overIndex = process.argv.indexOf('--over');
  const over = overIndex > 0 ? Number(process.argv[overIndex + 1]) : -1;
  for (const { type, files } of await kindReferences()) {
    if (files.length > over) console.log(`${type.padEnd(28)} ${String(files.length).padStart(2)}  ${files.join(' ')}`);
  }
}
