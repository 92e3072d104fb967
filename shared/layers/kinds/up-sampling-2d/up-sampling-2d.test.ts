import { describe, expect, it } from 'vitest';
import { fromKeras, inferWith, kerasRefusal } from '../../test-helpers';

describe('UpSampling2D', () => {
  it('multiplies height and width, keeping free sizes free', () => {
    expect(inferWith('UpSampling2D', { size: [3, 2] }, [[null, 5, null, 2]])).toEqual({ ok: true, shapes: [[null, 15, null, 2]] });
  });

  it('reads Keras configs and refuses interpolations tfjs lacks', () => {
    expect(fromKeras('UpSampling2D', { name: 'up', size: [2, 2], data_format: 'channels_last', interpolation: 'bilinear' }).params).toEqual({
      size: [2, 2],
      interpolation: 'bilinear',
    });
    expect(fromKeras('UpSampling2D', { name: 'up', size: 3 }).params).toEqual({ size: [3, 3], interpolation: 'nearest' });
    expect(kerasRefusal('UpSampling2D', { name: 'up', size: [2, 2], interpolation: 'bicubic' })).toBe(
      'UpSampling2D "up" uses interpolation "bicubic"; NN Designer supports "nearest" and "bilinear"',
    );
  });
});
