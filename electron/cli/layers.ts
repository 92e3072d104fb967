import type { LayerCatalog } from '../../shared/layers';
import { describeKinds, type KindDescription, type ParamDescription } from '../../shared/layers/describe';
import type { PortSpec } from '../../shared/layers/types';

/** `nnd layers --json`: every kind, for a script. */
export function layersJson(catalog: LayerCatalog): string {
  return JSON.stringify({ kinds: describeKinds(catalog) }, null, 2);
}

function port(p: PortSpec): string {
  return `${p.name}${p.multiple ? '…' : ''}${p.optional ? '?' : ''}`;
}

function range(p: ParamDescription): string {
  const above = p.min === undefined ? undefined : `${p.exclusiveMin ? '>' : '≥'} ${p.min}`;
  const below = p.max === undefined ? undefined : `${p.exclusiveMax ? '<' : '≤'} ${p.max}`;
  return [above, below].filter(Boolean).map((b) => ` ${b}`).join(',');
}

function paramType(p: ParamDescription): string {
  const base =
    p.type === 'enum'
      ? p.options!.join(' | ')
      : p.type === 'tuple'
        ? `${p.length} × ${p.items}${range(p)}`
        : p.type === 'list'
          ? `list of ${p.items}${range(p)}`
          : `${p.type}${range(p)}`;
  return p.nullable ? `${base} or empty` : base;
}

const value = (v: unknown) => (v === undefined ? '(none)' : v === null ? 'empty' : JSON.stringify(v));

/** `nnd layers`: the kinds grouped by family, each with its ports and its params' types and defaults. */
export function layersTable(catalog: LayerCatalog): string {
  const kinds = describeKinds(catalog);
  const families = new Map<string, KindDescription[]>();
  for (const kind of kinds) families.set(kind.family, [...(families.get(kind.family) ?? []), kind]);
  const out: string[] = [];
  for (const [family, members] of families) {
    out.push(`${family}`);
    for (const kind of members) {
      const ports = `${kind.inputs.map(port).join(', ') || '—'} → ${kind.outputs.map(port).join(', ')}`;
      out.push(`  ${kind.type}${kind.label !== kind.type ? ` (${kind.label})` : ''}  ${ports}`);
      out.push(`    ${kind.doc}`);
      const width = Math.max(0, ...kind.params.map((p) => p.name.length));
      for (const p of kind.params) out.push(`    ${p.name.padEnd(width)}  = ${value(p.default)}  ${paramType(p)}`);
    }
    out.push('');
  }
  out.push(`${kinds.length} kinds. Ports: … takes any number of edges, ? is optional. nnd layers --json for scripts.`);
  return out.join('\n');
}
