import { LayerCatalog } from './catalog';
import { kindSpecs } from './kinds.generated';
import { kindTfjsBuilders } from './kinds-tfjs.generated';
import type { AnyTfjsBuilder, TfjsContext } from './tfjs-types';
import type { AnyLayerSpec, Shape } from './types';

/**
 * The specs with their tfjs builders: what the compiler and the training worker load. Every
 * kind but an input (which becomes `tf.input`) has exactly one builder, and every builder a
 * spec; a mismatch is a programming error and throws at start-up.
 */
export class TfjsCatalog extends LayerCatalog implements TfjsContext {
  private readonly builders = new Map<string, AnyTfjsBuilder>();

  constructor(specs: readonly AnyLayerSpec[], builders: readonly AnyTfjsBuilder[]) {
    super(specs);
    for (const builder of builders) {
      if (!this.kind(builder.type)) throw new Error(`tfjs builder for "${builder.type}", which has no spec`);
      if (this.builders.has(builder.type)) throw new Error(`tfjs builder for "${builder.type}" is registered twice`);
      this.builders.set(builder.type, builder);
    }
    const missing = this.all().filter((spec) => !spec.inputSpec && !this.builders.has(spec.type));
    if (missing.length) throw new Error(`no tfjs builder for ${missing.map((spec) => spec.type).join(', ')}`);
  }

  builder(type: string): AnyTfjsBuilder | undefined {
    return this.builders.get(type);
  }

  /** The tfjs layer for a node of kind `type` with resolved params. */
  build(type: string, params: Record<string, unknown>, name: string, inputs: Shape[]) {
    const builder = this.builders.get(type);
    if (!builder) throw new Error(`"${type}" has no tfjs layer`);
    return builder.build(params, name, inputs, this);
  }
}

export function createTfjsCatalog(): TfjsCatalog {
  return new TfjsCatalog(kindSpecs as readonly AnyLayerSpec[], kindTfjsBuilders as readonly AnyTfjsBuilder[]);
}

/** The app-wide catalog for building tfjs models. */
export const tfjsCatalog = createTfjsCatalog();
