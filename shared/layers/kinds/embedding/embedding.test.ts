import { describe, expect, it } from 'vitest';
import { catalog } from '../..';
import type { InferResult, Shape } from '../../types';

function infer(params: Record<string, unknown>, inputs: Shape[]): InferResult {
  const resolved = catalog.resolveParams('Embedding', params);
  if (!resolved.success) throw new Error(resolved.error);
  return catalog.kind('Embedding')!.inferShape(inputs, resolved.params, catalog);
}

const message = (r: InferResult) => (r.ok ? `unexpectedly ok: ${JSON.stringify(r.shapes)}` : r.message);
const fromKeras = (config: Record<string, unknown>) => catalog.kind('Embedding')!.keras!.fromConfig(config, catalog, 'Embedding');

describe('Embedding shapes', () => {
  it('turns [batch, steps] ids into [batch, steps, outputDim]', () => {
    expect(infer({ inputDim: 100, outputDim: 16 }, [[null, 12]])).toEqual({ ok: true, shapes: [[null, 12, 16]] });
    expect(infer({ inputDim: 100, outputDim: 16, inputLength: 12 }, [[null, null]])).toEqual({ ok: true, shapes: [[null, 12, 16]] });
  });

  it('explains that it wants ids, not one-hot vectors', () => {
    expect(message(infer({}, [[null, 10, 5000]]))).toBe(
      'Embedding expects integer ids [batch, steps] but gets [batch, 10, 5000] — it looks up one vector per id, so feed integer ids, not one-hot or feature vectors (or Reshape to [steps])',
    );
  });

  it('names both lengths when inputLength disagrees with the input', () => {
    expect(message(infer({ inputLength: 20 }, [[null, 12]]))).toBe(
      'Embedding has inputLength 20 but gets sequences of 12 ids [batch, 12] — set inputLength to 12 or clear it',
    );
  });

  it('counts one vector per id', () => {
    const params = catalog.resolveParams('Embedding', { inputDim: 50, outputDim: 8 }) as { params: Record<string, unknown> };
    expect(catalog.kind('Embedding')!.countParams([[null, 4]], params.params, catalog)).toEqual({ trainable: 400, nonTrainable: 0 });
  });
});

describe('Embedding from Keras configs', () => {
  it('reads a Keras 2.15 config (converter 4.16)', () => {
    expect(
      fromKeras({
        name: 'embedding_1',
        trainable: true,
        dtype: 'float32',
        batch_input_shape: [null, 3],
        input_dim: 5059,
        output_dim: 100,
        embeddings_initializer: { module: 'keras.initializers', class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null }, registered_name: null },
        embeddings_regularizer: null,
        activity_regularizer: null,
        embeddings_constraint: null,
        mask_zero: false,
        input_length: 3,
      }),
    ).toEqual({ inputDim: 5059, outputDim: 100, maskZero: false, inputLength: 3 });
  });

  it('reads a tfjs-layers config with mask_zero null', () => {
    expect(
      fromKeras({
        input_dim: 100,
        output_dim: 20,
        embeddings_initializer: { class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null } },
        embeddings_regularizer: null,
        activity_regularizer: null,
        embeddings_constraint: null,
        mask_zero: null,
        input_length: null,
        name: 'embedding_Embedding2',
        trainable: true,
        batch_input_shape: [null, 10],
        dtype: 'float32',
      }),
    ).toEqual({ inputDim: 100, outputDim: 20, maskZero: false, inputLength: null });
  });

  it('reads a Keras 3 config (no input_length, DTypePolicy)', () => {
    expect(
      fromKeras({
        name: 'embedding',
        trainable: true,
        dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null },
        input_dim: 42459,
        output_dim: 300,
        embeddings_initializer: { module: 'keras.initializers', class_name: 'RandomUniform', config: { minval: -0.05, maxval: 0.05, seed: null }, registered_name: null },
        embeddings_regularizer: null,
        activity_regularizer: null,
        embeddings_constraint: null,
        mask_zero: true,
      }),
    ).toEqual({ inputDim: 42459, outputDim: 300, maskZero: true, inputLength: null });
  });

  it('refuses what it cannot build', () => {
    expect(() => fromKeras({ input_dim: 10, output_dim: 4, sparse: true })).toThrow(/sparse=true is not supported/);
    expect(() => fromKeras({ output_dim: 4 })).toThrow('Embedding option input_dim should be an integer but is undefined');
    expect(() => fromKeras({ input_dim: 10, output_dim: 4, input_length: [5, 3] })).toThrow(/input_length=\[5,3\] is not supported/);
  });
});
