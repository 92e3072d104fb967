import { describe, expect, it } from 'vitest';
import { catalog } from '../../shared/layers';
import type { KindDescription } from '../../shared/layers/describe';
import { layersJson, layersTable } from './layers';
import { runNnd } from './run-cli';

const kinds = (JSON.parse(layersJson(catalog)) as { kinds: KindDescription[] }).kinds;

describe('nnd layers', () => {
  it('lists every kind of the catalog, in catalog order, with its family, label and ports', () => {
    expect(kinds.map((k) => k.type)).toEqual(catalog.all().map((k) => k.type));
    for (const kind of kinds) {
      const spec = catalog.kind(kind.type)!;
      expect({ family: kind.family, label: kind.label, inputs: kind.inputs, outputs: kind.outputs }).toEqual({
        family: spec.family,
        label: spec.label,
        inputs: spec.inputs,
        outputs: spec.outputs,
      });
    }
    expect(kinds.find((k) => k.type === 'Add')!.inputs).toEqual([{ name: 'in', multiple: true }]);
    expect(kinds.find((k) => k.type === 'Attention')!.inputs).toContainEqual({ name: 'key', optional: true });
  });

  it('gives every param the default the schema fills in', () => {
    for (const kind of kinds) {
      const resolved = catalog.resolveParams(kind.type, {});
      expect(resolved.success, kind.type).toBe(true);
      const filled = (resolved as { params: Record<string, unknown> }).params;
      expect(kind.params.map((p) => p.name).sort(), kind.type).toEqual(Object.keys(catalog.kind(kind.type)!.params.shape).sort());
      for (const p of kind.params) expect(p.default, `${kind.type}.${p.name}`).toEqual(filled[p.name]);
    }
  });

  it('says each param’s type, options and bounds', () => {
    const dense = kinds.find((k) => k.type === 'Dense')!.params;
    expect(dense.find((p) => p.name === 'units')).toEqual({ name: 'units', type: 'integer', default: 32, min: 1 });
    expect(dense.find((p) => p.name === 'activation')).toMatchObject({ type: 'enum', default: 'linear', options: expect.arrayContaining(['relu', 'softmax']) });
    expect(kinds.find((k) => k.type === 'Dropout')!.params[0]).toMatchObject({ name: 'rate', type: 'number', min: 0, max: 1, exclusiveMax: true, default: 0.5 });
    expect(kinds.find((k) => k.type === 'Conv2D')!.params.find((p) => p.name === 'kernelSize')).toMatchObject({ type: 'tuple', items: 'integer', length: 2, default: [3, 3] });
    expect(kinds.find((k) => k.type === 'MaxPooling2D')!.params.find((p) => p.name === 'strides')).toMatchObject({ nullable: true, default: null });
  });

  it('prints a table grouped by family for a person', () => {
    const table = layersTable(catalog);
    const lines = table.split('\n');
    for (const family of new Set(catalog.all().map((k) => k.family))) expect(lines).toContain(family);
    for (const kind of catalog.all()) expect(table).toMatch(new RegExp(`^  ${kind.type}\\b`, 'm'));
    expect(table).toMatch(/^ {4}units +?= 32 {2}integer ≥ 1$/m);
    expect(table).toMatch(/^ {4}rate += 0\.5 {2}number ≥ 0, < 1$/m);
    expect(table).toContain('Add  in… → out');
    expect(table).toMatch(/^ {2}Attention\b.* {2}query, value, key\? → out$/m);
  });

  it('runs from the command line, as JSON and as a table', async () => {
    const json = await runNnd(['layers', '--json']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { kinds: KindDescription[] }).kinds.map((k) => k.type)).toEqual(catalog.all().map((k) => k.type));
    const table = await runNnd(['layers']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`${catalog.all().length} kinds.`);
  }, 60_000);
});
