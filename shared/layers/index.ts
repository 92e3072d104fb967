import { LayerCatalog } from './catalog';
import { denseLayer } from './dense';
import { inputLayer } from './input';
import { activationLayer } from './activation';
import { dropoutLayer } from './dropout';
import { flattenLayer, permuteLayer, repeatVectorLayer, reshapeLayer } from './reshape';
import { conv1dLayer, conv2dLayer, conv2dTransposeLayer, depthwiseConv2dLayer, separableConv2dLayer } from './convolution';
import { poolingLayers } from './pooling';
import { upSampling2dLayer, zeroPadding2dLayer } from './padding';
import { batchNormalizationLayer, layerNormalizationLayer } from './normalization';
import { addLayer, averageLayer, concatenateLayer, maximumLayer, minimumLayer, multiplyLayer } from './merge';
import { embeddingLayer } from './embedding';
import { gruLayer, lstmLayer, simpleRnnLayer } from './recurrent';
import { bidirectionalLayer, timeDistributedLayer } from './wrappers';
import { attentionDotLayer } from './attention-dot';
import { graphLayers } from './graph';
import { multiHeadAttentionLayer } from './multi-head-attention';
import { positionalEmbeddingLayer } from './positional-embedding';
import { sinusoidalEncodingLayer } from './sinusoidal-encoding';
import { patchEmbeddingLayer } from './patch-embedding';
import { takeStepLayer } from './take-step';
import { attentionAdditiveLayer } from './attention-additive';

/**
 * Every layer kind the app knows. Adding a kind: one file beside this one, one line here,
 * and its tests.
 */
export function createCatalog(): LayerCatalog {
  return new LayerCatalog([
    inputLayer,
    denseLayer,
    activationLayer,
    dropoutLayer,
    flattenLayer,
    reshapeLayer,
    permuteLayer,
    repeatVectorLayer,
    conv1dLayer,
    conv2dLayer,
    conv2dTransposeLayer,
    depthwiseConv2dLayer,
    separableConv2dLayer,
    ...poolingLayers,
    zeroPadding2dLayer,
    upSampling2dLayer,
    batchNormalizationLayer,
    layerNormalizationLayer,
    addLayer,
    multiplyLayer,
    averageLayer,
    maximumLayer,
    minimumLayer,
    concatenateLayer,
    embeddingLayer,
    simpleRnnLayer,
    lstmLayer,
    gruLayer,
    bidirectionalLayer,
    timeDistributedLayer,
    attentionDotLayer,
    ...graphLayers,
    multiHeadAttentionLayer,
    positionalEmbeddingLayer,
    sinusoidalEncodingLayer,
    patchEmbeddingLayer,
    takeStepLayer,
    attentionAdditiveLayer,
  ]);
}

/** The app-wide catalog. */
export const catalog = createCatalog();

export type { LayerCatalog } from './catalog';
export * from './types';
export { formatShape } from './shape-utils';
