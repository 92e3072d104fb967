import { describe, expect, it } from 'vitest';
import { firstJsonErrorOffset, lineAndColumn } from './json-position';

describe('firstJsonErrorOffset', () => {
  it('accepts everything JSON.parse accepts', () => {
    for (const text of ['{}', '[]', ' 1 ', '-0.5e+3', '"a\\u00e9\\n"', '{"a":[1,{"b":null}],"c":true,"d":false}', '\n[ 1 , 2 ]\n'])
      expect([text, firstJsonErrorOffset(text)]).toEqual([text, null]);
  });

  it('points at the first character JSON.parse refuses', () => {
    const cases: [string, number][] = [
      ['{"a": [ }', 8],
      ['{\n  "a": 1,,\n}', 11],
      ['{"a" 1}', 5],
      ['[1, 2', 5],
      ["{'a': 1}", 1],
      ['{"a": tru}', 9],
      ['{"a": 1} x', 9],
      ['{"a": 01}', 7],
      ['"line\nbreak"', 5],
    ];
    for (const [text, offset] of cases) {
      expect(() => JSON.parse(text)).toThrow();
      expect([text, firstJsonErrorOffset(text)]).toEqual([text, offset]);
    }
  });

  it('turns an offset into a line and column', () => {
    expect(lineAndColumn('{\n  "a": 1,,\n}', 11)).toBe('line 2, column 10');
    expect(lineAndColumn('x', 0)).toBe('line 1, column 1');
  });
});
