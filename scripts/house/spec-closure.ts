/**
 * The import closure of a source file: every file it reaches through static imports,
 * re-exports and dynamic `import()`, and the packages they name. Type-only imports count:
 * the spec side must not even name tfjs.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')])
    if (existsSync(candidate) && candidate.match(/\.tsx?$/)) return candidate;
  return undefined;
}

export interface Closure {
  files: Set<string>;
  /** Package specifier → the first file (of the closure) that imports it. */
  packages: Map<string, string>;
}

export function importClosure(roots: string[]): Closure {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [...roots.map((r) => path.resolve(r))];
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3]!;
      if (specifier.startsWith('.')) {
        const resolved = resolveRelative(file, specifier);
        if (resolved) queue.push(resolved);
      } else if (!packages.has(specifier)) packages.set(specifier, file);
    }
  }
  return { files, packages };
}
