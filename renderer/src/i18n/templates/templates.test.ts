import { describe, expect, it } from 'vitest';
import { TEMPLATE_TEXTS } from '.';

// File names only: the documents themselves are not loaded.
const exampleFiles = Object.keys(import.meta.glob('../../../../examples/*.nnd.json'))
  .map((path) => path.slice(path.lastIndexOf('/') + 1))
  .sort();

describe('template titles and descriptions', () => {
  it('find the examples', () => {
    expect(exampleFiles).toContain('perceptron-xor.nnd.json');
  });

  it.each(Object.entries(TEMPLATE_TEXTS))('%s: every example has a title and a description, and no other file does', (_language, texts) => {
    const missing = exampleFiles.filter((file) => !texts[file]?.title.trim() || !texts[file]?.description.trim());
    expect(missing).toEqual([]);
    expect(Object.keys(texts).filter((file) => !exampleFiles.includes(file))).toEqual([]);
  });

  it('are written in Chinese in the Chinese catalogue', () => {
    const han = /\p{Script=Han}/u;
    expect(Object.entries(TEMPLATE_TEXTS['zh-CN']!).filter(([, text]) => !han.test(text.title) || !han.test(text.description))).toEqual([]);
  });
});
