import { describe, expect, it } from 'vitest';
import { fillTemplate, helpersInOrder, pythonHelper, pyValue } from './python';

describe('Python templates', () => {
  const template = ['import os', '', 'def main():', '    print(os.sep)  # <<body>>', '', 'X = 1  # <<value>>'].join('\n');

  it('replace each fill-in line by the lines given for it', () => {
    expect(fillTemplate(template, { body: ['    a = 1', '    b = 2'], value: [] })).toBe(['import os', '', 'def main():', '    a = 1', '    b = 2', ''].join('\n'));
  });

  it('refuse a fill-in point without lines, and lines without a point', () => {
    expect(() => fillTemplate(template, { body: [] })).toThrow(/<<value>>/);
    expect(() => fillTemplate(template, { body: [], value: [], other: [] })).toThrow(/<<other>>/);
  });

  it('a helper leaves out the imports its file has to be checked alone', () => {
    const helper = pythonHelper('pad', ['import math', '', 'from torch_x import y  # beside', '', '', 'def pad(x):', '    return math.floor(y(x))', ''].join('\n'));
    expect(helper.code).toBe('def pad(x):\n    return math.floor(y(x))');
  });

  it('helpers come once each, after the ones they need', () => {
    const base = { name: 'base', code: 'B' };
    const a = { name: 'a', code: 'A', needs: [base] };
    const c = { name: 'c', code: 'C', needs: [base] };
    expect(helpersInOrder([c, a, c]).map((h) => h.name)).toEqual(['base', 'c', 'a']);
  });

  it('values as Keras arguments take them', () => {
    expect([pyValue([3]), pyValue([1, 2]), pyValue(null), pyValue(true), pyValue('same')]).toEqual(['(3,)', '(1, 2)', 'None', 'True', '"same"']);
  });
});
