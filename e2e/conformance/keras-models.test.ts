import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { catalog } from '../../shared/layers';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { importModelJson } from '../../shared/model-json/import';

/**
 * Netron-style format conformance: every real model file of the corpus imports into a
 * graph that validates and compiles; for TensorFlow.js files the compiled model has
 * exactly the parameters MANIFEST.md lists (the sum of the files' weight manifests).
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.resolve(repoRoot, '../shared/fixtures/keras-models');

interface ManifestRow {
  file: string;
  format: string;
  /** Total parameters including BatchNormalization moving statistics; null for Keras to_json files. */
  params: number | null;
  /** The top-level model inputs, batch axis included. */
  inputShapes: (number | null)[][];
}

/** The corpus table of MANIFEST.md, read by its header names so a reordered table still reads. */
function readManifest(): ManifestRow[] {
  const lines = readFileSync(path.join(corpus, 'MANIFEST.md'), 'utf8').split('\n').filter((l) => l.startsWith('|'));
  const cells = (line: string) => line.split('|').slice(1, -1).map((c) => c.trim());
  const header = cells(lines[0]!);
  const column = (prefix: string) => {
    const i = header.findIndex((h) => h.startsWith(prefix));
    if (i < 0) throw new Error(`MANIFEST.md has no "${prefix}" column`);
    return i;
  };
  const fileCol = column('file');
  const formatCol = column('format');
  const paramsCol = column('params');
  const inputsCol = column('input shape');
  return lines
    .slice(2)
    .map(cells)
    .map((row) => {
      const params = /^([\d,]+)/.exec(row[paramsCol]!);
      return {
        file: row[fileCol]!.replace(/`/g, ''),
        format: row[formatCol]!,
        params: params ? Number(params[1]!.replace(/,/g, '')) : null,
        inputShapes: row[inputsCol]!.split(';').map((shape) => JSON.parse(shape.trim()) as (number | null)[]),
      };
    });
}

const NEGATIVE = '14-custom-attention-keras3.json';

describe('Keras / TensorFlow.js model corpus', () => {
  if (!existsSync(corpus)) throw new Error(`the conformance corpus is missing: expected it at ${corpus}`);
  const manifest = readManifest();
  const load = (file: string): unknown => JSON.parse(readFileSync(path.join(corpus, file), 'utf8'));

  it('MANIFEST.md lists every model file, and the tfjs files with a parameter count', () => {
    const files = readdirSync(corpus).filter((f) => f.endsWith('.json')).sort();
    expect(manifest.map((r) => r.file).sort()).toEqual(files);
    const tfjs = manifest.filter((r) => r.format.startsWith('tfjs'));
    expect(tfjs.length).toBe(10);
    for (const row of tfjs) expect(row.params, row.file).toBeGreaterThan(0);
    for (const row of manifest) expect(row.inputShapes.length, row.file).toBeGreaterThan(0);
  });

  for (const row of manifest.filter((r) => r.file !== NEGATIVE)) {
    it(`${row.file} imports, validates and compiles${row.params !== null ? ` with ${row.params} parameters` : ''}`, () => {
      const { document } = importModelJson(load(row.file), catalog);
      const { model, analysis } = compileGraph(document, tfjsCatalog);
      try {
        expect(analysis.problems).toEqual([]);
        expect(model.inputs.map((i) => i.shape)).toEqual(row.inputShapes);
        if (row.params !== null) {
          expect(model.countParams()).toBe(row.params);
          expect(analysis.totals.total).toBe(row.params);
        }
      } finally {
        model.dispose();
      }
    });
  }

  it(`${NEGATIVE} is refused with an error naming the custom layer class`, () => {
    expect(() => importModelJson(load(NEGATIVE), catalog)).toThrow(/unknown layer class MyAttentionLayer \(Custom>MyAttentionLayer\)/);
  });
});
