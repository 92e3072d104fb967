import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Manifest } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../shared/layers';
import { kindSpecs } from '../../shared/layers/kinds.generated';

/**
 * What the editor page loads before it runs: its entry script, its modulepreloads and their
 * static imports, in a fresh `vite build renderer` (a few seconds). The editor draws, infers
 * shapes and validates without tensors, so TensorFlow.js stays with the GPU worker page (its
 * own entry), and auto-layout (elkjs), the docs' formulas (KaTeX) and the charts (recharts)
 * load when first used.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The budget, in the KB (1,024 bytes) that `vite build` prints. */
const BUDGET_KB = 1500;
/** Strings only TensorFlow.js carries: tfjs-core's URL-flag prefix and one of its kernel names. */
const TFJS_MARKERS = ['tfjsflags', 'FusedDepthwiseConv2D'];
const ELK_MARKER = 'org.eclipse.elk';
const KATEX_MARKER = 'KaTeX parse error';
const RECHARTS_MARKER = 'recharts-wrapper';
/**
 * Kinds still in the legacy catalog, whose entries carry their tfjs builder: until each has its
 * spec in its folder, the editor's catalog loads tfjs, and the two checks that need it wait.
 */
const kindsAwaitingSpec = catalog.all().map((kind) => kind.type).filter((type) => !(kindSpecs as readonly { type: string }[]).some((spec) => spec.type === type));

let outDir = '';
let manifest: Manifest = {};

beforeAll(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), 'nnd-editor-bundle-'));
  // Vitest sets NODE_ENV=test, and Vite keeps a NODE_ENV it finds: React would ship its development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(root, 'renderer/vite.config.ts'),
      root: path.join(root, 'renderer'),
      mode: 'production',
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, manifest: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  manifest = JSON.parse(await readFile(path.join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
}, 180_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** The page's JavaScript loaded at start, file → code: what its HTML names, then every static import of those, transitively. */
async function scriptsAtStart(page: string): Promise<Map<string, string>> {
  const html = await readFile(path.join(outDir, page), 'utf8');
  const named = [
    ...[...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!),
  ].map((url) => url.replace(/^\.\//, ''));
  const chunkOf = new Map(Object.values(manifest).map((chunk) => [chunk.file, chunk]));
  const scripts = new Map<string, string>();
  const queue = [...named];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (scripts.has(file)) continue;
    scripts.set(file, await readFile(path.join(outDir, file), 'utf8'));
    const chunk = chunkOf.get(file);
    if (!chunk) throw new Error(`${file}, loaded by ${page}, is not in the build manifest`);
    for (const key of chunk.imports ?? []) queue.push(manifest[key]!.file);
  }
  return scripts;
}

const containing = (scripts: Map<string, string>, marker: string) => [...scripts].filter(([, code]) => code.includes(marker)).map(([file]) => file);
const kilobytes = (scripts: Map<string, string>) => Math.round([...scripts.values()].reduce((sum, code) => sum + Buffer.byteLength(code), 0) / 1024);

describe('the editor page (renderer/index.html) at start', () => {
  it.skipIf(kindsAwaitingSpec.length > 0)('loads no TensorFlow.js', async () => {
    const scripts = await scriptsAtStart('index.html');
    expect(scripts.size).toBeGreaterThan(0);
    for (const marker of TFJS_MARKERS) expect(containing(scripts, marker), marker).toEqual([]);
  });

  it.skipIf(kindsAwaitingSpec.length > 0)(`loads at most ${BUDGET_KB} KB of JavaScript`, async () => {
    const scripts = await scriptsAtStart('index.html');
    expect(kilobytes(scripts), [...scripts.keys()].join(', ')).toBeLessThanOrEqual(BUDGET_KB);
  });

  it('leaves elkjs, KaTeX and recharts to load when first used (they are in the build, not in the start)', async () => {
    const scripts = await scriptsAtStart('index.html');
    const everything = new Map(await Promise.all(Object.values(manifest).filter((c) => c.file.endsWith('.js')).map(async (c) => [c.file, await readFile(path.join(outDir, c.file), 'utf8')] as const)));
    for (const marker of [ELK_MARKER, KATEX_MARKER, RECHARTS_MARKER]) {
      expect(containing(scripts, marker), marker).toEqual([]);
      expect(containing(everything, marker), marker).not.toEqual([]);
    }
  });
});

describe('the GPU worker page (renderer/gpu-worker.html)', () => {
  it('loads TensorFlow.js at start, as its own entry (and so the markers above do find tfjs)', async () => {
    const scripts = await scriptsAtStart('gpu-worker.html');
    for (const marker of TFJS_MARKERS) expect(containing(scripts, marker), marker).not.toEqual([]);
  });
});
