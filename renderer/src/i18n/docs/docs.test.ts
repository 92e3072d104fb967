import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../../shared/layers';
import { ACTIVATION_LAYER_FUNCTIONS } from '../../../../shared/layers/kinds/activation/spec';
import { kindDocs } from '../../../../shared/layers/kinds.generated';
import { INTERFACE_LANGUAGE_CODES } from '../../../../shared/languages';
import { activationDoc, DOCS, layerDoc } from '.';
import { splitInlineMath } from './tex';

const languages = INTERFACE_LANGUAGE_CODES;
const kinds = catalog.all().map((k) => k.type).sort();
const activations = [...ACTIVATION_LAYER_FUNCTIONS].sort();

/** Every TeX string shown in a language: formulas, ranges and the `$…$` runs inside prose. */
function texStrings(language: string): { where: string; tex: string }[] {
  const out: { where: string; tex: string }[] = [];
  const prose = (where: string, text: string | undefined) => {
    for (const s of splitInlineMath(text ?? '')) if (s.math) out.push({ where, tex: s.tex });
  };
  for (const type of kinds) {
    const doc = layerDoc(language, type);
    if (doc?.formula) out.push({ where: `${type}.formula`, tex: doc.formula });
    for (const field of ['what', 'params', 'shape', 'use'] as const) prose(`${type}.${field}`, doc?.[field]);
  }
  for (const name of activations) {
    const doc = activationDoc(language, name)!;
    out.push({ where: `${name}.formula`, tex: doc.formula }, { where: `${name}.range`, tex: doc.range });
    prose(`${name}.notes`, doc.notes);
  }
  return out;
}

describe('layer and activation docs', () => {
  it('come in English and Simplified Chinese', () => {
    expect(Object.keys(DOCS).sort()).toEqual(['en', 'zh-CN']);
  });

  describe.each(languages)('%s', (language) => {
    it('explain every catalog kind: what it computes, the shape rule and when to use it', () => {
      const missing = kinds.filter((type) => {
        const doc = layerDoc(language, type);
        return !doc || !doc.what.trim() || !doc.shape.trim() || !doc.use.trim();
      });
      expect(missing).toEqual([]);
    });

    it('give every activation function its formula, range and trade-offs, and no other', () => {
      expect(Object.keys(DOCS[language]!.activations).sort()).toEqual(activations);
      for (const name of activations) {
        const doc = DOCS[language]!.activations[name]!;
        expect([doc.name, doc.formula, doc.range, doc.notes].every((s) => s.trim().length > 0), name).toBe(true);
      }
    });

    it('write every formula in TeX that KaTeX typesets', () => {
      const broken = texStrings(language).filter(({ tex }) => {
        try {
          katex.renderToString(tex, { throwOnError: true, strict: 'ignore' });
          return false;
        } catch {
          return true;
        }
      });
      expect(broken.map((b) => b.where)).toEqual([]);
    });
  });

  it('are written in Chinese in the Chinese docs, not copied from the English', () => {
    const han = /\p{Script=Han}/u;
    const english = kindDocs.filter(({ teaching: { 'zh-CN': doc }, palette: { 'zh-CN': name } }) => ![doc.what, doc.shape, doc.use].some((s) => han.test(s)) || !han.test(doc.what) || !han.test(name.doc));
    expect(english.map(({ type }) => type)).toEqual([]);
    expect(Object.entries(DOCS['zh-CN']!.activations).filter(([, doc]) => !han.test(doc.notes)).map(([name]) => name)).toEqual([]);
  });
});

describe('splitInlineMath', () => {
  it('separates text from $…$ math', () => {
    expect(splitInlineMath('a $x^2$ b')).toEqual([
      { math: false, text: 'a ' },
      { math: true, tex: 'x^2' },
      { math: false, text: ' b' },
    ]);
  });

  it('leaves an unpaired $ as text', () => {
    expect(splitInlineMath('costs $5')).toEqual([{ math: false, text: 'costs $5' }]);
  });
});
