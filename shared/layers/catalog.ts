import { firstIssue } from '../zod-issue';
import type { AnyLayerSpec, LayerContext, LayerFamily } from './types';

/**
 * The set of layer kinds as specs (no tfjs). Built once from a list and kept in the kinds'
 * `order`; a type registered twice is a programming error and throws at start-up rather
 * than letting one silently shadow the other.
 */
export class LayerCatalog implements LayerContext {
  private readonly byType = new Map<string, AnyLayerSpec>();
  private readonly byKerasClass = new Map<string, AnyLayerSpec>();

  constructor(kinds: readonly AnyLayerSpec[]) {
    for (const kind of [...kinds].sort((a, b) => a.order - b.order)) this.register(kind);
  }

  private register(kind: AnyLayerSpec): void {
    if (this.byType.has(kind.type)) throw new Error(`layer kind "${kind.type}" is registered twice`);
    this.byType.set(kind.type, kind);
    for (const cls of kind.keras?.classNames ?? []) {
      const other = this.byKerasClass.get(cls);
      if (other) throw new Error(`Keras class "${cls}" is claimed by both ${other.type} and ${kind.type}`);
      this.byKerasClass.set(cls, kind);
    }
  }

  kind(type: string): AnyLayerSpec | undefined {
    return this.byType.get(type);
  }

  forKerasClass(className: string): AnyLayerSpec | undefined {
    return this.byKerasClass.get(className);
  }

  all(): AnyLayerSpec[] {
    return [...this.byType.values()];
  }

  byFamily(): Map<LayerFamily, AnyLayerSpec[]> {
    const groups = new Map<LayerFamily, AnyLayerSpec[]>();
    for (const kind of this.byType.values()) {
      const list = groups.get(kind.family) ?? [];
      list.push(kind);
      groups.set(kind.family, list);
    }
    return groups;
  }

  /** Params with every default filled in, or the zod error (as text, and as the issue itself). */
  resolveParams(type: string, params: unknown) {
    const kind = this.kind(type);
    if (!kind) return { success: false as const, error: `unknown layer type "${type}"` };
    const parsed = firstIssue(kind.params, params ?? {});
    if (!parsed.success) {
      const { issue } = parsed;
      const where = issue.path.length ? issue.path.join('.') : 'params';
      return { success: false as const, error: `${where}: ${issue.message}`, issue };
    }
    return { success: true as const, params: parsed.data as Record<string, unknown> };
  }
}
