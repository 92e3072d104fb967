import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../../../shared/layers';
import { ACTIVATION_LAYER_FUNCTIONS } from '../../../../shared/layers/kinds/activation/spec';
import { DOCS } from '.';
import { splitInlineMath } from './tex';
import type { DocsBundle } from './types';

const languages = Object.entries(DOCS) as [string, DocsBundle][];
const kinds = catalog.all().map((k) => k.type).sort();
const activations = [...ACTIVATION_LAYER_FUNCTIONS].sort();

/** Every TeX string of a bundle: formulas, ranges and the `$…$` runs inside prose. */
function texStrings(bundle: DocsBundle): { where: string; tex: string }[] {
  const out: { where: string; tex: string }[] = [];
  const prose = (where: string, text: string | undefined) => {
    for (const s of splitInlineMath(text ?? '')) if (s.math) out.push({ where, tex: s.tex });
  };
  for (const [type, doc] of Object.entries(bundle.layers)) {
    if (doc.formula) out.push({ where: `${type}.formula`, tex: doc.formula });
    for (const field of ['what', 'params', 'shape', 'use'] as const) prose(`${type}.${field}`, doc[field]);
  }
  for (const [name, doc] of Object.entries(bundle.activations)) {
    out.push({ where: `${name}.formula`, tex: doc.formula }, { where: `${name}.range`, tex: doc.range });
    prose(`${name}.notes`, doc.notes);
  }
  return out;
}

describe('layer docs', () => {
  it('come in English and Simplified Chinese', () => {
    expect(languages.map(([code]) => code).sort()).toEqual(['en', 'zh-CN']);
  });

  describe.each(languages)('%s', (_code, bundle) => {
    it('explain every catalog kind: what it computes, the shape rule and when to use it', () => {
      const missing = kinds.filter((type) => {
        const doc = bundle.layers[type];
        return !doc || !doc.what.trim() || !doc.shape.trim() || !doc.use.trim();
      });
      expect(missing).toEqual([]);
    });

    it('document no kind the catalog lacks (an unused doc is a renamed or removed kind)', () => {
      expect(Object.keys(bundle.layers).filter((type) => !catalog.kind(type))).toEqual([]);
    });

    it('give every activation function its formula, range and trade-offs, and no other', () => {
      expect(Object.keys(bundle.activations).sort()).toEqual(activations);
      for (const name of activations) {
        const doc = bundle.activations[name]!;
        expect([doc.name, doc.formula, doc.range, doc.notes].every((s) => s.trim().length > 0), name).toBe(true);
      }
    });

    it('write every formula in TeX that KaTeX typesets', () => {
      const broken = texStrings(bundle).filter(({ tex }) => {
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

  it('have the same parts in both languages (a formula or parameter note in one is in the other)', () => {
    const en = DOCS.en!;
    const zh = DOCS['zh-CN']!;
    for (const type of kinds) {
      expect(Boolean(zh.layers[type]?.formula), `${type}.formula`).toBe(Boolean(en.layers[type]?.formula));
      expect(Boolean(zh.layers[type]?.params), `${type}.params`).toBe(Boolean(en.layers[type]?.params));
    }
  });

  it('are written in Chinese in the Chinese docs, not copied from the English', () => {
    const zh = DOCS['zh-CN']!;
    const han = /\p{Script=Han}/u;
    const english = Object.entries(zh.layers).filter(([, doc]) => ![doc.what, doc.shape, doc.use].some((s) => han.test(s)) || !han.test(doc.what));
    expect(english.map(([type]) => type)).toEqual([]);
    expect(Object.entries(zh.activations).filter(([, doc]) => !han.test(doc.notes)).map(([name]) => name)).toEqual([]);
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
