import type { AnyLayerSpec, LayerCatalog } from '../../../shared/layers';
import { LAYER_FAMILIES } from '../../../shared/layers/families';

export interface SearchableKind {
  kind: AnyLayerSpec;
  /** The label and one-line doc in the current language. */
  label: string;
  doc: string;
}

/**
 * Kinds matching every word of the query in their type, label (either language) or doc,
 * best first: a type or label that starts with the query beats a match in the doc.
 */
export function searchKinds(kinds: readonly SearchableKind[], query: string): SearchableKind[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...kinds];
  const scored: { item: SearchableKind; score: number; index: number }[] = [];
  kinds.forEach((item, index) => {
    const name = `${item.kind.type} ${item.kind.label} ${item.label}`.toLowerCase();
    const text = `${name} ${item.doc.toLowerCase()} ${item.kind.family.toLowerCase()}`;
    if (!words.every((w) => text.includes(w))) return;
    const first = words[0]!;
    const score =
      item.kind.type.toLowerCase() === first ? 0 : item.kind.type.toLowerCase().startsWith(first) || item.label.toLowerCase().startsWith(first) ? 1 : name.includes(first) ? 2 : 3;
    scored.push({ item, score, index });
  });
  return scored.sort((a, b) => a.score - b.score || a.index - b.index).map((s) => s.item);
}

/** Every kind in palette order: by family, then catalog order. */
export function kindsInPaletteOrder(catalog: LayerCatalog): AnyLayerSpec[] {
  const groups = catalog.byFamily();
  return LAYER_FAMILIES.flatMap((family) => groups.get(family) ?? []);
}
