import { AdditiveAttention } from './additive-attention';
import { tfjsBuilder } from '../../tfjs-types';
import { attentionAdditiveSpec } from './spec';

const attentionAdditiveBuilder = tfjsBuilder(attentionAdditiveSpec, (p, name) => new AdditiveAttention({ name, useScale: p.useScale, causal: p.causal, dropout: p.dropout }));

export const tfjsBuilders = [attentionAdditiveBuilder];
