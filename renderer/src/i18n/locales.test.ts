import { describe, expect, it } from 'vitest';
import { catalog } from '../../../shared/layers';
import en from './en.json';
import zhCN from './zh-CN.json';
import { i18n, LANGUAGES } from '.';
import { DOCS } from './docs';
import { TEMPLATE_TEXTS } from './templates';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const english = leaves(en as Tree);
const chinese = leaves(zhCN as Tree);

describe('locales', () => {
  it('have the same keys in English and Simplified Chinese', () => {
    expect([...chinese.keys()].filter((k) => !english.has(k))).toEqual([]);
    expect([...english.keys()].filter((k) => !chinese.has(k))).toEqual([]);
  });

  it('keep every interpolated value in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort();
    for (const [key, text] of english) expect(placeholders(chinese.get(key)!), key).toEqual(placeholders(text));
  });

  it('label every layer parameter in both languages (English keeps the Keras identifier)', () => {
    for (const kind of catalog.all())
      for (const param of Object.keys(kind.params.shape)) {
        expect(english.get(`paramLabels.${param}`), `${kind.type}.${param}`).toBe(param);
        expect(chinese.get(`paramLabels.${param}`), `${kind.type}.${param}`).toMatch(/\p{Script=Han}|[α-ωγβε]/u);
      }
  });

  it('name and explain every catalog kind in every language, from the kinds themselves', () => {
    expect(Object.keys(en)).not.toContain('layers');
    expect(Object.keys(zhCN)).not.toContain('layers');
    for (const kind of catalog.all())
      for (const { code } of LANGUAGES) {
        expect(i18n.getResource(code, 'translation', `layers.${kind.type}.label`), `${code} ${kind.type}`).toBeTruthy();
        expect(i18n.getResource(code, 'translation', `layers.${kind.type}.doc`), `${code} ${kind.type}`).toBeTruthy();
      }
    expect(i18n.getResource('en', 'translation', 'layers.Dense.label')).toBe(catalog.kind('Dense')!.label);
    expect(i18n.getResource('zh-CN', 'translation', 'layers.Dense.label')).not.toBe(catalog.kind('Dense')!.label);
  });

  it('translate the interface rather than copy the English', () => {
    const same = [...english].filter(([key, text]) => /[a-z]{4}/.test(text) && chinese.get(key) === text);
    expect(same.map(([key]) => key)).toEqual(['app.name']);
  });
});

describe('the other namespaces', () => {
  // Their keys are activation functions and example files; docs/docs.test.ts and
  // templates/templates.test.ts fail on a missing or unused one. Here: every language has them.
  it('give every interface language activation docs and template titles', () => {
    const codes = LANGUAGES.map((l) => l.code as string).sort();
    expect(Object.keys(DOCS).sort()).toEqual(codes);
    expect(Object.keys(TEMPLATE_TEXTS).sort()).toEqual(codes);
  });
});

describe('locale keys in the code', () => {
  // Every source file of the renderer as text, through Vite's own import of raw files.
  const sources = Object.values(import.meta.glob(['../**/*.{ts,tsx}', '!../**/*.test.ts'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>).join('\n');

  it('uses every key (family and parameter keys are looked up by name)', () => {
    const unused = [...english.keys()]
      .filter((key) => !key.startsWith('families.') && !key.startsWith('paramLabels.'))
      .map((key) => key.replace(/_(one|other)$/, ''))
      .filter((key) => !sources.includes(`'${key}'`));
    expect(unused).toEqual([]);
  });

  it('has every key the code asks for', () => {
    const asked = [...sources.matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z.]+)'/g)].map((m) => m[1]!);
    expect(asked.length).toBeGreaterThan(50);
    const plural = (key: string) => english.has(`${key}_one`) && english.has(`${key}_other`);
    expect(asked.filter((key) => !english.has(key) && !plural(key))).toEqual([]);
  });
});
