import { describe, expect, it } from 'vitest';
import { catalog } from '../../shared/layers';
import { countedCode, FOUNDATION_KINDS, kindFolderByType, kindReferences, MAX_FILES_NAMING_A_KIND, namesKind, withoutComments } from './kind-references';

describe('kind references (issue #16: a layer kind lives in its folder)', () => {
  it('places every kind of the catalog in the folder whose spec exports it', async () => {
    const folderOf = await kindFolderByType();
    expect(catalog.all().filter((kind) => !folderOf.has(kind.type)).map((kind) => kind.type)).toEqual([]);
    // Types set through a helper are placed too.
    expect(folderOf.get('AveragePooling1D')).toBe('shared/layers/kinds/pooling');
    expect(folderOf.get('Dense')).toBe('shared/layers/kinds/dense');
  });

  it('counts code only: comments, and the values of family keys, name no kind', () => {
    const source = [
      "// a 'Reshape' in a line comment",
      "/* 'Reshape' */ const url = 'http://x/*';",
      "/** Reshape: in a doc comment */",
      "const spec = { family: 'Reshape', label: 'shape' };",
    ].join('\n');
    expect(namesKind(countedCode(source), 'Reshape')).toBe(false);
    expect(namesKind(countedCode(`${source}\nif (type === 'Reshape') x();`), 'Reshape')).toBe(true);
    expect(namesKind(countedCode('const texts = { Reshape: 1 };'), 'Reshape')).toBe(true);
    expect(namesKind(countedCode('const t = `Reshape`;'), 'Reshape')).toBe(true);
    expect(namesKind(countedCode("const a = 'ReshapeLayer';"), 'Reshape')).toBe(false);
    // A string that holds comment markers stays code; so does JSX text.
    expect(withoutComments("const s = '// not a comment';")).toBe("const s = '// not a comment';");
    const jsx = "const v = <p>see http://x</p>; // 'LSTM'\nconst w = <b kind=\"LSTM\" />;";
    expect(namesKind(countedCode(jsx, 'view.tsx'), 'LSTM')).toBe(true);
    expect(countedCode(jsx, 'view.tsx')).toContain('<p>see http://x</p>;');
  });

  it(`finds each kind but ${FOUNDATION_KINDS.join(', ')} named in at most ${MAX_FILES_NAMING_A_KIND} files outside its folder`, async () => {
    const over = (await kindReferences())
      .filter(({ type, files }) => !FOUNDATION_KINDS.includes(type) && files.length > MAX_FILES_NAMING_A_KIND)
      .map(({ type, files }) => `${type} (${files.length}): ${files.join(', ')}`);
    expect(over, 'move what these files know about the kind into its folder (a spec property, its tfjs builder, its emitters)').toEqual([]);
  });
});
