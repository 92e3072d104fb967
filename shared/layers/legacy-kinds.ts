import { conv1dLayer, conv2dLayer, conv2dTransposeLayer, depthwiseConv2dLayer, separableConv2dLayer } from './convolution';
import { poolingLayers } from './pooling';
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

import type { AnyLayerKind } from './tfjs-types';

const placed = (order: number, kind: AnyLayerKind) => ({ ...kind, order });

/**
 * The kinds not yet moved into their folder under shared/layers/kinds/ (spec and tfjs layer
 * in one object), each at the place it holds in the catalog. Shrinks to nothing as kinds move.
 */
export const legacyKinds = [
  placed(80, conv1dLayer),
  placed(90, conv2dLayer),
  placed(100, conv2dTransposeLayer),
  placed(110, depthwiseConv2dLayer),
  placed(120, separableConv2dLayer),
  ...poolingLayers.map((kind, i) => placed(130 + 10 * i, kind)),
  placed(230, batchNormalizationLayer),
  placed(240, layerNormalizationLayer),
  placed(250, addLayer),
  placed(260, multiplyLayer),
  placed(270, averageLayer),
  placed(280, maximumLayer),
  placed(290, minimumLayer),
  placed(300, concatenateLayer),
  placed(310, embeddingLayer),
  placed(320, simpleRnnLayer),
  placed(330, lstmLayer),
  placed(340, gruLayer),
  placed(350, bidirectionalLayer),
  placed(360, timeDistributedLayer),
  placed(370, attentionDotLayer),
  ...graphLayers.map((kind, i) => placed(380 + 10 * i, kind)),
  placed(430, multiHeadAttentionLayer),
  placed(440, positionalEmbeddingLayer),
  placed(450, sinusoidalEncodingLayer),
  placed(460, patchEmbeddingLayer),
  placed(470, takeStepLayer),
  placed(480, attentionAdditiveLayer),
];
