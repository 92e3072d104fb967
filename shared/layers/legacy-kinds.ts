import { attentionDotLayer } from './attention-dot';
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
  placed(370, attentionDotLayer),
  placed(430, multiHeadAttentionLayer),
  placed(440, positionalEmbeddingLayer),
  placed(450, sinusoidalEncodingLayer),
  placed(460, patchEmbeddingLayer),
  placed(470, takeStepLayer),
  placed(480, attentionAdditiveLayer),
];
