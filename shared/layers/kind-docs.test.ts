import { describe, expect, it } from 'vitest';
import { INTERFACE_LANGUAGE_CODES } from '../languages';
import { catalog } from '.';
import { kindDocs } from './kinds.generated';

const kinds = catalog.all().map((kind) => kind.type).sort();
const filled = (text: string | undefined) => Boolean(text?.trim());

describe('the docs face of the layer kinds', () => {
  it('exists once for every kind, and for no kind the catalog lacks', () => {
    const documented = kindDocs.map((docs) => docs.type);
    expect(kinds.filter((type) => !documented.includes(type))).toEqual([]);
    expect(documented.filter((type) => !catalog.kind(type))).toEqual([]);
    expect(documented.filter((type, i) => documented.indexOf(type) !== i)).toEqual([]);
  });

  it('names and explains every kind in one line in every language (English on the spec, the others in the docs)', () => {
    const unnamed: string[] = [];
    for (const kind of catalog.all()) if (!filled(kind.label) || !filled(kind.doc)) unnamed.push(`${kind.type} en`);
    for (const docs of kindDocs)
      for (const [language, name] of Object.entries(docs.palette)) if (!filled(name.label) || !filled(name.doc)) unnamed.push(`${docs.type} ${language}`);
    expect(unnamed).toEqual([]);
  });

  it.each(INTERFACE_LANGUAGE_CODES)('teach every kind in %s: what it computes, the shape rule and when to use it', (language) => {
    const missing = kinds.filter((type) => {
      const doc = kindDocs.find((docs) => docs.type === type)?.teaching[language];
      return !doc || !filled(doc.what) || !filled(doc.shape) || !filled(doc.use);
    });
    expect(missing).toEqual([]);
  });

  it('have the same parts in every language (a formula or parameter note in one is in the others)', () => {
    const uneven = kindDocs.flatMap((docs) =>
      (['formula', 'params'] as const)
        .filter((part) => new Set(INTERFACE_LANGUAGE_CODES.map((language) => filled(docs.teaching[language][part]))).size > 1)
        .map((part) => `${docs.type}.${part}`),
    );
    expect(uneven).toEqual([]);
  });
});
