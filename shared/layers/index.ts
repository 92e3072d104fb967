import { LayerCatalog } from './catalog';
import { denseLayer } from './dense';
import { inputLayer } from './input';
import { batchNormalizationLayer, layerNormalizationLayer } from './normalization';
import { addLayer, averageLayer, concatenateLayer, multiplyLayer } from './merge';
import { embeddingLayer } from './embedding';
import { gruLayer, lstmLayer, simpleRnnLayer } from './recurrent';
import { bidirectionalLayer, timeDistributedLayer } from './wrappers';

/**
 * Every layer kind the app knows. Adding a kind: one file beside this one, one line here,
 * and its tests.
 */
export function createCatalog(): LayerCatalog {
  return new LayerCatalog([
    inputLayer,
    denseLayer,
    batchNormalizationLayer,
    layerNormalizationLayer,
    addLayer,
    multiplyLayer,
    averageLayer,
    concatenateLayer,
    embeddingLayer,
    simpleRnnLayer,
    lstmLayer,
    gruLayer,
    bidirectionalLayer,
    timeDistributedLayer,
  ]);
}

/** The app-wide catalog. */
export const catalog = createCatalog();

export type { LayerCatalog } from './catalog';
export * from './types';
export { formatShape } from './shape-utils';
