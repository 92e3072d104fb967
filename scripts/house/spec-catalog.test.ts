import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kindSpecs } from '../../shared/layers/kinds.generated';
import { kindTfjsBuilders } from '../../shared/layers/kinds-tfjs.generated';
import type { AnyLayerSpec } from '../../shared/layers/types';
import { importClosure } from './spec-closure';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const kindsDir = path.join(root, 'shared/layers/kinds');

/** Files of the closure that import tfjs, relative to the repository. */
function tfjsImporters(roots: string[]): string[] {
  const { packages } = importClosure(roots.map((r) => path.join(root, r)));
  return [...packages].filter(([name]) => name.startsWith('@tensorflow/')).map(([name, file]) => `${path.relative(root, file)} → ${name}`);
}

describe('the spec catalog loads no tfjs', () => {
  it('no kind spec reaches tfjs through its imports', () => {
    const specs = readdirSync(kindsDir).map((folder) => `shared/layers/kinds/${folder}/spec.ts`);
    expect(specs.length).toBeGreaterThan(0);
    expect(tfjsImporters(specs)).toEqual([]);
  });

  it('the registry of specs, the spec catalog, the validator, the importer and `nnd validate` reach no tfjs', () => {
    expect(
      tfjsImporters([
        'shared/layers/kinds.generated.ts',
        'shared/layers/index.ts',
        'shared/graph/analyze.ts',
        'shared/model-json/import.ts',
        'electron/cli/validate.ts',
      ]),
    ).toEqual([]);
  });

  it('sees a tfjs import where there is one (the tfjs registry)', () => {
    expect(tfjsImporters(['shared/layers/kinds-tfjs.generated.ts']).length).toBeGreaterThan(0);
  });
});

describe('every spec has its tfjs builder', () => {
  const specs = kindSpecs as readonly AnyLayerSpec[];
  const builders = kindTfjsBuilders as readonly { type: string }[];

  it('a builder for every kind but an input', () => {
    const built = new Set(builders.map((b) => b.type));
    expect(specs.filter((s) => !s.inputSpec && !built.has(s.type)).map((s) => s.type)).toEqual([]);
  });

  it('a spec for every builder', () => {
    const specified = new Set(specs.map((s) => s.type));
    expect(builders.filter((b) => !specified.has(b.type)).map((b) => b.type)).toEqual([]);
  });
});
