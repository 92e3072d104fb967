import { describe, expect, it } from 'vitest';
import { failureOf, fromKeras, inferWith, kerasRefusal } from '../../test-helpers';

describe('ZeroPadding2D', () => {
  it('accepts one amount, [rows, columns] or [[top, bottom], [left, right]]', () => {
    expect(inferWith('ZeroPadding2D', { padding: 2 }, [[null, 5, 5, 3]])).toEqual({ ok: true, shapes: [[null, 9, 9, 3]] });
    expect(inferWith('ZeroPadding2D', { padding: [1, 3] }, [[null, 5, 5, 3]])).toEqual({ ok: true, shapes: [[null, 7, 11, 3]] });
    expect(inferWith('ZeroPadding2D', { padding: [[0, 1], [0, 1]] }, [[null, 112, 112, 16]])).toEqual({ ok: true, shapes: [[null, 113, 113, 16]] });
  });

  it('says which layout it needs', () => {
    expect(failureOf('ZeroPadding2D', {}, [[null, 30, 4]])).toContain('ZeroPadding2D expects a 4-D input [batch, height, width, channels] but gets [batch, 30, 4]');
  });

  it('reads the forms Keras writes', () => {
    expect(fromKeras('ZeroPadding2D', { padding: [[0, 1], [0, 1]], data_format: 'channels_last', name: 'block_1_pad', trainable: true }).params).toEqual({
      padding: [[0, 1], [0, 1]],
    });
    expect(fromKeras('ZeroPadding2D', { name: 'p', padding: [3, 3] }).params).toEqual({ padding: [3, 3] });
    expect(fromKeras('ZeroPadding2D', { name: 'p', padding: 1 }).params).toEqual({ padding: 1 });
    expect(kerasRefusal('ZeroPadding2D', { name: 'p', padding: [1, 2, 3] })).toBe(
      'ZeroPadding2D "p" has padding [1,2,3]; expected an int, [rows, columns] or [[top, bottom], [left, right]]',
    );
  });
});
