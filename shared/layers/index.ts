import { LayerCatalog } from './catalog';
import { kindSpecs } from './kinds.generated';
import type { AnyLayerSpec } from './types';

/**
 * Every layer kind the app knows, as specs: what the editor, the validator and the importer
 * need. Adding a kind: one folder under kinds/ (see scripts/house/generate-kind-registry.ts).
 */
export function createCatalog(): LayerCatalog {
  return new LayerCatalog(kindSpecs as readonly AnyLayerSpec[]);
}

/** The app-wide catalog of specs. */
export const catalog = createCatalog();

export type { LayerCatalog } from './catalog';
export * from './types';
export { formatShape } from './shape-utils';
