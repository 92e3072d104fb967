import { MultiHeadAttention } from '../../custom/multi-head-attention';
import { tfjsBuilder } from '../../tfjs-types';
import { multiHeadAttentionSpec } from './spec';

const multiHeadAttentionBuilder = tfjsBuilder(multiHeadAttentionSpec, (p, name) =>
  new MultiHeadAttention({
    name,
    numHeads: p.numHeads,
    keyDim: p.keyDim,
    valueDim: p.valueDim,
    dropout: p.dropout,
    useBias: p.useBias,
    outputDim: p.outputDim,
    causal: p.causal,
    returnAttentionScores: p.returnAttentionScores,
  }));

export const tfjsBuilders = [multiHeadAttentionBuilder];
