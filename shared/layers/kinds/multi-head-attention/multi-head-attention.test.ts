import { describe, expect, it } from 'vitest';
import { MultiHeadAttention } from '../../custom/multi-head-attention';
import { tfjsCatalog } from '../../tfjs-catalog';
import { multiHeadAttentionSpec } from './spec';

describe('MultiHeadAttention', () => {
  it('says the attention view can draw it, and builds the class whose weights the view reads', () => {
    expect(multiHeadAttentionSpec.hasAttentionMaps).toBe(true);
    const layer = tfjsCatalog.build('MultiHeadAttention', { numHeads: 2, keyDim: 3 }, 'mha', [[null, 5, 4], [null, 5, 4]]);
    expect(layer).toBeInstanceOf(MultiHeadAttention);
  });
});
