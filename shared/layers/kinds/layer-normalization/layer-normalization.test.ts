import { describe, expect, it } from 'vitest';
import { catalog } from '../..';

const fromKeras = (className: string, config: Record<string, unknown>) =>
  catalog.forKerasClass(className)!.keras!.fromConfig(config, catalog, className);

describe('LayerNormalization from Keras configs', () => {
  it('reads Keras 2 and Keras 3 configs', () => {
    const keras2 = {
      name: 'layer_normalization',
      trainable: true,
      dtype: 'float32',
      axis: [2],
      epsilon: 1e-6,
      center: true,
      scale: true,
      beta_initializer: { class_name: 'Zeros', config: {} },
      gamma_initializer: { class_name: 'Ones', config: {} },
      beta_regularizer: null,
      gamma_regularizer: null,
      beta_constraint: null,
      gamma_constraint: null,
    };
    expect(fromKeras('LayerNormalization', keras2)).toEqual({ axis: 2, epsilon: 1e-6, center: true, scale: true });
    const keras3 = { ...keras2, axis: -1, rms_scaling: false, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null } };
    expect(fromKeras('LayerNormalization', keras3)).toEqual({ axis: -1, epsilon: 1e-6, center: true, scale: true });
    expect(() => fromKeras('LayerNormalization', { ...keras3, rms_scaling: true })).toThrow(/rms_scaling=true is not supported/);
  });

  it('reads back the config of our own exported class', () => {
    expect(catalog.forKerasClass('NndLayerNormalization')!.type).toBe('LayerNormalization');
    expect(fromKeras('NndLayerNormalization', { name: 'ln', trainable: true, axis: -1, epsilon: 0.001, center: false, scale: true })).toEqual({
      axis: -1,
      epsilon: 0.001,
      center: false,
      scale: true,
    });
  });
});
