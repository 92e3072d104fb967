import { describe, expect, it } from 'vitest';
import { catalog } from '.';
import { tfjsCatalog } from './tfjs-catalog';

describe('the catalog', () => {
  it('lists the kinds in the order a course meets them (the palette keeps it within each family)', () => {
    expect(catalog.all().map((kind) => kind.type)).toEqual([
      'Input', 'Dense', 'Activation', 'Dropout', 'Flatten', 'Reshape', 'Permute', 'RepeatVector',
      'Conv1D', 'Conv2D', 'Conv2DTranspose', 'DepthwiseConv2D', 'SeparableConv2D',
      'MaxPooling2D', 'AveragePooling2D', 'GlobalAveragePooling2D', 'GlobalMaxPooling2D',
      'MaxPooling1D', 'AveragePooling1D', 'GlobalAveragePooling1D', 'GlobalMaxPooling1D',
      'ZeroPadding2D', 'UpSampling2D', 'BatchNormalization', 'LayerNormalization',
      'Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Concatenate', 'Embedding',
      'SimpleRNN', 'LSTM', 'GRU', 'Bidirectional', 'TimeDistributed', 'Attention',
      'MessagePassing', 'GCNConv', 'SAGEConv', 'GATConv', 'GraphReadout',
      'MultiHeadAttention', 'PositionalEmbedding', 'SinusoidalPositionalEncoding', 'PatchEmbedding', 'TakeStep', 'AdditiveAttention',
    ]);
  });

  it('gives every kind its own place', () => {
    const orders = catalog.all().map((kind) => kind.order);
    expect(new Set(orders).size).toBe(orders.length);
  });

  it('the tfjs catalog holds the same kinds in the same order', () => {
    expect(tfjsCatalog.all().map((kind) => kind.type)).toEqual(catalog.all().map((kind) => kind.type));
  });

  it('refuses a builder without a spec, and a kind without a builder', async () => {
    const { TfjsCatalog } = await import('./tfjs-catalog');
    const dense = catalog.kind('Dense')!;
    const denseBuilder = tfjsCatalog.builder('Dense')!;
    expect(() => new TfjsCatalog([dense], [denseBuilder, { ...denseBuilder, type: 'Nothing' }])).toThrow(/"Nothing", which has no spec/);
    expect(() => new TfjsCatalog([dense], [])).toThrow(/no tfjs builder for Dense/);
  });
});
