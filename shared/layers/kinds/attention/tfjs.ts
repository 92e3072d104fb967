import { DotProductAttention } from './dot-product-attention';
import { tfjsBuilder } from '../../tfjs-types';
import { attentionDotSpec } from './spec';

const attentionDotBuilder = tfjsBuilder(attentionDotSpec, (p, name) => new DotProductAttention({ name, useScale: p.useScale, causal: p.causal, dropout: p.dropout }));

export const tfjsBuilders = [attentionDotBuilder];
