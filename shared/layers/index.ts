import { LayerCatalog } from './catalog';
import { denseLayer } from './dense';
import { inputLayer } from './input';

/**
 * Every layer kind the app knows. Adding a kind: one file beside this one, one line here,
 * and its tests.
 */
export function createCatalog(): LayerCatalog {
  return new LayerCatalog([inputLayer, denseLayer]);
}

/** The app-wide catalog. */
export const catalog = createCatalog();

export type { LayerCatalog } from './catalog';
export * from './types';
export { formatShape } from './shape-utils';
