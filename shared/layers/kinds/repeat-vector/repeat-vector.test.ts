import { describe, expect, it } from 'vitest';
import { failureOf, fromKeras, inferWith } from '../../test-helpers';

describe('RepeatVector', () => {
  it('takes a flat vector only', () => {
    expect(failureOf('RepeatVector', { n: 3 }, [[null, 4, 4]])).toBe(
      'RepeatVector expects a 2-D input [batch, features] but gets [batch, 4, 4] — add a Flatten or a global pooling layer before it',
    );
    expect(inferWith('RepeatVector', { n: 3 }, [[null, 4]])).toEqual({ ok: true, shapes: [[null, 3, 4]] });
  });

  it('reads Keras configs', () => {
    expect(fromKeras('RepeatVector', { name: 'repeat_vector', n: 10 }).params).toEqual({ n: 10 });
  });
});
