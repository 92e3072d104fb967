/**
 * Which files outside a layer kind's own folder name its type in code (`'Kind'`, `"Kind"`
 * or a `Kind:` key), tests, agreement cases, examples and scripts aside. A kind that is named
 * in many places costs a contributor many edits; the house rule is at most 2 (the generated
 * registry and one more) for every kind but the four the whole app is built around.
 *
 * Run: npx tsx scripts/house/kind-references.ts [--over N]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE_ROOTS = ['shared', 'electron', 'renderer'];
/** The kinds every part of the app is allowed to know by name. */
export const FOUNDATION_KINDS = ['Input', 'Dense', 'Activation', 'Flatten'];

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (/\.(ts|tsx|mts|mjs)$/.test(entry) && !/\.(test|cases|fixture)\.tsx?$/.test(entry) && !/[/\\]testing[/\\]/.test(full) && !/^test-|test-helpers\.ts$/.test(entry)) out.push(full);
  }
  return out;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Files (relative to the repository) outside `ownFolder` that name `type` in code. */
export function filesNaming(type: string, ownFolder: string | undefined, files = SOURCE_ROOTS.flatMap((top) => sourceFiles(path.join(root, top)))): string[] {
  const pattern = new RegExp(`['"\`]${escape(type)}['"\`]|(^|[\\s{,(])${escape(type)}\\s*:`, 'm');
  return files
    .map((file) => path.relative(root, file).split(path.sep).join('/'))
    .filter((rel) => !(ownFolder && rel.startsWith(`${ownFolder}/`)))
    .filter((rel) => pattern.test(readFileSync(path.join(root, rel), 'utf8')));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const overIndex = process.argv.indexOf('--over');
  const over = overIndex > 0 ? Number(process.argv[overIndex + 1]) : -1;
  const { catalog } = await import('../../shared/layers');
  const files = SOURCE_ROOTS.flatMap((top) => sourceFiles(path.join(root, top)));
  const kindsDir = path.join(root, 'shared/layers/kinds');
  const folderOf = new Map<string, string>();
  for (const folder of (() => { try { return readdirSync(kindsDir); } catch { return []; } })()) {
    // The kinds a folder defines are the entries of its spec (a spec may name other kinds, e.g. a wrapper's default).
    if (!existsSync(path.join(kindsDir, folder, 'spec.ts'))) continue;
    const { specs } = (await import(pathToFileURL(path.join(kindsDir, folder, 'spec.ts')).href)) as { specs: { type: string }[] };
    for (const spec of specs) folderOf.set(spec.type, `shared/layers/kinds/${folder}`);
  }
  // A kind whose spec has not moved yet belongs to the folder of its other faces (they name other kinds too, so the spec decides first).
  for (const folder of (() => { try { return readdirSync(kindsDir); } catch { return []; } })()) {
    for (const face of ['docs.ts', 'tfjs.ts', 'pytorch.ts', 'keras.ts']) {
      try {
        const text = readFileSync(path.join(kindsDir, folder, face), 'utf8');
        for (const match of text.matchAll(/type:\s*'([A-Za-z0-9]+)'/g)) if (!folderOf.has(match[1]!)) folderOf.set(match[1]!, `shared/layers/kinds/${folder}`);
      } catch { /* a folder without this face */ }
    }
  }
  for (const kind of catalog.all()) {
    const hits = filesNaming(kind.type, folderOf.get(kind.type), files);
    if (hits.length > over) console.log(`${kind.type.padEnd(28)} ${String(hits.length).padStart(2)}  ${hits.join(' ')}`);
  }
}
